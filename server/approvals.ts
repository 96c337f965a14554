/**
 * Four-eyes: a supervisor other than the decider answers a held decision. Approving makes it
 * take effect (case `decided`, its ledger entries written); rejecting sends the case back to
 * `open` with the supervisor's reason in its history and on the decision. Approvals are pushed
 * commands like decisions: applied at most once per (clientId, mutationId), answered the same
 * on a repeat, and conflict-checked against the decision's state. An approval needs no lease:
 * nobody can claim a case while its decision is held, and the approval is checked against that
 * held decision instead. It is timed by the service.
 */
import { refusal, type CaseEvent, type DecisionApproval, type DecisionSummary, type Refusal, type StaffMember } from '../shared/domain';
import { MAX_CLOCK_SKEW_MS, type ApprovalCommand, type KnownRejectCode, type PushResult } from '../shared/sync/protocol';
import type { Queryable } from './db/db';
import { liveLease, type CaseRow } from './cases';
import { answerHeldDecision, decisionRecord, type DecisionRecord } from './decision-records';
import { offlineTime, outOfBounds } from './lease-grants';
import { conflictOf, refusedWith, type Accepted, type Conflict, type Rejected } from './push-answers';
import type { PushBatch } from './push-batch';

type Judgement = { result: Rejected | Conflict } | { result: Accepted; row: CaseRow; held: DecisionRecord; grounds: string[] };

/** Judges an approval against its case as the batch has left it so far and, accepted, applies it to the batch. */
export async function applyApproval(b: PushBatch, a: ApprovalCommand): Promise<PushResult> {
  // The held decision may have been made earlier in this very batch.
  await b.flushRecords();
  const judged = await judge(b.tx, b.caseRow(a.caseId), b.staff, a, b.now);
  if ('held' in judged) await answer(b, judged, a);
  return judged.result;
}

async function judge(tx: Queryable, row: CaseRow | undefined, staff: StaffMember, a: ApprovalCommand, now: number): Promise<Judgement> {
  const refuse = (code: KnownRejectCode, r: Refusal): Judgement => ({ result: refusedWith(a, code, r) });
  if (staff.role !== 'supervisor') return refuse('forbidden', refusal('approval_supervisor_only', { role: staff.role }, `only a supervisor approves or rejects a held decision, not a ${staff.role}`));
  if (!row || row.deleted) return refuse('not_found', refusal('case_not_found', { caseId: a.caseId }, `no case ${a.caseId}`));
  // Locked with the case: two supervisors answering at once are serialized, the second sees the first's answer.
  const held = await decisionRecord(tx, a.heldDecisionId, { forUpdate: true });
  if (!held || held.caseId !== row.id) {
    return refuse('not_found', refusal('held_decision_not_found', { decisionId: a.heldDecisionId, caseId: row.id }, `heldDecisionId: no decision ${a.heldDecisionId} on case ${row.id}`));
  }
  if (held.decidedById === staff.id) {
    return refuse('forbidden', refusal('approval_own_decision', { decisionId: held.decisionId },
      `four-eyes: a held decision is approved or rejected by a supervisor other than the one who made it, and decision ${held.decisionId} is yours`));
  }
  const approval = held.summary.approval;
  if (approval === undefined) {
    return refuse('invalid', refusal('approval_not_needed', { decisionId: held.decisionId }, `heldDecisionId: decision ${held.decisionId} needed no approval; it took effect when it was made`));
  }
  if (approval.state !== 'pending' || held.state !== 'awaiting_approval') {
    // Answered already (by another supervisor, or by another command): what stands is that answer.
    return { result: { ...conflictOf(row, a, 'already_decided', now), current: { decision: held.summary, caseVersion: row.version, lease: liveLease(row, now) } } };
  }
  // No lease: a held case cannot be claimed. The console's time lies between the held decision and the service's clock.
  const late = outOfBounds(a.decidedAt, { earliestAt: held.recordedAt - MAX_CLOCK_SKEW_MS, latestAt: now + MAX_CLOCK_SKEW_MS }, `the time between the held decision ${held.decisionId} and now`);
  if (late) return refuse('invalid', late);
  const onCase = row.last_decision ? (JSON.parse(row.last_decision) as DecisionSummary).decisionId : null;
  if (row.status !== 'awaiting_approval' || onCase !== held.decisionId) return { result: conflictOf(row, a, 'case_changed', now) };
  const effect = a.verdict === 'approve' ? 'in_effect' : 'sent_back';
  return { result: { status: 'accepted', decisionId: a.decisionId, mutationId: a.mutationId, caseVersion: row.version + 1, effect }, row, held, grounds: approval.grounds };
}

async function answer(b: PushBatch, j: Extract<Judgement, { held: DecisionRecord }>, a: ApprovalCommand): Promise<void> {
  const { staff, now } = b;
  const { row, held } = j;
  const by = { id: staff.id, name: staff.name };
  const approve = a.verdict === 'approve';
  const approval: DecisionApproval = { state: approve ? 'approved' : 'rejected', grounds: j.grounds, by, at: now, ...offlineTime(a.decidedAt, now), reason: a.reason, approvalId: a.decisionId };
  const summary: DecisionSummary = { ...held.summary, approval };
  const event: CaseEvent = approve
    ? { at: now, actor: staff.name, event: 'approved', detail: `${held.summary.body.outcome.type} approved: ${a.reason}`.slice(0, 500) }
    : { at: now, actor: staff.name, event: 'approval_rejected', detail: `${held.summary.body.outcome.type} sent back: ${a.reason}`.slice(0, 500) };
  const next: CaseRow = {
    ...row,
    status: approve ? 'decided' : 'open',
    version: row.version + 1,
    last_decision: JSON.stringify(summary),
    service_events: JSON.stringify([...(JSON.parse(row.service_events) as CaseEvent[]), event]),
    updated_at: now,
  };
  b.writeCase(next);
  // Written at once: a later command of the batch reads the record from the database.
  await answerHeldDecision(b.tx, held.decisionId, { state: approve ? 'in_effect' : 'sent_back', approval, effectiveAt: approve ? now : null, at: now });
  const ledger = approve ? held.pendingLedger : [];
  b.writeLedger(ledger, { decisionId: held.decisionId, caseId: row.id, merchantId: held.caseInput.merchant.id, rulebookVersion: held.summary.rulebookVersion ?? null, at: now });
  b.log({
    actor: by,
    action: approve ? 'approval' : 'approval_rejection',
    caseId: row.id,
    payload: {
      verdict: a.verdict, heldDecisionId: held.decisionId, decidedBy: held.summary.decidedBy, approval, ledger, clientId: b.clientId, mutationId: a.mutationId, caseVersion: next.version, consoleDecidedAt: a.decidedAt,
    },
  });
}
