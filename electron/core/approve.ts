/**
 * A supervisor's four-eyes verdict on a decision held for approval: checked against the
 * replicated case (the held decision must be the case's last, still pending, and not the
 * supervisor's own), then written with its outbox row in one transaction with the next mutation
 * id of the same sequence as decisions. Pushed and conflict-checked like a decision.
 */
import { randomUUID } from 'node:crypto';
import type { WritableDB } from './db/handles';
import { refusal, type StaffMember } from '../../shared/domain';
import { ApprovalCommand } from '../../shared/sync/protocol';
import { insertApprovalWithOutbox, standingApprovalOf } from './db/approvals';
import { getCase } from './db/cases';
import { takeMutationId } from './db/meta';
import { durably } from './decide';
import { ConsoleError, notInConsole, refused } from './errors';
import { describeIssue } from '../../shared/validation/issues';

export interface ApproveInput {
  caseId: string;
  heldDecisionId: string;
  verdict: 'approve' | 'reject';
  reason: string;
}

export function approveHeldDecision(db: WritableDB, staff: StaffMember, input: ApproveInput, now: number): { decisionId: string; mutationId: number } {
  return durably(db, () => db.transaction(() => {
    if (staff.role !== 'supervisor') {
      throw refused('forbidden', refusal('approval_supervisor_only', { role: staff.role }, `only a supervisor approves or rejects a held decision, not a ${staff.role}`));
    }
    const { caseId } = input;
    const stored = getCase(db, caseId);
    if (!stored) throw notInConsole(caseId);
    const held = stored.case.lastDecision;
    if (held?.decisionId !== input.heldDecisionId) {
      throw refused('not_found', refusal('held_decision_not_found', { decisionId: input.heldDecisionId, caseId },
        `heldDecisionId: decision ${input.heldDecisionId} is not the decision on case ${caseId}`));
    }
    if (held.decidedBy.id === staff.id) {
      throw refused('forbidden', refusal('approval_own_decision', { decisionId: held.decisionId },
        `four-eyes: a held decision is approved or rejected by a supervisor other than the one who made it, and decision ${held.decisionId} is yours`));
    }
    if (held.approval === undefined) {
      throw refused('invalid_input', refusal('approval_not_needed', { decisionId: held.decisionId },
        `heldDecisionId: decision ${held.decisionId} needed no approval; it took effect when it was made`));
    }
    if (held.approval.state !== 'pending') {
      const { state, by } = held.approval;
      throw refused('conflict', refusal('held_decision_answered', { caseId, verdict: state, name: by.name },
        `decision ${held.decisionId} is no longer awaiting approval: it was ${state} by ${by.name}`));
    }
    if (stored.case.status !== 'awaiting_approval') {
      throw refused('conflict', refusal('case_not_awaiting_approval', { caseId, status: stored.case.status },
        `decision ${held.decisionId} is no longer awaiting approval: it was ${held.approval.state}`));
    }
    const standing = standingApprovalOf(db, held.decisionId);
    if (standing?.state === 'pending') {
      throw refused('conflict', refusal('approval_waiting_to_send', { caseId }, `your answer to decision ${held.decisionId} is still waiting to be sent`));
    }
    if (standing) {
      throw refused('conflict', refusal('approval_already_accepted', { caseId }, `you already answered decision ${held.decisionId} and the service accepted it`));
    }
    const parsed = ApprovalCommand.safeParse({
      decisionId: randomUUID(),
      mutationId: takeMutationId(db),
      caseId: input.caseId,
      heldDecisionId: held.decisionId,
      verdict: input.verdict,
      decidedAt: now,
      reason: input.reason,
    });
    if (!parsed.success) {
      const { field, detail } = describeIssue(parsed.error);
      throw new ConsoleError('invalid_input', `case.approve: ${field ? `${field}: ` : ''}${detail}`);
    }
    insertApprovalWithOutbox(db, staff.id, parsed.data, held, now);
    return { decisionId: parsed.data.decisionId, mutationId: parsed.data.mutationId };
  }).immediate());
}
