/** SQL of the reviewer's own decisions, the outbox that pushes them, and the conflicts inbox. */
import type { ReadableDB, WritableDB } from './handles';
import type { Conflict, LocalDecision, LocalDecisionState } from '../../../shared/api';
import { z } from 'zod';
import { DecisionSummary, Refusal } from '../../../shared/domain';
import { ApprovalCommand, DecisionCommand, EscalationCommand, type PushResult } from '../../../shared/sync/protocol';
import { approvalConflictMine } from './approvals';
import { conflictMessage } from './conflict-text';
import { prepared } from './statements';

export interface StoredDecision {
  decisionId: string;
  mutationId: number;
  caseId: string;
  staffId: string;
  command: DecisionCommand;
  state: LocalDecisionState;
}

interface DecisionRow {
  decision_id: string; mutation_id: number; case_id: string; staff_id: string; command: string; state: LocalDecisionState;
}

const toStored = (r: DecisionRow): StoredDecision => ({
  decisionId: r.decision_id,
  mutationId: r.mutation_id,
  caseId: r.case_id,
  staffId: r.staff_id,
  command: DecisionCommand.parse(JSON.parse(r.command)),
  state: r.state,
});

export function toLocalDecision(d: StoredDecision): LocalDecision {
  const c = d.command;
  return { decisionId: d.decisionId, mutationId: d.mutationId, caseId: d.caseId, body: c.body, ruleRef: c.ruleRef, reason: c.reason, decidedAt: c.decidedAt, state: d.state };
}

/** Writes the decision and its outbox row. Call inside the transaction that took the mutation id. */
export function insertDecisionWithOutbox(db: WritableDB, staffId: string, command: DecisionCommand, now: number): void {
  db.prepare(`INSERT INTO my_decisions (decision_id, mutation_id, case_id, staff_id, command, decided_at, state)
    VALUES (?, ?, ?, ?, ?, ?, 'pending')`).run(command.decisionId, command.mutationId, command.caseId, staffId, JSON.stringify(command), command.decidedAt);
  db.prepare('INSERT INTO outbox (mutation_id, decision_id, queued_at) VALUES (?, ?, ?)').run(command.mutationId, command.decisionId, now);
}

export function getDecision(db: ReadableDB, decisionId: string): StoredDecision | null {
  const r = db.prepare('SELECT * FROM my_decisions WHERE decision_id = ?').get(decisionId) as DecisionRow | undefined;
  return r ? toStored(r) : null;
}

/** My most recent decision on a case that still matters (not withdrawn), if any. */
export function latestDecisionOnCase(db: ReadableDB, caseId: string): StoredDecision | null {
  const r = db.prepare(`SELECT * FROM my_decisions WHERE case_id = ? AND state <> 'withdrawn' ORDER BY mutation_id DESC LIMIT 1`).get(caseId) as DecisionRow | undefined;
  return r ? toStored(r) : null;
}

/** My most recent decision on a case in any state, for the case view. */
export function latestDecisionAnyState(db: ReadableDB, caseId: string): StoredDecision | null {
  const r = db.prepare('SELECT * FROM my_decisions WHERE case_id = ? ORDER BY mutation_id DESC LIMIT 1').get(caseId) as DecisionRow | undefined;
  return r ? toStored(r) : null;
}

/** Decisions and approvals waiting to be pushed. */
export function outboxSize(db: ReadableDB): number {
  return db.prepare('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM approval_outbox) + (SELECT count(*) FROM escalation_outbox)').pluck().get() as number;
}

/** The next commands to push, decisions and approvals together in mutation-id order. */
export type OutboxItem =
  | { type: 'decision'; command: DecisionCommand }
  | { type: 'approval'; command: ApprovalCommand }
  | { type: 'escalation'; command: EscalationCommand };

export function outboxItems(db: ReadableDB, limit: number): OutboxItem[] {
  const rows = db.prepare(`SELECT * FROM (
      SELECT o.mutation_id, 'decision' AS type, d.command FROM outbox o JOIN my_decisions d ON d.decision_id = o.decision_id
      UNION ALL
      SELECT o.mutation_id, 'approval' AS type, a.command FROM approval_outbox o JOIN my_approvals a ON a.approval_id = o.approval_id
      UNION ALL
      SELECT o.mutation_id, 'escalation' AS type, e.command FROM escalation_outbox o JOIN my_escalations e ON e.escalation_id = o.escalation_id
    ) ORDER BY mutation_id LIMIT ?`).all(limit) as { type: OutboxItem['type']; command: string }[];
  return rows.map((r): OutboxItem => {
    const json = JSON.parse(r.command) as unknown;
    if (r.type === 'decision') return { type: 'decision', command: DecisionCommand.parse(json) };
    if (r.type === 'approval') return { type: 'approval', command: ApprovalCommand.parse(json) };
    return { type: 'escalation', command: EscalationCommand.parse(json) };
  });
}

/**
 * Records the service's answer to one pushed decision and takes it off the outbox. Call inside
 * a transaction (one per batch). Returns false if the decision was no longer waiting (an answer
 * to a resend that was already recorded).
 */
export function recordPushResult(db: WritableDB, result: PushResult, now: number): boolean {
  const waiting = prepared(db, 'DELETE FROM outbox WHERE decision_id = ? AND mutation_id = ?').run(result.decisionId, result.mutationId).changes === 1;
  if (!waiting) return false;
  switch (result.status) {
    case 'accepted':
      // effect: in effect, or held for a supervisor (the case's state itself comes with the next pull).
      prepared(db, `UPDATE my_decisions SET state = 'accepted', answered_at = ?, accepted_version = ?, effect = ? WHERE decision_id = ?`)
        .run(now, result.caseVersion, result.effect ?? 'in_effect', result.decisionId);
      prepared(db, 'DELETE FROM my_leases WHERE case_id = (SELECT case_id FROM my_decisions WHERE decision_id = ?)').run(result.decisionId);
      break;
    case 'conflict': {
      prepared(db, `UPDATE my_decisions SET state = 'conflict', answered_at = ? WHERE decision_id = ?`).run(now, result.decisionId);
      const d = result.current.decision;
      const message = conflictMessage(result.reason, d, result.message);
      insertConflict(db, result.decisionId, 'conflict', result.reason, message, d ? JSON.stringify(d) : null, now);
      break;
    }
    case 'rejected':
      prepared(db, `UPDATE my_decisions SET state = 'rejected', answered_at = ? WHERE decision_id = ?`).run(now, result.decisionId);
      insertConflict(db, result.decisionId, 'rejected', result.code, result.message, null, now, result.refusals ?? null);
      break;
  }
  return true;
}

/** True if some open conflict does not yet know what stands on the server (checked once per page). */
export function conflictsAwaitingTheirs(db: ReadableDB): boolean {
  return db.prepare('SELECT 1 FROM conflicts WHERE resolution IS NULL AND theirs IS NULL LIMIT 1').get() !== undefined;
}

/**
 * A conflict answered before the winning decision existed (e.g. "lease lost" while the other
 * reviewer had not yet pushed) learns who decided, when and what once the feed brings the
 * decided case. Call inside the page's transaction.
 */
export function fillConflictTheirs(db: WritableDB, caseId: string, theirs: DecisionSummary): void {
  const open = db.prepare(`SELECT k.decision_id, k.reason, k.message FROM conflicts k JOIN my_decisions d ON d.decision_id = k.decision_id
    WHERE k.case_id = ? AND k.resolution IS NULL AND k.theirs IS NULL AND k.status = 'conflict' AND d.decision_id <> ?`).all(caseId, theirs.decisionId) as { decision_id: string; reason: string; message: string }[];
  for (const k of open) {
    // Without `theirs`, the stored message is the whole of it: for an unknown reason, the service's sentence.
    db.prepare('UPDATE conflicts SET theirs = ?, message = ? WHERE decision_id = ?').run(JSON.stringify(theirs), conflictMessage(k.reason, theirs, k.message), k.decision_id);
  }
}


function insertConflict(
  db: WritableDB, decisionId: string, status: 'conflict' | 'rejected', reason: string, message: string, theirs: string | null, now: number, refusals: Refusal[] | null = null,
): void {
  prepared(db, `INSERT INTO conflicts (decision_id, case_id, status, reason, message, theirs, received_at, refusals)
    SELECT decision_id, case_id, ?, ?, ?, ?, ?, ? FROM my_decisions WHERE decision_id = ?`).run(status, reason, message, theirs, now, refusals ? JSON.stringify(refusals) : null, decisionId);
}

/** A rejection's reasons as stored; a damaged or foreign entry is dropped (the message still shows). */
function storedRefusals(raw: string | null): Refusal[] {
  if (raw === null) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return [];
  }
  const parsed = z.array(Refusal).safeParse(json);
  return parsed.success ? parsed.data : [];
}

/** Takes a conflict out of the inbox (the record stays) and marks my decision withdrawn. */
export function resolveConflict(db: WritableDB, decisionId: string, resolution: 'withdrawn' | 'superseded', now: number): boolean {
  const changed = db.prepare('UPDATE conflicts SET resolution = ?, resolved_at = ? WHERE decision_id = ? AND resolution IS NULL').run(resolution, now, decisionId).changes;
  if (changed === 0) return false;
  db.prepare(`UPDATE my_decisions SET state = 'withdrawn' WHERE decision_id = ?`).run(decisionId);
  db.prepare(`UPDATE my_approvals SET state = 'withdrawn' WHERE approval_id = ?`).run(decisionId);
  return true;
}

export function unresolvedConflictCount(db: ReadableDB): number {
  return db.prepare('SELECT count(*) FROM conflicts WHERE resolution IS NULL').pluck().get() as number;
}

interface ConflictRow extends DecisionRow {
  status: 'conflict' | 'rejected'; reason: Conflict['reason']; message: string; theirs: string | null; received_at: number; refusals: string | null;
  title: string | null;
}

export function listConflicts(db: ReadableDB): Conflict[] {
  // An answer in the inbox is to one of my decisions or to one of my approvals (four-eyes).
  const rows = db.prepare(`SELECT k.decision_id, k.case_id, d.mutation_id, d.staff_id, d.command, d.state, k.status, k.reason, k.message, k.theirs, k.received_at, k.refusals, c.title
    FROM conflicts k JOIN my_decisions d ON d.decision_id = k.decision_id LEFT JOIN cases c ON c.id = k.case_id
    WHERE k.resolution IS NULL
    UNION ALL
    SELECT k.decision_id, k.case_id, a.mutation_id, a.staff_id, NULL, a.state, k.status, k.reason, k.message, k.theirs, k.received_at, k.refusals, c.title
    FROM conflicts k JOIN my_approvals a ON a.approval_id = k.decision_id LEFT JOIN cases c ON c.id = k.case_id
    WHERE k.resolution IS NULL
    ORDER BY received_at DESC, mutation_id DESC`).all() as (Omit<ConflictRow, 'command'> & { command: string | null })[];
  return rows.map((r) => {
    const mine = r.command === null ? approvalConflictMine(db, r.decision_id) : toLocalDecision(toStored({ ...r, command: r.command }));
    return {
      decisionId: r.decision_id,
      caseId: r.case_id,
      kind: mine.body.kind,
      caseTitle: r.title ?? '',
      mine,
      status: r.status,
      reason: r.reason,
      message: r.message,
      refusals: storedRefusals(r.refusals),
      theirs: r.theirs ? DecisionSummary.parse(JSON.parse(r.theirs)) : null,
      receivedAt: r.received_at,
    };
  });
}
