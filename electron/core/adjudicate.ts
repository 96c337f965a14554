/**
 * The console's side of adjudication by the rulebook: the recommendation for a case and the
 * same re-check the case service runs on every decision (`server/adjudicate.ts`), so a decision
 * the service would refuse is refused before it is queued, with the same words.
 */
import type { Case, DecisionBody } from '../../shared/domain';
import {
  approvalGrounds, checkDecision, defaultFacts, hasClause, recommend,
  type CaseFacts, type Recommendation, type Rulebook,
} from '../../shared/rulebook';

export interface DecisionCheck {
  ok: boolean;
  departure: boolean;
  violations: string[];
  needsApproval: boolean;
  approvalGrounds: string[];
}

export interface RecommendationView {
  recommendation: Recommendation;
  needsApproval: boolean;
  approvalGrounds: string[];
}

/** `facts` as given, or "nothing further established" for the case's kind. */
export function factsFor(c: Case, facts: CaseFacts | undefined): CaseFacts {
  return facts ?? defaultFacts(c.kind);
}

function factsProblem(c: Case, facts: CaseFacts): string | null {
  return facts.kind === c.kind ? null : `facts.kind: the facts are for a ${facts.kind}, and case ${c.id} is a ${c.kind}`;
}

export function recommendCase(c: Case, facts: CaseFacts, rb: Rulebook): RecommendationView {
  const problem = factsProblem(c, facts);
  if (problem) throw new RangeError(problem);
  const recommendation = recommend(c, facts, rb);
  const grounds = approvalGrounds(recommendation.body, rb).map((g) => g.ref);
  return { recommendation, needsApproval: grounds.length > 0, approvalGrounds: grounds };
}

/** What the service's re-check says about a decision body, before a rule is cited or a justification written. */
export function checkCaseDecision(c: Case, body: DecisionBody, facts: CaseFacts, rb: Rulebook): DecisionCheck {
  const grounds = approvalGrounds(body, rb).map((g) => g.ref);
  const base = { needsApproval: grounds.length > 0, approvalGrounds: grounds };
  const problem = factsProblem(c, facts);
  if (problem) return { ok: false, departure: false, violations: [problem], ...base };
  const check = checkDecision(c, body, facts, rb);
  if (!check.ok) return { ok: false, departure: false, violations: check.violations, ...base };
  return { ok: true, departure: check.departure, violations: [], ...base };
}

function outcomeText(body: DecisionBody): string {
  const { type, ...rest } = body.outcome as { type: string } & Record<string, unknown>;
  const detail = Object.entries(rest).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return detail ? `${type} (${detail})` : type;
}

export interface DecisionToJudge {
  body: DecisionBody;
  ruleRef: string;
  justification?: string;
  facts: CaseFacts;
}

/**
 * Null when the case service would accept the decision by `rb`; otherwise why not, in the
 * service's words: the field or the clause at fault.
 */
export function refusalOf(c: Case, d: DecisionToJudge, rb: Rulebook): string | null {
  const problem = factsProblem(c, d.facts);
  if (problem) return problem;
  if (!hasClause(rb, d.ruleRef)) return `ruleRef: rulebook ${rb.version} has no clause ${d.ruleRef}`;
  const check = checkDecision(c, d.body, d.facts, rb);
  if (!check.ok) return `breaks rulebook ${rb.version}: ${check.violations.join('; ')}`;
  if (check.departure && d.justification === undefined) {
    const r = check.recommended;
    return `justification: the decision departs from what rulebook ${rb.version} recommends for these facts (${outcomeText(r.body)} under ${r.ruleRef}); a departure needs a written justification`;
  }
  return null;
}
