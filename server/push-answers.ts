/**
 * The answers to pushed commands (decisions and approvals alike): each (clientId, mutationId)
 * is answered once, the answer stored with its effects and returned verbatim on a repeat.
 */
import { refusal, type DecisionSummary, type Refusal, type StaffMember } from '../shared/domain';
import type { PushResult } from '../shared/sync/protocol';
import { liveLease, type CaseRow } from './cases';
import type { Db, Queryable } from './db/db';

/** What every pushed command carries. */
export interface PushedCommand {
  decisionId: string;
  mutationId: number;
}

export type Rejected = Extract<PushResult, { status: 'rejected' }>;
export type Conflict = Extract<PushResult, { status: 'conflict' }>;
export type Accepted = Extract<PushResult, { status: 'accepted' }>;

/** A rejection: its English message, and (when given) the same reasons as codes for the console. */
export function rejected(d: PushedCommand, code: Rejected['code'], message: string, refusals: readonly Refusal[] = []): Rejected {
  return { status: 'rejected', decisionId: d.decisionId, mutationId: d.mutationId, code, message: message.slice(0, 1000), ...(refusals.length > 0 ? { refusals: refusals.slice(0, 20) } : {}) };
}

/** A rejection for reasons given as codes; the message is theirs, joined. */
export function refusedWith(d: PushedCommand, code: Rejected['code'], ...refusals: Refusal[]): Rejected {
  return rejected(d, code, refusals.map((r) => r.message).join('; '), refusals);
}

/** A conflict showing what stands on the case: its decision (with who, when, what), version and lease. */
export function conflictOf(row: CaseRow, cmd: PushedCommand, reason: Conflict['reason'], now: number): Conflict {
  return {
    status: 'conflict',
    decisionId: cmd.decisionId,
    mutationId: cmd.mutationId,
    reason,
    current: { decision: row.last_decision ? (JSON.parse(row.last_decision) as DecisionSummary) : null, caseVersion: row.version, lease: liveLease(row, now) },
  };
}

/** A client id belongs to the staff member who first pushed with it. */
export async function bindClient(db: Db, clientId: string, staffId: string): Promise<string | undefined> {
  await db.query(`INSERT INTO push_clients (client_id, staff_id, first_seen) VALUES ($1, $2, docket_now_ms()) ON CONFLICT (client_id) DO NOTHING`, [clientId, staffId]);
  const rows = await db.query<{ staff_id: string }>(`SELECT staff_id FROM push_clients WHERE client_id = $1`, [clientId]);
  return rows[0]?.staff_id;
}

/** The stored answer to this mutation, or a `duplicate_id` rejection when its ids were used for something else. */
export async function previousAnswer(tx: Queryable, clientId: string, d: PushedCommand): Promise<PushResult | null> {
  const rows = await tx.query<{ client_id: string; mutation_id: number; decision_id: string; answer: string }>(
    `SELECT client_id, mutation_id, decision_id, answer FROM push_answers WHERE (client_id = $1 AND mutation_id = $2) OR decision_id = $3`,
    [clientId, d.mutationId, d.decisionId],
  );
  const same = rows.find((r) => r.client_id === clientId.toLowerCase() && r.mutation_id === d.mutationId);
  if (same) {
    if (same.decision_id === d.decisionId.toLowerCase()) return JSON.parse(same.answer) as PushResult;
    return refusedWith(d, 'duplicate_id', refusal('mutation_reused', { mutationId: d.mutationId, decisionId: same.decision_id }, `mutation ${d.mutationId} of this client was already used for decision ${same.decision_id}`));
  }
  const other = rows[0];
  if (other) {
    return refusedWith(d, 'duplicate_id', refusal('decision_id_reused', { decisionId: d.decisionId, mutationId: other.mutation_id }, `decision ${d.decisionId} was already sent as mutation ${other.mutation_id} of client ${other.client_id}`));
  }
  return null;
}

/**
 * Stores the answer in the transaction that applied its effects. A concurrent duplicate that got
 * here first makes this insert fail; the transaction then runs again and finds that answer.
 */
export async function storeAnswer(tx: Queryable, clientId: string, d: PushedCommand, staff: StaffMember, result: PushResult, now: number): Promise<void> {
  await tx.query(
    `INSERT INTO push_answers (client_id, mutation_id, decision_id, staff_id, answer, at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [clientId, d.mutationId, d.decisionId, staff.id, JSON.stringify(result), now],
  );
}
