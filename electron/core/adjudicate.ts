/**
 * The recommendation for a case, from the facts as the shared `judgedFacts` derives them for
 * the case service's re-check too. Decisions are judged by the shared `judgeDecision`
 * (`case.check` by `judgeDraft`, `case.decide` in `decide.ts` before anything is queued).
 */
import type { Case } from '../../shared/domain';
import { approvalGrounds, judgedFacts, recommend, type CaseFacts, type Recommendation, type Rulebook } from '../../shared/rulebook';

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
