/** The recommended outcome of a case, with the clauses and facts that produce it. */
import type { Case } from '../domain';
import { recommendAppeal } from './appeals';
import { recommendComplaint } from './complaints';
import type { CaseFacts } from './facts';
import { recommendRefund } from './refunds';
import type { Rulebook } from './schema';
import type { Recommendation } from './types';
import { recommendViolation } from './violations';

/** Throws when the facts are for another kind of case: that is a caller's bug, not a reviewer's choice. */
export function recommend(c: Case, facts: CaseFacts, rb: Rulebook): Recommendation {
  if (c.kind === 'violation' && facts.kind === 'violation') return recommendViolation(c, facts, rb);
  if (c.kind === 'refund_dispute' && facts.kind === 'refund_dispute') return recommendRefund(c, facts, rb);
  if (c.kind === 'merchant_complaint' && facts.kind === 'merchant_complaint') return recommendComplaint(c, facts, rb);
  if (c.kind === 'appeal' && facts.kind === 'appeal') return recommendAppeal(c, facts, rb);
  throw new Error(`facts for a ${facts.kind} case cannot be applied to a ${c.kind} case`);
}
