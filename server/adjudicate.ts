/**
 * The re-check of a decision against the rulebook version it cites (the service's current one
 * when it cites none): the shared judgement (`judgeDecision`: amounts, facts, clause, ladder,
 * rulebook, justification) of the case as the service knows it — an appeal with the contested
 * decision as recorded. Accepted, what it takes: whether it needs a supervisor's approval
 * first, and the ledger entries it writes when it takes effect.
 */
import { refusal, type AppealCase, type Case, type Refusal } from '../shared/domain';
import {
  contestedViolationOf, judgeDecision, ledgerEntries, reverseLedger, type ApprovalGround, type CaseFacts, type LedgerEntry, type Rulebook,
} from '../shared/rulebook';
import type { DecisionCommand } from '../shared/sync/protocol';
import type { DecisionRecord } from './decision-records';
import type { RulebookShelf } from './rulebooks';

export type Adjudication =
  | { ok: true; rulebook: Rulebook; facts: CaseFacts; departure: boolean; approvalGrounds: ApprovalGround[]; ledger: LedgerEntry[] }
  | { ok: false; message: string; refusals: Refusal[] };

/** What the service knows of the decision an appeal contests. */
export interface ContestedRecord {
  record: DecisionRecord;
  /** The ledger entries it wrote. */
  ledger: LedgerEntry[];
}

const refuse = (...refusals: Refusal[]): Adjudication => ({ ok: false, message: refusals.map((x) => x.message).join('; '), refusals });

/**
 * The appeal case with the contested decision as the service recorded it (decider, time,
 * penalty, clause, and the violation with the facts it was decided on), so a modification is
 * measured against what was actually imposed and the ladder works from what was established.
 */
export function appealAsRecorded(c: AppealCase, contested: DecisionRecord): AppealCase {
  const s = contested.summary;
  if (s.body.kind !== 'violation') return c;
  const input = contested.caseInput;
  const facts = contested.facts?.kind === 'violation' ? contested.facts : null;
  const violation = input.kind === 'violation' ? contestedViolationOf(input, facts) : c.detail.contested.violation;
  return {
    ...c,
    detail: {
      ...c.detail,
      contested: {
        ...c.detail.contested, caseId: contested.caseId, decidedBy: s.decidedBy, decidedAt: s.decidedAt, outcome: s.body.outcome, ruleRef: s.ruleRef,
        ...(violation ? { violation } : {}),
      },
    },
  };
}

export function adjudicate(c: Case, d: DecisionCommand, shelf: RulebookShelf, contested: ContestedRecord | null = null): Adjudication {
  const version = d.rulebookVersion ?? shelf.current.version;
  const rb = shelf.get(version);
  if (!rb) {
    return refuse(refusal('unknown_rulebook', { version, known: [...shelf.versions] }, `rulebookVersion: the case service does not know rulebook ${version} (it knows ${shelf.versions.join(', ')})`));
  }
  const judged = c.kind === 'appeal' && contested ? appealAsRecorded(c, contested.record) : c;
  const verdict = judgeDecision(judged, { body: d.body, ruleRef: d.ruleRef, justification: d.justification, facts: d.facts }, rb);
  if (!verdict.ok) return verdict;

  let ledger: LedgerEntry[];
  if (judged.kind === 'appeal' && d.body.kind === 'appeal' && d.body.outcome.type === 'overturn' && contested) {
    // Overturning undoes exactly what the contested decision wrote.
    ledger = reverseLedger(contested.ledger, d.ruleRef);
  } else {
    ledger = ledgerEntries(judged, d.body, rb, d.ruleRef);
  }
  return { ok: true, rulebook: rb, facts: verdict.facts, departure: verdict.departure, approvalGrounds: verdict.approvalGrounds, ledger };
}

/**
 * Why an appeal may not stand against the contested decision as recorded: it is not a penalty,
 * or not in effect. Null when it may be decided.
 */
export function contestedProblem(c: AppealCase, contested: DecisionRecord): Refusal | null {
  const s = contested.summary;
  const decisionId = contested.decisionId;
  if (s.body.kind !== 'violation') {
    return refusal('contested_not_penalty', { decisionId, decidedKind: s.body.kind }, `detail.contested.decisionId: decision ${decisionId} decided a ${s.body.kind}, not a violation penalty an appeal can contest`);
  }
  if (contested.state !== 'in_effect') {
    return refusal('contested_not_in_effect', { decisionId, state: contested.state }, `detail.contested.decisionId: decision ${decisionId} is not in effect (${contested.state.replace('_', ' ')}), so there is nothing to appeal`);
  }
  if (contested.caseId !== c.detail.contested.caseId) {
    return refusal('contested_other_case', { decisionId, caseId: contested.caseId, expectedCaseId: c.detail.contested.caseId },
      `detail.contested.caseId: decision ${decisionId} was made on case ${contested.caseId}, not ${c.detail.contested.caseId}`);
  }
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

