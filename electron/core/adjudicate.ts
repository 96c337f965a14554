/**
 * The console's side of adjudication by the rulebook: the recommendation for a case, and the
 * answer of `case.check`. Both judge by the shared functions the case service re-checks with
 * (`judgedFacts`, `judgeDecision`), so a decision the service would refuse is refused here,
 * with the same codes and words, before it is queued (`decide.ts`).
 */
import type { Case, DecisionBody, Refusal } from '../../shared/domain';
import { approvalGrounds, judgeDecision, judgedFacts, recommend, type CaseFacts, type Recommendation, type Rulebook } from '../../shared/rulebook';

export interface DecisionCheck {
  ok: boolean;
  departure: boolean;
  violations: string[];
  refusals: Refusal[];
  needsApproval: boolean;
  approvalGrounds: string[];
}

export interface RecommendationView {
  recommendation: Recommendation;
  needsApproval: boolean;
  approvalGrounds: string[];
}

/** The recommendation for the facts stated (the defaults of the case's kind when none); RangeError for facts that do not fit the case. */
export function recommendCase(c: Case, facts: CaseFacts | undefined, rb: Rulebook): RecommendationView {
  const judged = judgedFacts(c, facts, rb);
  if ('refusal' in judged) throw new RangeError(judged.refusal.message);
  const recommendation = recommend(c, judged.facts, rb);
  const grounds = approvalGrounds(recommendation.body, rb).map((g) => g.ref);
  return { recommendation, needsApproval: grounds.length > 0, approvalGrounds: grounds };
}

/** What the service's re-check says about a decision body, before a rule is cited or a justification written. */
export function checkCaseDecision(c: Case, body: DecisionBody, facts: CaseFacts | undefined, rb: Rulebook): DecisionCheck {
  const grounds = approvalGrounds(body, rb).map((g) => g.ref);
  const base = { needsApproval: grounds.length > 0, approvalGrounds: grounds };
  const verdict = judgeDecision(c, { body, facts }, rb);
  if (!verdict.ok) return { ok: false, departure: false, violations: verdict.refusals.map((r) => r.message), refusals: verdict.refusals, ...base };
  return { ok: true, departure: verdict.departure, violations: [], refusals: [], ...base };
}
