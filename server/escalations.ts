/**
 * Escalation and hand-off (issue 17), pushed commands like decisions: the reviewer holding a
 * case passes it, with a note, to a supervisor or to another reviewer who decides its kind. The
 * lease passes with it — to the named person (a new epoch, online), or to nobody when the case
 * goes to every supervisor's escalated view (only a supervisor may claim it then) — and the
 * move is written to the decision log (`escalation` / `handoff`). The case gets a new version,
 * so a decision made on the version before the move meets it as a conflict.
 */
import { canDecide, refusal, type CaseEvent, type Escalation, type Refusal, type StaffMember, type StaffRef } from '../shared/domain';
import { ONLINE_LEASE_MS, type EscalationCommand, type KnownRejectCode, type PushResult } from '../shared/sync/protocol';
import type { CaseRow } from './cases';
import { leaseWindow, offlineTime, outOfBounds, recordHeld } from './lease-grants';
import { conflictOf, refusedWith } from './push-answers';
import type { PushBatch } from './push-batch';

/** Where an escalated case waits when no supervisor is named: nobody holds it, a supervisor claims it. */
export function awaitsSupervisor(row: Pick<CaseRow, 'escalation'>): boolean {
  if (!row.escalation || row.escalation === 'null') return false;
  const e = JSON.parse(row.escalation) as Escalation;
  return e.move === 'escalate' && e.to === null;
}

async function staffById(b: PushBatch, id: string): Promise<StaffMember | null> {
  const [s] = await b.tx.query<StaffMember>('SELECT id, name, role FROM staff WHERE id = $1', [id]);
  return s ?? null;
}

export async function applyEscalation(b: PushBatch, e: EscalationCommand): Promise<PushResult> {
  const { staff, now } = b;
  const refuse = (code: KnownRejectCode, r: Refusal): PushResult => refusedWith(e, code, r);
  const row = b.caseRow(e.caseId);
  if (!row || row.deleted) return refuse('not_found', refusal('case_not_found', { caseId: e.caseId }, `no case ${e.caseId}`));
  if (!canDecide(staff.role, row.kind)) {
    return refuse('forbidden', refusal('escalation_not_decider', { role: staff.role, caseKind: row.kind }, `a ${staff.role} does not decide a ${row.kind}, and so cannot escalate or hand it off`));
  }
  if (row.status === 'decided' || row.status === 'awaiting_approval') return conflictOf(row, e, 'already_decided', now);
  if (row.status === 'withdrawn') return refuse('case_closed', refusal('case_withdrawn', { caseId: row.id }, `case ${row.id} was withdrawn by the platform`));
  if (e.baseVersion !== row.version) return conflictOf(row, e, 'case_changed', now);
  // The lease the reviewer held when they moved the case, as for a decision.
  const grant = b.grant(row.id, e.leaseEpoch);
  if (e.leaseEpoch !== row.lease_epoch || !grant || grant.holderId !== staff.id || grant.endedBy === 'decision') {
    return { ...conflictOf(row, e, 'lease_lost', now), message: `leaseEpoch: you no longer hold case ${row.id} under epoch ${e.leaseEpoch}; only its holder passes it on` };
  }
  const late = outOfBounds(e.decidedAt, leaseWindow(grant, now), `the lease under which the case was moved (epoch ${e.leaseEpoch})`);
  if (late) return refuse('invalid', late);

  let to: StaffRef | null = null;
  if (e.toStaffId !== undefined) {
    const target = await staffById(b, e.toStaffId);
    if (!target) return refuse('not_found', refusal('escalation_target_unknown', { staffId: e.toStaffId }, `toStaffId: no staff member ${e.toStaffId}`));
    if (target.id === staff.id) return refuse('invalid', refusal('escalation_to_self', { staffId: target.id }, 'toStaffId: a case is passed to someone else'));
    if (e.move === 'escalate' && target.role !== 'supervisor') {
      return refuse('invalid', refusal('escalation_not_supervisor', { staffId: target.id, role: target.role }, `toStaffId: a case is escalated to a supervisor, and ${target.name} is a ${target.role}`));
    }
    if (!canDecide(target.role, row.kind)) {
      return refuse('invalid', refusal('handoff_cannot_decide', { staffId: target.id, role: target.role, caseKind: row.kind }, `toStaffId: ${target.name} is a ${target.role}, who does not decide a ${row.kind}`));
    }
    to = { id: target.id, name: target.name };
  }

  const by = { id: staff.id, name: staff.name };
  const escalation: Escalation = { move: e.move, by, at: now, ...(offlineTime(e.decidedAt, now).decidedOfflineAt !== undefined ? { movedOfflineAt: e.decidedAt } : {}), note: e.note, to };
  const event: CaseEvent = {
    at: now, actor: staff.name, event: e.move === 'escalate' ? 'escalated' : 'handed_off',
    detail: `${to ? `to ${to.name}` : 'to the supervisors'}: ${e.note}`.slice(0, 500),
  };
  const next: CaseRow = {
    ...row,
    version: row.version + 1,
    escalation: JSON.stringify(escalation),
    service_events: JSON.stringify([...(JSON.parse(row.service_events) as CaseEvent[]), event]),
    updated_at: now,
    lease_holder_id: to?.id ?? null,
    lease_holder_name: to?.name ?? null,
    lease_epoch: to ? row.lease_epoch + 1 : row.lease_epoch,
    lease_expires_at: to ? now + ONLINE_LEASE_MS : null,
    lease_mode: to ? 'online' : null,
  };
  b.writeCase(next);
  // The mover's lease ends here: nothing more is decided under it.
  b.endLease(row.id, e.leaseEpoch);
  if (to) await recordHeld(b.tx, [next], now);
  b.log({
    actor: by,
    action: e.move === 'escalate' ? 'escalation' : 'handoff',
    caseId: row.id,
    payload: {
      escalation, fromEpoch: e.leaseEpoch, epoch: to ? next.lease_epoch : null, clientId: b.clientId, mutationId: e.mutationId, baseVersion: e.baseVersion, caseVersion: next.version, consoleDecidedAt: e.decidedAt,
    },
  });
  return { status: 'accepted', decisionId: e.decisionId, mutationId: e.mutationId, caseVersion: next.version };
}
