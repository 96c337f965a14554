/**
 * SQL of a supervisor's four-eyes verdicts: `my_approvals` (the command exactly as pushed, and
 * the held decision as the supervisor saw it) and `approval_outbox`. Mutation ids come from the
 * decisions' sequence, so the service applies both in the order they were made.
 */
import type { ReadableDB, WritableDB } from './handles';
import type { LocalDecision, LocalDecisionState } from '../../../shared/api';
import { DecisionSummary } from '../../../shared/domain';
import { ApprovalCommand, type DecisionEffect, type PushResult } from '../../../shared/sync/protocol';
import { conflictMessage } from './conflict-text';

export interface StoredApproval {
  approvalId: string;
  mutationId: number;
  caseId: string;
  staffId: string;
  command: ApprovalCommand;
  /** The held decision this answers, as the supervisor saw it. */
  held: DecisionSummary;
  state: LocalDecisionState;
  effect: DecisionEffect | null;
}

interface ApprovalRow {
  approval_id: string; mutation_id: number; case_id: string; staff_id: string; command: string; held: string; state: LocalDecisionState; effect: DecisionEffect | null;
}

const toStored = (r: ApprovalRow): StoredApproval => ({
  approvalId: r.approval_id,
  mutationId: r.mutation_id,
  caseId: r.case_id,
  staffId: r.staff_id,
  command: ApprovalCommand.parse(JSON.parse(r.command)),
  held: DecisionSummary.parse(JSON.parse(r.held)),
  state: r.state,
  effect: r.effect,
});

/**
 * An approval as the inbox shows it (`Conflict.mine` is a `LocalDecision`): the held decision's
 * body and clause, with the supervisor's own id, time, reason and state.
 */
export function approvalAsLocalDecision(a: StoredApproval): LocalDecision {
  return {
    decisionId: a.approvalId, mutationId: a.mutationId, caseId: a.caseId, body: a.held.body, ruleRef: a.held.ruleRef,
    reason: `${a.command.verdict === 'approve' ? 'Approve' : 'Reject'}: ${a.command.reason}`, decidedAt: a.command.decidedAt, state: a.state,
  };
}

/** Writes the approval and its outbox row. Call inside the transaction that took the mutation id. */
export function insertApprovalWithOutbox(db: WritableDB, staffId: string, command: ApprovalCommand, held: DecisionSummary, now: number): void {
  db.prepare(`INSERT INTO my_approvals (approval_id, mutation_id, case_id, held_decision_id, staff_id, command, held, decided_at, state)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`).run(
    command.decisionId, command.mutationId, command.caseId, command.heldDecisionId, staffId, JSON.stringify(command), JSON.stringify(held), command.decidedAt,
  );
  db.prepare('INSERT INTO approval_outbox (mutation_id, approval_id, queued_at) VALUES (?, ?, ?)').run(command.mutationId, command.decisionId, now);
}

export function getApproval(db: ReadableDB, approvalId: string): StoredApproval | null {
  const r = db.prepare('SELECT * FROM my_approvals WHERE approval_id = ?').get(approvalId) as ApprovalRow | undefined;
  return r ? toStored(r) : null;
}

/** My answer to a held decision that still stands (waiting to be sent, or accepted), if any. */
export function standingApprovalOf(db: ReadableDB, heldDecisionId: string): StoredApproval | null {
  const r = db.prepare(`SELECT * FROM my_approvals WHERE held_decision_id = ? AND state IN ('pending', 'accepted') ORDER BY mutation_id DESC LIMIT 1`)
    .get(heldDecisionId) as ApprovalRow | undefined;
  return r ? toStored(r) : null;
}

/**
 * Records the service's answer to one pushed approval and takes it off the outbox; conflicts
 * and rejections go to the inbox like a decision's. Call inside the batch's transaction.
 * False if it was no longer waiting (an answer to a resend already recorded).
 */
export function recordApprovalResult(db: WritableDB, result: PushResult, now: number): boolean {
  const waiting = db.prepare('DELETE FROM approval_outbox WHERE approval_id = ? AND mutation_id = ?').run(result.decisionId, result.mutationId).changes === 1;
  if (!waiting) return false;
  const insertConflict = (status: 'conflict' | 'rejected', reason: string, message: string, theirs: string | null, refusals: string | null = null) =>
    db.prepare(`INSERT INTO conflicts (decision_id, case_id, status, reason, message, theirs, received_at, refusals)
      SELECT approval_id, case_id, ?, ?, ?, ?, ?, ? FROM my_approvals WHERE approval_id = ?`).run(status, reason, message, theirs, now, refusals, result.decisionId);
  switch (result.status) {
    case 'accepted':
      db.prepare(`UPDATE my_approvals SET state = 'accepted', answered_at = ?, effect = ? WHERE approval_id = ?`).run(now, result.effect ?? null, result.decisionId);
      break;
    case 'conflict': {
      db.prepare(`UPDATE my_approvals SET state = 'conflict', answered_at = ? WHERE approval_id = ?`).run(now, result.decisionId);
      const d = result.current.decision;
      insertConflict('conflict', result.reason, conflictMessage(result.reason, d, result.message), d ? JSON.stringify(d) : null);
      break;
    }
    case 'rejected':
      db.prepare(`UPDATE my_approvals SET state = 'rejected', answered_at = ? WHERE approval_id = ?`).run(now, result.decisionId);
      insertConflict('rejected', result.code, result.message, null, result.refusals ? JSON.stringify(result.refusals) : null);
      break;
  }
  return true;
}

/** The `mine` of an inbox entry answering one of my approvals. */
export function approvalConflictMine(db: ReadableDB, approvalId: string): LocalDecision {
  const a = getApproval(db, approvalId);
  if (!a) throw new Error(`the inbox names approval ${approvalId}, which this console does not hold`);
  return approvalAsLocalDecision(a);
}
