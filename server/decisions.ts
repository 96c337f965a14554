/**
 * Decisions are commands, applied at most once per (clientId, mutationId) as part of a push
 * batch (push.ts). A decision is re-checked against the rulebook version it cites; one that
 * needs a supervisor is held (`awaiting_approval`) and takes effect only when another
 * supervisor approves it (approvals.ts).
 */
import { refusal, type AppealCase, type Refusal, type Case, type CaseEvent, type CaseInput, type DecisionSummary, type StaffMember } from '../shared/domain';
import type { DecisionCommand, KnownRejectCode, PushResult } from '../shared/sync/protocol';
import type { Queryable } from './db/db';
import { adjudicate, barredFromAppeal, contestedProblem, type Adjudication, type ContestedRecord } from './adjudicate';
import { caseOf, type CaseRow } from './cases';
import { citationProblem } from './evidence-citation';
import { appealOf, decisionRecord } from './decision-records';
import { asEntries, ledgerRecords } from './ledger';
import { leaseWindow, offlineTime, outOfBounds, type LeaseGrant } from './lease-grants';
import { capReturn, complaintContext, moneyTaken, remainingFen, type MoneyTaken } from './reversals';
import { conflictOf, refusedWith, rejected, type Accepted, type Conflict, type Rejected } from './push-answers';
import type { PushBatch } from './push-batch';
import type { RulebookShelf } from './rulebooks';

export interface DecisionContext {
  rulebooks: RulebookShelf;
  /** A cited photo match must be within this PDQ distance. */
  pdqMatchDistance: number;
}

type Judgement =
  | { result: Rejected | Conflict }
  | { result: Accepted; adjudication: Extract<Adjudication, { ok: true }>; contests: string | null };

/** Judges a decision against its case as the batch has left it so far and, accepted, applies it to the batch. */
export async function applyDecision(b: PushBatch, d: DecisionCommand, ctx: DecisionContext): Promise<PushResult> {
  const row = b.caseRow(d.caseId);
  const judged = await judge(b, row, d, ctx);
  if ('adjudication' in judged && row) accept(b, row, d, judged);
  return judged.result;
}

async function judge(b: PushBatch, row: CaseRow | undefined, d: DecisionCommand, ctx: DecisionContext): Promise<Judgement> {
  const { staff, now } = b;
  const refuse = (code: KnownRejectCode, ...refusals: Refusal[]): Judgement => ({ result: refusedWith(d, code, ...refusals) });
  if (!row || row.deleted) return refuse('not_found', refusal('case_not_found', { caseId: d.caseId }, `no case ${d.caseId}`));
  if (d.body.kind !== row.kind) {
    return refuse('invalid', refusal('decision_kind_mismatch', { caseKind: row.kind, decisionKind: d.body.kind }, `body.kind: case ${row.id} is a ${row.kind}, not a ${d.body.kind}`));
  }
  // A held decision stands until a supervisor answers it: a second decision meets it as already decided.
  if (row.status === 'decided' || row.status === 'awaiting_approval') return { result: conflictOf(row, d, 'already_decided', now) };
  if (row.status === 'withdrawn') return refuse('case_closed', refusal('case_withdrawn', { caseId: row.id }, `case ${row.id} was withdrawn by the platform`));
  if (d.baseVersion !== row.version) return { result: conflictOf(row, d, 'case_changed', now) };
  const lease = heldLease(b, row, d);
  if ('conflict' in lease) return { result: lease.conflict };
  const late = outOfBounds(d.decidedAt, leaseWindow(lease.grant, now), `the lease under which it was decided (epoch ${d.leaseEpoch})`);
  if (late) return refuse('invalid', late);
  const c: Case = caseOf(row);

  let contested: ContestedRecord | null = null;
  let judged: Case = c;
  let money: MoneyTaken | null = null;
  if (c.kind === 'appeal' || c.kind === 'merchant_complaint') {
    // The contested decision may have been made earlier in this very batch.
    await b.flushRecords();
  }
  if (c.kind === 'appeal') {
    const found = await appealContext(b.tx, c, staff, d);
    if ('refusal' in found) return { result: found.refusal };
    contested = found.contested;
    money = found.money;
  } else if (c.kind === 'merchant_complaint') {
    const found = await complaintContext(b.tx, c, staff, d);
    if ('refused' in found) return refuse(found.refused, found.refusal);
    judged = found.judged;
    money = 'money' in found ? found.money : null;
  }
  const unfounded = await citationProblem(b.tx, c, d.body, ctx.pdqMatchDistance);
  if (unfounded) return refuse('invalid', unfounded);
  const adjudication = adjudicate(judged, d, ctx.rulebooks, contested);
  if (!adjudication.ok) return { result: rejected(d, 'invalid', adjudication.message, adjudication.refusals) };
  // Never more back than the contested decision took, less what earlier reversals of it gave back.
  const bounded = money ? { ...adjudication, ledger: capReturn(adjudication.ledger, money.party, remainingFen(money)) } : adjudication;
  return {
    result: { status: 'accepted', decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: row.version + 1, effect: adjudication.approvalGrounds.length > 0 ? 'awaiting_approval' : 'in_effect' },
    adjudication: bounded,
    contests: c.kind === 'appeal' ? c.detail.contested.decisionId : c.kind === 'merchant_complaint' ? (c.detail.contested.decisionId ?? null) : null,
  };
}

/**
 * A decision carries the epoch of a lease its author held: online or an offline checkout, still
 * running, expired with nobody taking the case since, or released after deciding. Not a lease
 * someone else held, nor one nobody ever held (a released case keeps its epoch but has no
 * holder), nor one a decision already ended (a case a supervisor sent back is claimed afresh).
 */
function heldLease(b: PushBatch, row: CaseRow, d: DecisionCommand): { conflict: Conflict } | { grant: LeaseGrant } {
  const grant = b.grant(row.id, d.leaseEpoch);
  const lost = (message?: string): { conflict: Conflict } => ({ conflict: { ...conflictOf(row, d, 'lease_lost', b.now), ...(message ? { message } : {}) } });
  if (d.leaseEpoch !== row.lease_epoch) return lost();
  if (!grant || grant.holderId !== b.staff.id) {
    return lost(`leaseEpoch: you never held the claim on case ${row.id} under epoch ${d.leaseEpoch}; claim the case before deciding it`);
  }
  if (grant.endedBy === 'decision') return lost(`leaseEpoch: your claim on case ${row.id} under epoch ${d.leaseEpoch} ended with the decision made under it; claim the case again`);
  return { grant };
}

/**
 * An appeal is judged against the service's own record of the contested decision when it has
 * one (else against what the case says): never by the person who made it (or approved it),
 * only while that decision is in effect, and only once.
 */
async function appealContext(tx: Queryable, c: AppealCase, staff: StaffMember, d: DecisionCommand): Promise<{ refusal: Rejected } | { contested: ContestedRecord | null; money: MoneyTaken | null }> {
  // Locked: two appeals of one decision (on different appeal cases) are judged one after the other.
  const record = await decisionRecord(tx, c.detail.contested.decisionId, { forUpdate: true });
  const own = barredFromAppeal(c, record).find((b) => b.id === staff.id);
  if (own) {
    const decisionId = c.detail.contested.decisionId;
    const message = `an appeal is decided by someone other than who ${own.as} the contested decision ${decisionId} (${own.name})`;
    return { refusal: refusedWith(d, 'forbidden', refusal(own.as === 'approved' ? 'appeal_by_approver' : 'appeal_by_author', { decisionId, name: own.name }, message)) };
  }
  if (!record) return { contested: null, money: null };
  const problem = contestedProblem(c, record);
  if (problem) return { refusal: refusedWith(d, 'invalid', problem) };
  const earlier = await appealOf(tx, record.decisionId, d.decisionId);
  if (earlier) {
    return {
      refusal: refusedWith(d, 'invalid', refusal('already_appealed', { decisionId: record.decisionId, appealCaseId: earlier.caseId },
        `detail.contested.decisionId: decision ${record.decisionId} was already decided on appeal (decision ${earlier.decisionId}, case ${earlier.caseId})`)),
    };
  }
  const ledger = asEntries(await ledgerRecords(tx, { decisionId: record.decisionId }));
  const party = c.detail.appellant.type === 'creator' ? 'creator' : 'merchant';
  return { contested: { record, ledger }, money: await moneyTaken(tx, record, ledger, party, d.decisionId) };
}

/**
 * The case becomes decided (or awaiting approval), with its decision record, ledger entries
 * (only once in effect), history event, released lease, feed row and log entry, all written
 * with the batch.
 */
function accept(b: PushBatch, row: CaseRow, d: DecisionCommand, j: Extract<Judgement, { adjudication: unknown }>): void {
  const { staff, now } = b;
  const a = j.adjudication;
  const held = a.approvalGrounds.length > 0;
  const decidedBy = { id: staff.id, name: staff.name };
  const grounds = [...new Set(a.approvalGrounds.map((g) => g.ref))];
  const summary: DecisionSummary = {
    decisionId: d.decisionId, caseId: row.id, decidedBy, decidedAt: now, ...offlineTime(d.decidedAt, now), body: d.body, ruleRef: d.ruleRef, reason: d.reason,
    rulebookVersion: a.rulebook.version,
    departure: a.departure,
    ...(d.justification !== undefined ? { justification: d.justification } : {}),
    ...(held ? { approval: { state: 'pending' as const, grounds } } : {}),
  };
  const detail = `${d.body.outcome.type} under ${d.ruleRef}${a.departure ? ' (departs from the recommendation)' : ''}`;
  const event: CaseEvent = held
    ? { at: now, actor: staff.name, event: 'awaiting_approval', detail: `${detail}; needs a supervisor's approval (${grounds.join(', ')})`.slice(0, 500) }
    : { at: now, actor: staff.name, event: 'decided', detail: detail.slice(0, 500) };
  const next: CaseRow = {
    ...row,
    status: held ? 'awaiting_approval' : 'decided',
    version: row.version + 1,
    last_decision: JSON.stringify(summary),
    service_events: JSON.stringify([...(JSON.parse(row.service_events) as CaseEvent[]), event]),
    updated_at: now,
    lease_holder_id: null,
    lease_holder_name: null,
    lease_expires_at: null,
    lease_mode: null,
  };
  const input = JSON.parse(row.input) as CaseInput;
  b.writeCase(next);
  b.endLease(row.id, d.leaseEpoch);
  b.recordDecision({
    decisionId: d.decisionId, caseId: row.id, kind: row.kind, decidedById: staff.id, state: held ? 'awaiting_approval' : 'in_effect', summary, facts: a.facts,
    caseInput: input, pendingLedger: held ? a.ledger : [], recordedAt: now, effectiveAt: held ? null : now, contests: j.contests,
  });
  if (!held) b.writeLedger(a.ledger, { decisionId: d.decisionId, caseId: row.id, merchantId: input.merchant.id, rulebookVersion: a.rulebook.version, at: now });
  b.log({
    actor: decidedBy,
    action: 'decision',
    caseId: row.id,
    payload: {
      decision: summary, facts: a.facts, ledger: held ? [] : a.ledger, ...(held ? { heldForApproval: { grounds: a.approvalGrounds, ledgerOnApproval: a.ledger } } : {}),
      clientId: b.clientId, mutationId: d.mutationId, baseVersion: d.baseVersion, leaseEpoch: d.leaseEpoch, caseVersion: next.version, consoleDecidedAt: d.decidedAt,
    },
  });
  // An appeal's outcome has its own entry, so overturns are found without reading every decision.
  if (d.body.kind === 'appeal') {
    b.log({
      actor: decidedBy,
      action: 'appeal_outcome',
      caseId: row.id,
      payload: { appealDecisionId: d.decisionId, contestedDecisionId: j.contests, outcome: d.body.outcome, effect: held ? 'awaiting_approval' : 'in_effect' },
    });
  }
}
