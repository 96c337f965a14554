/**
 * A supervisor's four-eyes verdict on a decision held for approval: checked against the
 * replicated case (the held decision must be the case's last, still pending, and not the
 * supervisor's own), then written with its outbox row in one transaction with the next mutation
 * id of the same sequence as decisions. Pushed and conflict-checked like a decision.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { StaffMember } from '../../shared/domain';
import { ApprovalCommand } from '../../shared/sync/protocol';
import { insertApprovalWithOutbox, standingApprovalOf } from './db/approvals';
import { getCase } from './db/cases';
import { takeMutationId } from './db/meta';
import { durably } from './decide';
import { ConsoleError } from './errors';
import { describeIssue } from './sync/feed';

export interface ApproveInput {
  caseId: string;
  heldDecisionId: string;
  verdict: 'approve' | 'reject';
  reason: string;
}

export function approveHeldDecision(db: Database.Database, staff: StaffMember, input: ApproveInput, now: number): { decisionId: string; mutationId: number } {
  return durably(db, () => db.transaction(() => {
    if (staff.role !== 'supervisor') throw new ConsoleError('forbidden', `only a supervisor approves or rejects a held decision, not a ${staff.role}`);
    const stored = getCase(db, input.caseId);
    if (!stored) throw new ConsoleError('not_found', `case ${input.caseId} is not in this console's queues`);
    const held = stored.case.lastDecision;
    if (held?.decisionId !== input.heldDecisionId) {
      throw new ConsoleError('not_found', `heldDecisionId: decision ${input.heldDecisionId} is not the decision on case ${input.caseId}`);
    }
    if (held.decidedBy.id === staff.id) {
      throw new ConsoleError('forbidden', `four-eyes: a held decision is approved or rejected by a supervisor other than the one who made it, and decision ${held.decisionId} is yours`);
    }
    if (held.approval === undefined) throw new ConsoleError('invalid_input', `heldDecisionId: decision ${held.decisionId} needed no approval; it took effect when it was made`);
    if (held.approval.state !== 'pending' || stored.case.status !== 'awaiting_approval') {
      const by = held.approval.state === 'pending' ? '' : ` by ${held.approval.by.name}`;
      throw new ConsoleError('conflict', `decision ${held.decisionId} is no longer awaiting approval: it was ${held.approval.state}${by}`);
    }
    const standing = standingApprovalOf(db, held.decisionId);
    if (standing) {
      throw new ConsoleError('conflict', standing.state === 'pending'
        ? `your answer to decision ${held.decisionId} is still waiting to be sent`
        : `you already answered decision ${held.decisionId} and the service accepted it`);
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
