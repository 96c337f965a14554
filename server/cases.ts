/**
 * The case table: how a stored row becomes the `Case` and feed line clients see, and how
 * writers lock cases so that the feed's order agrees with the order of writes to each case.
 */
import type { Case, CaseEvent, CaseInput, CaseKind, CaseStatus, DecisionSummary, Escalation } from '../shared/domain';
import type { LeaseInfo } from '../shared/sync/protocol';
import { isPgError, PG_DEADLOCK, PG_SERIALIZATION, PG_UNIQUE_VIOLATION, type Db, type Queryable } from './db/db';
import { HttpError } from './errors';

export interface CaseRow {
  id: string;
  kind: CaseKind;
  status: CaseStatus;
  version: number;
  /** The platform's CaseInput as canonical JSON. */
  input: string;
  /** JSON array of the history events the service appended (decisions). */
  service_events: string;
  /** JSON DecisionSummary. */
  last_decision: string | null;
  updated_at: number;
  deleted: boolean;
  lease_holder_id: string | null;
  lease_holder_name: string | null;
  lease_epoch: number;
  lease_expires_at: number | null;
  lease_mode: 'online' | 'offline' | null;
  /** JSON Escalation: the latest escalation or hand-off (escalations.ts); null when never moved. */
  escalation: string | null;
}

const CASE_COLUMNS = `id, kind, status, version, input, service_events, last_decision, updated_at, deleted,
  lease_holder_id, lease_holder_name, lease_epoch, lease_expires_at, lease_mode, escalation`;

const MAX_HISTORY = 200;

/** `input` saves parsing `row.input` again when the caller has it as an object already. */
export function caseOf(row: CaseRow, input: CaseInput = JSON.parse(row.input) as CaseInput): Case {
  const added = JSON.parse(row.service_events) as CaseEvent[];
  // The platform owns its history; the service's own events (decisions) are kept beside it so a re-ingest cannot drop them.
  const history = [...input.history, ...added].sort((a, b) => a.at - b.at).slice(-MAX_HISTORY);
  const lastDecision = row.last_decision ? (JSON.parse(row.last_decision) as DecisionSummary) : null;
  const escalation = row.escalation ? { escalation: JSON.parse(row.escalation) as Escalation } : {};
  return { ...input, status: row.status, updatedAt: row.updated_at, history, version: row.version, lastDecision, ...escalation } as Case;
}

export function leaseOf(row: CaseRow): LeaseInfo | null {
  if (!row.lease_holder_id || row.lease_expires_at === null || !row.lease_mode) return null;
  return {
    holder: { id: row.lease_holder_id, name: row.lease_holder_name ?? row.lease_holder_id },
    epoch: row.lease_epoch,
    expiresAt: row.lease_expires_at,
    mode: row.lease_mode,
  };
}

/** A lease that has not expired, held by someone. */
export function liveLease(row: CaseRow, now: number): LeaseInfo | null {
  const lease = leaseOf(row);
  return lease && lease.expiresAt > now ? lease : null;
}

export const upsertLine = (row: CaseRow, input?: CaseInput): string => JSON.stringify({ type: 'upsert', case: caseOf(row, input), lease: leaseOf(row) });
export const tombstoneLine = (caseId: string): string => JSON.stringify({ type: 'tombstone', caseId });

/** Thrown inside a transaction to have it rolled back and run again (see `lockCases`). */
export class RetryTransaction extends Error {}

/**
 * Locks the cases (in id order, so writers never deadlock each other) and returns them with
 * the database clock.
 *
 * Why the `last_xid` check: the feed is read in transaction-id order, and a transaction gets
 * its id at its first write, which may come before it waits for a case lock. If T1 got its
 * id, then waited for the case while T2 (a later id) wrote it and committed, T1's newer state
 * of the case would sort before T2's older one and clients would end on the older state. So
 * a writer that finds the case last written by a transaction with a later id than its own
 * rolls back and runs again with a new, later id.
 */
export async function lockCases(tx: Queryable, ids: readonly string[]): Promise<{ rows: Map<string, CaseRow>; now: number }> {
  const unique = [...new Set(ids)];
  const locked = await tx.query<{ id: string }>('SELECT id FROM cases WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [unique]);
  // A new statement: its snapshot sees the latest committed version of every row now locked.
  // Only those: a case committed by another transaction since the lock statement is not
  // locked, so it counts as absent here and its insert will conflict (and the caller retry).
  const rows = await tx.query<CaseRow & { stale: boolean; now: number }>(
    `SELECT ${CASE_COLUMNS}, last_xid > pg_current_xact_id() AS stale, docket_now_ms() AS now FROM cases WHERE id = ANY($1::text[])`,
    [locked.map((r) => r.id)],
  );
  if (rows.some((r) => r.stale)) throw new RetryTransaction('a case was written by a transaction with a later id');
  const now = rows[0]?.now ?? (await dbNow(tx));
  const map = new Map<string, CaseRow>();
  for (const { stale: _s, now: _n, ...row } of rows) map.set(row.id, row);
  return { rows: map, now };
}

export async function dbNow(tx: Queryable): Promise<number> {
  const [r] = await tx.query<{ now: number }>('SELECT docket_now_ms() AS now');
  if (!r) throw new Error('docket_now_ms() returned nothing');
  return r.now;
}

/**
 * Runs `sql(values)` once per batch of rows, where `values` is a multi-row VALUES list of
 * typed parameters. Measured ~4x faster than `unnest` of arrays for rows of large JSON text
 * (array literals must be escaped and parsed element by element).
 */
export async function inBatches(tx: Queryable, rows: readonly (readonly unknown[])[], types: readonly string[], sql: (values: string) => string): Promise<number> {
  const BATCH = 1_000;
  let affected = 0;
  for (let off = 0; off < rows.length; off += BATCH) {
    const batch = rows.slice(off, off + BATCH);
    const params: unknown[] = [];
    const tuples = batch.map((r) => `(${types.map((t, i) => {
      params.push(r[i]);
      return `$${params.length}::${t}`;
    }).join(', ')})`);
    affected += (await tx.query(sql(tuples.join(', ')), params)).length;
  }
  return affected;
}

const MUTABLE_COLUMNS: ReadonlyArray<{ name: keyof CaseRow; type: string }> = [
  { name: 'status', type: 'text' }, { name: 'version', type: 'int' }, { name: 'input', type: 'text' }, { name: 'service_events', type: 'text' },
  { name: 'last_decision', type: 'text' }, { name: 'updated_at', type: 'bigint' }, { name: 'deleted', type: 'bool' },
  { name: 'lease_holder_id', type: 'text' }, { name: 'lease_holder_name', type: 'text' }, { name: 'lease_epoch', type: 'int' },
  { name: 'lease_expires_at', type: 'bigint' }, { name: 'lease_mode', type: 'text' }, { name: 'escalation', type: 'text' },
];

/**
 * Writes back changed case rows (all mutable columns). `input: false` leaves the platform's
 * input as stored: a decision never changes it, and sending back kilobytes of unchanged JSON
 * per case was a large part of writing a push batch.
 */
export async function updateCases(tx: Queryable, rows: readonly CaseRow[], { input = true } = {}): Promise<void> {
  const columns = MUTABLE_COLUMNS.filter((c) => input || c.name !== 'input');
  await inBatches(
    tx,
    rows.map((r) => [r.id, ...columns.map((c) => r[c.name])]),
    ['text', ...columns.map((c) => c.type)],
    (values) => `UPDATE cases c SET ${columns.map((c) => `${c.name} = u.${c.name}`).join(', ')}, last_xid = pg_current_xact_id()
     FROM (VALUES ${values}) AS u(id, ${columns.map((c) => c.name).join(', ')})
     WHERE c.id = u.id`,
  );
}

/** Inserts new cases; answers false when another transaction inserted one of them first. */
export async function insertCases(tx: Queryable, rows: readonly CaseRow[]): Promise<boolean> {
  const inserted = await inBatches(
    tx,
    rows.map((r) => [r.id, r.kind, r.status, r.version, r.input, r.updated_at]),
    ['text', 'text', 'text', 'int', 'text', 'bigint'],
    (values) => `INSERT INTO cases (id, kind, status, version, input, updated_at) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`,
  );
  return inserted === rows.length;
}

export interface FeedAppend {
  partition: CaseKind;
  caseId: string;
  tombstone: boolean;
  /** The complete NDJSON line, stored as text so the feed streams it without rebuilding. */
  line: string;
}

export async function appendFeed(tx: Queryable, changes: readonly FeedAppend[], now: number): Promise<void> {
  await inBatches(
    tx,
    changes.map((c) => [c.partition, c.caseId, c.tombstone, c.line, now]),
    ['text', 'text', 'bool', 'text', 'bigint'],
    // Rows are inserted in list order, so a transaction's changes keep their order in the feed (by id).
    (values) => `INSERT INTO feed (partition, case_id, tombstone, line, at) VALUES ${values}`,
  );
}

export const upsertChange = (row: CaseRow): FeedAppend => ({ partition: row.kind, caseId: row.id, tombstone: false, line: upsertLine(row) });

const MAX_ATTEMPTS = 50;

/** A lost race, a concurrent insert of the same key or a deadlock: the transaction runs again from scratch. */
export function retryable(e: unknown): boolean {
  if (e instanceof RetryTransaction) return true;
  return isPgError(e) && [PG_DEADLOCK, PG_SERIALIZATION, PG_UNIQUE_VIOLATION].includes(e.code);
}

/**
 * A transaction that writes cases: run again when it lost a race (see `lockCases`), a
 * concurrent insert of the same key, or a deadlock. Each attempt starts from scratch.
 */
export async function caseTransaction<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (e) {
      if (!retryable(e)) throw e;
      if (attempt >= MAX_ATTEMPTS) throw new HttpError(503, 'busy', 'the cases are being changed by many writers at once; try again');
    }
  }
}
