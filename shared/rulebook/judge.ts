/**
 * The one judgement of a decision by a rulebook version: the decision form runs it as the
 * reviewer edits, the console runs it before a decision is queued (and for `case.check`), the
 * case service runs it on every decision it is sent. What needs a database — which versions
 * exist, the contested decision as recorded, leases, state, ledger — stays with the caller,
 * which passes the case as it judges it (an appeal with its contested decision filled in).
 */
import { refusal, type Case, type DecisionBody, type Refusal } from '../domain';
import { ladderFacts } from './contested';
import { approvalGrounds } from './approval';
import { checkDecision } from './check';
import { hasClause } from './clauses';
import { defaultFacts, type CaseFacts } from './facts';
import { amountRefusal } from './limits';
import type { Rulebook } from './schema';
import type { ApprovalGround, Recommendation } from './types';

export interface DecisionToJudge {
  body: DecisionBody;
  /**
   * The clause the decision cites. Absent while the decision is still being written (the
   * form's live check, `case.check`): no clause is checked, and a departure from the
   * recommendation is reported rather than refused, since its justification comes next.
   */
  ruleRef?: string;
  /** The written justification of a departure. */
  justification?: string;
  /** What the reviewer established; "nothing further established" for the case's kind when absent. */
  facts?: CaseFacts;
}

export type Judgement =
  | {
    ok: true;
    /** The facts the rulebook worked from (for an appeal, with the ladder's outcome for the contested violation). */
    facts: CaseFacts;
    /** The decision differs from the recommendation. */
    departure: boolean;
    recommended: Recommendation;
    /** Why it needs a supervisor's approval before it takes effect; empty when it takes effect at once. */
    approvalGrounds: ApprovalGround[];
  }
  | {
    ok: false;
    /** The refusals in one English sentence (the field or clause at fault). */
    message: string;
    refusals: Refusal[];
  };

const refuse = (...refusals: Refusal[]): Judgement => ({ ok: false, message: refusals.map((r) => r.message).join('; '), refusals });

/** An outcome as a short English phrase: `fine (amountFen 30000)`. */
function outcomeText(body: DecisionBody): string {
  const { type, ...rest } = body.outcome as { type: string } & Record<string, unknown>;
  const detail = Object.entries(rest).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return detail ? `${type} (${detail})` : type;
}

/**
 * The facts the rulebook works from: those stated (the defaults of the case's kind when none),
 * which must be of the case's kind, and for an appeal `rulebookOutcome` from the ladder for the
 * contested violation (`ladderFacts`).
 */
export function judgedFacts(c: Case, stated: CaseFacts | undefined, rb: Rulebook): { facts: CaseFacts } | { refusal: Refusal } {
  const facts = stated ?? defaultFacts(c.kind);
  if (facts.kind !== c.kind) {
    return { refusal: refusal('facts_kind_mismatch', { factsKind: facts.kind, caseKind: c.kind }, `facts.kind: the facts are for a ${facts.kind}, and case ${c.id} is a ${c.kind}`) };
  }
  return c.kind === 'appeal' ? ladderFacts(c, facts, rb) : { facts };
}

/**
 * Judges decision `d` on case `c` by rulebook `rb`, in this order, stopping at the first
 * that fails: the amounts the case bounds, the cited clause, the facts (their kind, and the ladder
 * for an appeal), the rulebook's own check, and a departure's justification.
 */
export function judgeDecision(c: Case, d: DecisionToJudge, rb: Rulebook): Judgement {
  const amount = amountRefusal(c, d.body);
  if (amount) return refuse(amount);
  if (d.ruleRef !== undefined && !hasClause(rb, d.ruleRef)) {
    return refuse(refusal('unknown_clause', { version: rb.version, ruleRef: d.ruleRef }, `ruleRef: rulebook ${rb.version} has no clause ${d.ruleRef}`));
  }
  const derived = judgedFacts(c, d.facts, rb);
  if ('refusal' in derived) return refuse(derived.refusal);
  const facts = derived.facts;
  const check = checkDecision(c, d.body, facts, rb);
  if (!check.ok) return { ok: false, message: `breaks rulebook ${rb.version}: ${check.violations.join('; ')}`, refusals: check.refusals };
  if (check.departure && d.ruleRef !== undefined && d.justification === undefined) {
    const r = check.recommended;
    return refuse(refusal('departure_unjustified', { version: rb.version, recommended: r.body, ruleRef: r.ruleRef },
      `justification: the decision departs from what rulebook ${rb.version} recommends for these facts (${outcomeText(r.body)} under ${r.ruleRef}); a departure needs a written justification`));
  }
  return { ok: true, facts, departure: check.departure, recommended: check.recommended, approvalGrounds: approvalGrounds(d.body, rb) };
}

/** What the rulebook says of a decision body still being written (the answer of `case.check`). */
export interface DraftJudgement {
  ok: boolean;
  departure: boolean;
  /** The refusals in English (the service's words). */
  violations: string[];
  refusals: Refusal[];
  needsApproval: boolean;
  approvalGrounds: string[];
}

/**
 * `judgeDecision` of a body before a clause is cited or a justification written, with the
 * approval grounds it would need: the form's live check and `case.check`.
 */
export function judgeDraft(c: Case, body: DecisionBody, facts: CaseFacts | undefined, rb: Rulebook): DraftJudgement {
  const grounds = approvalGrounds(body, rb).map((g) => g.ref);
  const base = { needsApproval: grounds.length > 0, approvalGrounds: grounds };
  const judgement = judgeDecision(c, { body, facts }, rb);
  if (!judgement.ok) return { ok: false, departure: false, violations: judgement.refusals.map((r) => r.message), refusals: judgement.refusals, ...base };
  return { ok: true, departure: judgement.departure, violations: [], refusals: [], ...base };
}
