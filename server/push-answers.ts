/**
 * The answers to pushed commands (decisions and approvals alike): each (clientId, mutationId)
 * is answered once, the answer stored with its effects and returned verbatim on a repeat.
 */
import { createHash } from 'node:crypto';
import { refusal, type DecisionSummary, type Refusal, type StaffMember } from '../shared/domain';
import type { KnownConflictReason, KnownRejectCode, PushResult } from '../shared/sync/protocol';
import { inBatches, liveLease, type CaseRow } from './cases';
import type { Db, Queryable } from './db/db';

/** What every pushed command carries. */
export interface PushedCommand {
  decisionId: string;
  mutationId: number;
}

/** JSON with every object's keys in sorted order, so equal commands give equal text whatever order their fields came in. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The sha256 of a command as validated (its type, decision or approval, included): what its ids were used for. */
export function commandSha256(type: 'decision' | 'approval' | 'escalation', command: PushedCommand): string {
  return createHash('sha256').update(canonicalJson({ type, command })).digest('hex');
}

export type Rejected = Extract<PushResult, { status: 'rejected' }>;
export type Conflict = Extract<PushResult, { status: 'conflict' }>;
export type Accepted = Extract<PushResult, { status: 'accepted' }>;

/** A rejection: its English message, and (when given) the same reasons as codes for the console. */
export function rejected(d: PushedCommand, code: KnownRejectCode, message: string, refusals: readonly Refusal[] = []): Rejected {
  return { status: 'rejected', decisionId: d.decisionId, mutationId: d.mutationId, code, message: message.slice(0, 1000), ...(refusals.length > 0 ? { refusals: refusals.slice(0, 20) } : {}) };
}

/** A rejection for reasons given as codes; the message is theirs, joined. */
export function refusedWith(d: PushedCommand, code: KnownRejectCode, ...refusals: Refusal[]): Rejected {
  return rejected(d, code, refusals.map((r) => r.message).join('; '), refusals);
}

const CONFLICT_MESSAGES: Record<KnownConflictReason, (caseId: string) => string> = {
  already_decided: (caseId) => `case ${caseId} was already decided`,
  case_changed: (caseId) => `case ${caseId} changed after the version the decision was made on`,
  lease_lost: (caseId) => `the claim on case ${caseId} had ended or passed to someone else`,
};

/** A conflict showing what stands on the case: its decision (with who, when, what), version and lease. */
export function conflictOf(row: CaseRow, cmd: PushedCommand, reason: KnownConflictReason, now: number): Conflict {
  return {
    status: 'conflict',
    decisionId: cmd.decisionId,
    mutationId: cmd.mutationId,
    reason,
    message: CONFLICT_MESSAGES[reason](row.id),
    current: { decision: row.last_decision ? (JSON.parse(row.last_decision) as DecisionSummary) : null, caseVersion: row.version, lease: liveLease(row, now) },
  };
}

/** A client id belongs to the staff member who first pushed with it. */
export async function bindClient(db: Db, clientId: string, staffId: string): Promise<string | undefined> {
  await db.query(`INSERT INTO push_clients (client_id, staff_id, first_seen) VALUES ($1, $2, docket_now_ms()) ON CONFLICT (client_id) DO NOTHING`, [clientId, staffId]);
  const rows = await db.query<{ staff_id: string }>(`SELECT staff_id FROM push_clients WHERE client_id = $1`, [clientId]);
  return rows[0]?.staff_id;
}

interface Given {
  clientId: string;
  mutationId: number;
  decisionId: string;
  answer: PushResult;
  /** Null for answers stored before commands were fingerprinted. */
  sha256: string | null;
}

/**
 * The answers already given to a batch's commands: those stored (read in one query) and those
 * this batch gives as it goes, so a command repeated inside one batch is answered like a repeat.
 */
export class AnswerBook {
  private readonly byMutation = new Map<string, Given>();
  private readonly byDecision = new Map<string, Given>();

  static async load(tx: Queryable, clientId: string, commands: readonly PushedCommand[]): Promise<AnswerBook> {
    const book = new AnswerBook();
    if (commands.length === 0) return book;
    const rows = await tx.query<{ client_id: string; mutation_id: number; decision_id: string; answer: string; command_sha256: string | null }>(
      `SELECT client_id, mutation_id, decision_id, answer, command_sha256 FROM push_answers
       WHERE (client_id = $1 AND mutation_id = ANY($2::bigint[])) OR decision_id = ANY($3::uuid[])`,
      [clientId, commands.map((c) => c.mutationId), commands.map((c) => c.decisionId)],
    );
    for (const r of rows) book.note({ clientId: r.client_id, mutationId: r.mutation_id, decisionId: r.decision_id, answer: JSON.parse(r.answer) as PushResult, sha256: r.command_sha256 });
    return book;
  }

  /**
   * The answer given to this mutation, or a `duplicate_id` rejection when its ids were used for
   * something else: another decision id, or the same ids with another command (`sha256`).
   */
  answerFor(clientId: string, d: PushedCommand, sha256: string): PushResult | null {
    const same = this.byMutation.get(mutationKey(clientId, d.mutationId));
    if (same) {
      if (same.decisionId === d.decisionId.toLowerCase()) {
        if (same.sha256 === null || same.sha256 === sha256) return same.answer;
        return refusedWith(d, 'duplicate_id', refusal('mutation_other_command', { mutationId: d.mutationId },
          `mutation ${d.mutationId} (decision ${d.decisionId}) of this client was used for another command; a new command takes a new mutation id and decision id`));
      }
      return refusedWith(d, 'duplicate_id', refusal('mutation_reused', { mutationId: d.mutationId, decisionId: same.decisionId }, `mutation ${d.mutationId} of this client was already used for decision ${same.decisionId}`));
    }
    const other = this.byDecision.get(d.decisionId.toLowerCase());
    if (other) {
      return refusedWith(d, 'duplicate_id', refusal('decision_id_reused', { decisionId: d.decisionId, mutationId: other.mutationId }, `decision ${d.decisionId} was already sent as mutation ${other.mutationId} of client ${other.clientId}`));
    }
    return null;
  }

  give(clientId: string, d: PushedCommand, answer: PushResult, sha256: string): void {
    this.note({ clientId: clientId.toLowerCase(), mutationId: d.mutationId, decisionId: d.decisionId.toLowerCase(), answer, sha256 });
  }

  private note(g: Given): void {
    this.byMutation.set(mutationKey(g.clientId, g.mutationId), g);
    if (!this.byDecision.has(g.decisionId)) this.byDecision.set(g.decisionId, g);
  }
}

const mutationKey = (clientId: string, mutationId: number): string => `${clientId.toLowerCase()}:${mutationId}`;

export interface StoredAnswer {
  command: PushedCommand;
  result: PushResult;
  sha256: string;
}

/**
 * Stores answers in the transaction that applied their effects. A concurrent duplicate that got
 * here first makes this insert fail; the transaction then runs again and finds that answer.
 */
export async function storeAnswers(tx: Queryable, clientId: string, staff: StaffMember, answers: readonly StoredAnswer[], now: number): Promise<void> {
  await inBatches(
    tx,
    answers.map((a) => [clientId, a.command.mutationId, a.command.decisionId, staff.id, JSON.stringify(a.result), now, a.sha256]),
    ['uuid', 'bigint', 'uuid', 'text', 'text', 'bigint', 'text'],
    (values) => `INSERT INTO push_answers (client_id, mutation_id, decision_id, staff_id, answer, at, command_sha256) VALUES ${values}`,
  );
}

/**
 * Mutation ids of one client increase: a new one at or below the highest this client already
 * sent is refused, except one answered `not_applied` (its answer not stored), which is tried
 * afresh when sent again. The client's row is locked, so its batches are judged one at a time.
 */
export class MutationOrder {
  private constructor(
    private latest: number,
    private readonly unapplied: Set<number>,
  ) {}

  static async load(tx: Queryable, clientId: string): Promise<MutationOrder> {
    await tx.query('SELECT 1 FROM push_clients WHERE client_id = $1 FOR UPDATE', [clientId]);
    const [top] = await tx.query<{ latest: number | null }>('SELECT max(mutation_id) AS latest FROM push_answers WHERE client_id = $1', [clientId]);
    const gaps = await tx.query<{ mutation_id: number }>('SELECT mutation_id FROM push_unapplied WHERE client_id = $1', [clientId]);
    const unapplied = new Set(gaps.map((g) => Number(g.mutation_id)));
    return new MutationOrder(Math.max(top?.latest ?? 0, ...unapplied), unapplied);
  }

  /** Why this new mutation may not be applied, or null. */
  refusal(d: PushedCommand): Rejected | null {
    if (d.mutationId > this.latest || this.unapplied.has(d.mutationId)) return null;
    return refusedWith(d, 'duplicate_id', refusal('mutation_out_of_order', { mutationId: d.mutationId, latestMutationId: this.latest },
      `mutationId: ${d.mutationId} is not above ${this.latest}, which this client already sent; a client's mutation ids increase in the order its commands were made`));
  }

  /** The mutation was answered (stored) or answered not_applied (`applied` false: it may come again). */
  async answered(tx: Queryable, clientId: string, mutationId: number, applied: boolean): Promise<void> {
    this.latest = Math.max(this.latest, mutationId);
    if (applied && this.unapplied.delete(mutationId)) await tx.query('DELETE FROM push_unapplied WHERE client_id = $1 AND mutation_id = $2', [clientId, mutationId]);
    if (!applied && !this.unapplied.has(mutationId)) {
      this.unapplied.add(mutationId);
      await tx.query('INSERT INTO push_unapplied (client_id, mutation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [clientId, mutationId]);
    }
  }
}
