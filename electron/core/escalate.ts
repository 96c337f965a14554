/**
 * `case.escalate`: the reviewer holding a case passes it, with a note, to the supervisors (or a
 * named supervisor) or to another reviewer. Written like a decision — the command with its
 * outbox row, the next mutation id of the one sequence, in one durable transaction — so it works
 * offline and is pushed, at most once, when the service is back. The reviewer's lease is given up
 * locally at once: the case is no longer theirs to decide, whatever the service answers.
 */
import { randomUUID } from 'node:crypto';
import { canDecide, refusal, type EscalationMove, type StaffMember } from '../../shared/domain';
import { EscalationCommand } from '../../shared/sync/protocol';
import { describeIssue } from '../../shared/validation/issues';
import type { WritableDB } from './db/handles';
import { getCase } from './db/cases';
import { insertEscalationWithOutbox } from './db/escalations';
import { dropMyLease, getMyLease } from './db/leases';
import { takeMutationId } from './db/meta';
import { durably } from './decide';
import { ConsoleError, notInConsole, refused } from './errors';

export interface EscalateInput {
  caseId: string;
  move: EscalationMove;
  toStaffId?: string | undefined;
  note: string;
}

export function escalateCase(db: WritableDB, staff: StaffMember, input: EscalateInput, now: number): { escalationId: string; mutationId: number } {
  return durably(db, () => db.transaction(() => {
    const stored = getCase(db, input.caseId);
    if (!stored) throw notInConsole(input.caseId);
    const c = stored.case;
    if (!canDecide(staff.role, c.kind)) {
      throw refused('forbidden', refusal('escalation_not_decider', { role: staff.role, caseKind: c.kind }, `a ${staff.role} does not decide a ${c.kind}, and so cannot escalate or hand it off`));
    }
    if (c.status !== 'open') {
      throw refused('conflict', refusal('escalation_case_not_open', { caseId: c.id, status: c.status }, `case ${c.id} is ${c.status}; only an open case is escalated or handed off`));
    }
    const lease = getMyLease(db, c.id);
    if (!lease || lease.expiresAt <= now) {
      throw refused('forbidden', refusal('escalation_needs_lease', { caseId: c.id }, `claim case ${c.id} first: only the reviewer holding a case passes it on`));
    }
    if (input.toStaffId === staff.id) throw refused('invalid_input', refusal('escalation_to_self', { staffId: staff.id }, 'toStaffId: a case is passed to someone else'));
    const parsed = EscalationCommand.safeParse({
      decisionId: randomUUID(), mutationId: takeMutationId(db), caseId: c.id, baseVersion: c.version, leaseEpoch: lease.epoch, decidedAt: now,
      move: input.move, ...(input.toStaffId ? { toStaffId: input.toStaffId } : {}), note: input.note,
    });
    if (!parsed.success) {
      const { field, detail } = describeIssue(parsed.error);
      throw new ConsoleError('invalid_input', `case.escalate: ${field ? `${field}: ` : ''}${detail}`);
    }
    insertEscalationWithOutbox(db, staff.id, parsed.data, now);
    dropMyLease(db, c.id);
    return { escalationId: parsed.data.decisionId, mutationId: parsed.data.mutationId };
  }).immediate());
}
