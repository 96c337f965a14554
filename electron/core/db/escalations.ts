/**
 * SQL of my escalations and hand-offs (`my_escalations`, `escalation_outbox`) and of the
 * escalated cases a supervisor reviews. Mutation ids come from the decisions' sequence, so the
 * service applies moves and decisions in the order they were made.
 */
import type { ReadableDB, WritableDB } from './handles';
import { Case, Refusal, type Escalation } from '../../../shared/domain';
import { EscalationCommand, type PushResult } from '../../../shared/sync/protocol';

export type EscalationState = 'pending' | 'accepted' | 'conflict' | 'rejected';

export interface StoredEscalation {
  escalationId: string;
  caseId: string;
  command: EscalationCommand;
  state: EscalationState;
  message: string | null;
  refusals: Refusal[];
}

interface Row { escalation_id: string; case_id: string; command: string; state: EscalationState; message: string | null; refusals: string | null }
const toStored = (r: Row): StoredEscalation => ({
  escalationId: r.escalation_id, caseId: r.case_id, command: EscalationCommand.parse(JSON.parse(r.command)), state: r.state, message: r.message,
  refusals: r.refusals ? Refusal.array().parse(JSON.parse(r.refusals)) : [],
});

/** Writes the move and its outbox row. Call inside the transaction that took the mutation id. */
export function insertEscalationWithOutbox(db: WritableDB, staffId: string, command: EscalationCommand, now: number): void {
  db.prepare(`INSERT INTO my_escalations (escalation_id, mutation_id, case_id, staff_id, command, state) VALUES (?, ?, ?, ?, ?, 'pending')`)
    .run(command.decisionId, command.mutationId, command.caseId, staffId, JSON.stringify(command));
  db.prepare('INSERT INTO escalation_outbox (mutation_id, escalation_id, queued_at) VALUES (?, ?, ?)').run(command.mutationId, command.decisionId, now);
}

/** My latest move of a case, if any. */
export function myLatestEscalation(db: ReadableDB, caseId: string): StoredEscalation | null {
  const r = db.prepare('SELECT * FROM my_escalations WHERE case_id = ? ORDER BY mutation_id DESC LIMIT 1').get(caseId) as Row | undefined;
  return r ? toStored(r) : null;
}

/**
 * Records the service's answer to one pushed move and takes it off the outbox. A refused move
 * keeps its answer on the row (shown on the case); the case itself comes with the next pull.
 * Call inside the batch's transaction. False if it was no longer waiting.
 */
export function recordEscalationResult(db: WritableDB, result: PushResult, now: number): boolean {
  const waiting = db.prepare('DELETE FROM escalation_outbox WHERE escalation_id = ? AND mutation_id = ?').run(result.decisionId, result.mutationId).changes === 1;
  if (!waiting) return false;
  const message = result.status === 'accepted' ? null : result.message ?? result.status;
  const refusals = result.status === 'rejected' && result.refusals ? JSON.stringify(result.refusals) : null;
  db.prepare('UPDATE my_escalations SET state = ?, answered_at = ?, message = ?, refusals = ? WHERE escalation_id = ?')
    .run(result.status, now, message, refusals, result.decisionId);
  return true;
}

export interface EscalatedCase {
  case: Case;
  escalation: Escalation;
}

/** Open cases whose latest move sent them to the supervisors or to `staffId`, latest first. */
export function escalatedCases(db: ReadableDB, staffId: string): EscalatedCase[] {
  const rows = db.prepare(`SELECT body FROM case_bodies WHERE json_extract(body, '$.case.escalation.move') IS NOT NULL`).pluck().all() as string[];
  const out: EscalatedCase[] = [];
  for (const body of rows) {
    const c = Case.parse((JSON.parse(body) as { case: unknown }).case);
    const e = c.escalation;
    if (!e || c.status !== 'open') continue;
    if (e.to !== null && e.to.id !== staffId) continue;
    out.push({ case: c, escalation: e });
  }
  return out.sort((a, b) => b.escalation.at - a.escalation.at);
}
