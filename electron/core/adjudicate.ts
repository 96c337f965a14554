/**
 * The console's side of adjudication by the rulebook: the recommendation for a case and the
 * same re-check the case service runs on every decision (`server/adjudicate.ts`), so a decision
 * the service would refuse is refused before it is queued, with the same codes and words.
 */
import { refusal, type Case, type DecisionBody, type Refusal } from '../../shared/domain';
import {
  approvalGrounds, checkDecision, defaultFacts, hasClause, ladderFacts, recommend,
  type CaseFacts, type Recommendation, type Rulebook,
} from '../../shared/rulebook';

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

/** Why the console (and the service) would refuse a decision: in English, and as codes. */
export interface Refused {
  message: string;
  refusals: Refusal[];
}

const refused = (...refusals: Refusal[]): Refused => ({ message: refusals.map((r) => r.message).join('; '), refusals });

/** `facts` as given, or "nothing further established" for the case's kind. */
export function factsFor(c: Case, facts: CaseFacts | undefined): CaseFacts {
  return facts ?? defaultFacts(c.kind);
}

function factsProblem(c: Case, facts: CaseFacts): Refusal | null {
  if (facts.kind === c.kind) return null;
  return refusal('facts_kind_mismatch', { factsKind: facts.kind, caseKind: c.kind }, `facts.kind: the facts are for a ${facts.kind}, and case ${c.id} is a ${c.kind}`);
}

/**
 * The facts the rulebook works from, as the service derives them: for an appeal,
 * `rulebookOutcome` from the ladder for the contested violation (`ladderFacts`).
 */
export function judgedFacts(c: Case, facts: CaseFacts, rb: Rulebook): { facts: CaseFacts } | { refusal: Refusal } {
  const problem = factsProblem(c, facts);
  if (problem) return { refusal: problem };
  return c.kind === 'appeal' ? ladderFacts(c, facts, rb) : { facts };
}

export function recommendCase(c: Case, facts: CaseFacts, rb: Rulebook): RecommendationView {
  const judged = judgedFacts(c, facts, rb);
  if ('refusal' in judged) throw new RangeError(judged.refusal.message);
  const recommendation = recommend(c, judged.facts, rb);
  const grounds = approvalGrounds(recommendation.body, rb).map((g) => g.ref);
  return { recommendation, needsApproval: grounds.length > 0, approvalGrounds: grounds };
}

/** What the service's re-check says about a decision body, before a rule is cited or a justification written. */
export function checkCaseDecision(c: Case, body: DecisionBody, facts: CaseFacts, rb: Rulebook): DecisionCheck {
  const grounds = approvalGrounds(body, rb).map((g) => g.ref);
  const base = { needsApproval: grounds.length > 0, approvalGrounds: grounds };
  const judged = judgedFacts(c, facts, rb);
  if ('refusal' in judged) return { ok: false, departure: false, violations: [judged.refusal.message], refusals: [judged.refusal], ...base };
  const check = checkDecision(c, body, judged.facts, rb);
  if (!check.ok) return { ok: false, departure: false, violations: check.violations, refusals: check.refusals, ...base };
  return { ok: true, departure: check.departure, violations: [], refusals: [], ...base };
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
 * The facts the decision is judged by when the case service would accept it by `rb`; otherwise
 * why not, in the service's words and codes: the field or the clause at fault.
 */
export function judgeDecision(c: Case, d: DecisionToJudge, rb: Rulebook): { ok: true; facts: CaseFacts } | { ok: false; refused: Refused } {
  const no = (r: Refused) => ({ ok: false as const, refused: r });
  const judged = judgedFacts(c, d.facts, rb);
  if ('refusal' in judged) return no(refused(judged.refusal));
  if (!hasClause(rb, d.ruleRef)) return no(refused(refusal('unknown_clause', { version: rb.version, ruleRef: d.ruleRef }, `ruleRef: rulebook ${rb.version} has no clause ${d.ruleRef}`)));
  const check = checkDecision(c, d.body, judged.facts, rb);
  if (!check.ok) return no({ message: `breaks rulebook ${rb.version}: ${check.violations.join('; ')}`, refusals: check.refusals });
  if (check.departure && d.justification === undefined) {
    const r = check.recommended;
    return no(refused(refusal('departure_unjustified', { version: rb.version, recommended: r.body, ruleRef: r.ruleRef },
      `justification: the decision departs from what rulebook ${rb.version} recommends for these facts (${outcomeText(r.body)} under ${r.ruleRef}); a departure needs a written justification`)));
  }
  return { ok: true, facts: judged.facts };
}
