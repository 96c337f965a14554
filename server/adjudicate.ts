/**
 * The re-check of a decision against the rulebook version it cites (the service's current one
 * when it cites none), with the facts it states (`defaultFacts` when none): refused when it
 * breaks the rulebook or cites a clause the rulebook lacks, refused when it departs from the
 * recommendation without a written justification; otherwise what it takes: whether it needs
 * a supervisor's approval first, and the ledger entries it writes when it takes effect.
 */
import type { AppealCase, Case } from '../shared/domain';
import {
  approvalGrounds, checkDecision, defaultFacts, hasClause, ledgerEntries, reverseLedger, type Breach, type CaseFacts, type LedgerEntry, type Rulebook,
} from '../shared/rulebook';
import type { DecisionCommand } from '../shared/sync/protocol';
import type { DecisionRecord } from './decision-records';
import type { RulebookShelf } from './rulebooks';

export type Adjudication =
  | { ok: true; rulebook: Rulebook; facts: CaseFacts; departure: boolean; approvalGrounds: Breach[]; ledger: LedgerEntry[] }
  | { ok: false; message: string };

/** What the service knows of the decision an appeal contests. */
export interface ContestedRecord {
  record: DecisionRecord;
  /** The ledger entries it wrote. */
  ledger: LedgerEntry[];
}

const refuse = (message: string): Adjudication => ({ ok: false, message });

function recommendedText(body: { kind: string; outcome: Record<string, unknown> & { type: string } }): string {
  const { type, ...rest } = body.outcome;
  const detail = Object.entries(rest).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return detail ? `${type} (${detail})` : type;
}

/**
 * The appeal case with the contested decision as the service recorded it (decider, time,
 * penalty and clause), so a modification is measured against what was actually imposed.
 */
export function appealAsRecorded(c: AppealCase, contested: DecisionRecord): AppealCase {
  const s = contested.summary;
  if (s.body.kind !== 'violation') return c;
  return {
    ...c,
    detail: { ...c.detail, contested: { ...c.detail.contested, caseId: contested.caseId, decidedBy: s.decidedBy, decidedAt: s.decidedAt, outcome: s.body.outcome, ruleRef: s.ruleRef } },
  };
}

export function adjudicate(c: Case, d: DecisionCommand, shelf: RulebookShelf, contested: ContestedRecord | null = null): Adjudication {
  const version = d.rulebookVersion ?? shelf.current.version;
  const rb = shelf.get(version);
  if (!rb) return refuse(`rulebookVersion: the case service does not know rulebook ${version} (it knows ${shelf.versions.join(', ')})`);
  const facts = d.facts ?? defaultFacts(c.kind);
  if (facts.kind !== c.kind) return refuse(`facts.kind: the facts are for a ${facts.kind}, and case ${c.id} is a ${c.kind}`);
  if (!hasClause(rb, d.ruleRef)) return refuse(`ruleRef: rulebook ${rb.version} has no clause ${d.ruleRef}`);

  const judged = c.kind === 'appeal' && contested ? appealAsRecorded(c, contested.record) : c;
  const check = checkDecision(judged, d.body, facts, rb);
  if (!check.ok) return refuse(`breaks rulebook ${rb.version}: ${check.violations.join('; ')}`);
  if (check.departure && d.justification === undefined) {
    const r = check.recommended;
    return refuse(`justification: the decision departs from what rulebook ${rb.version} recommends for these facts (${recommendedText(r.body)} under ${r.ruleRef}); a departure needs a written justification`);
  }

  let ledger: LedgerEntry[];
  if (judged.kind === 'appeal' && d.body.kind === 'appeal' && d.body.outcome.type === 'overturn' && contested) {
    // Overturning undoes exactly what the contested decision wrote.
    ledger = reverseLedger(contested.ledger, d.ruleRef);
  } else {
    ledger = ledgerEntries(judged, d.body, rb, d.ruleRef);
  }
  return { ok: true, rulebook: rb, facts, departure: check.departure, approvalGrounds: approvalGrounds(d.body, rb), ledger };
}

/**
 * Why an appeal may not stand against the contested decision as recorded: it is not a penalty,
 * or not in effect. Null when it may be decided.
 */
export function contestedProblem(c: AppealCase, contested: DecisionRecord): string | null {
  const s = contested.summary;
  if (s.body.kind !== 'violation') return `detail.contested.decisionId: decision ${contested.decisionId} decided a ${s.body.kind}, not a violation penalty an appeal can contest`;
  if (contested.state !== 'in_effect') return `detail.contested.decisionId: decision ${contested.decisionId} is not in effect (${contested.state.replace('_', ' ')}), so there is nothing to appeal`;
  if (contested.caseId !== c.detail.contested.caseId) return `detail.contested.caseId: decision ${contested.decisionId} was made on case ${contested.caseId}, not ${c.detail.contested.caseId}`;
  return null;
}

/** Who may not decide an appeal: the contested decision's author, and the supervisor who approved it. */
export function barredFromAppeal(c: AppealCase, contested: DecisionRecord | null): Array<{ id: string; name: string; as: string }> {
  if (!contested) return [{ ...c.detail.contested.decidedBy, as: 'made' }];
  const barred = [{ ...contested.summary.decidedBy, as: 'made' }];
  const approval = contested.summary.approval;
  if (approval?.state === 'approved') barred.push({ ...approval.by, as: 'approved' });
  return barred;
}

