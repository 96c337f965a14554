/**
 * The append-only decision log. Appends are serialized by an advisory lock held until
 * commit, so `seq` is gapless and an entry is never committed after a later one: a reader
 * paging by `seq` misses nothing, and the hash chain of a later version can link each entry
 * to the one before.
 */
import type { StaffRef } from '../shared/domain';
import type { AuditEntry } from '../shared/sync/protocol';
import { inBatches } from './cases';
import type { Queryable } from './db/db';
import { LOCK_AUDIT_APPEND } from './db/migrations';

export interface AuditAppend {
  actor: StaffRef;
  action: AuditEntry['action'];
  caseId: string | null;
  payload: Record<string, unknown>;
}

/** Call last in a transaction: the lock it takes is held until commit. */
export async function appendAudit(tx: Queryable, entries: readonly AuditAppend[], now: number): Promise<void> {
  if (entries.length === 0) return;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_AUDIT_APPEND]);
  // Multi-row VALUES rather than unnest of arrays: payloads are kilobytes of JSON (see inBatches).
  await inBatches(
    tx,
    entries.map((e, i) => [i, now, e.actor.id, e.actor.name, e.action, e.caseId, JSON.stringify(e.payload)]),
    ['int', 'bigint', 'text', 'text', 'text', 'text', 'text'],
    (values) => `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, case_id, payload)
     SELECT (SELECT coalesce(max(seq), 0) FROM audit_log) + row_number() OVER (ORDER BY u.n), u.at, u.actor_id, u.actor_name, u.action, u.case_id, u.payload
     FROM (VALUES ${values}) AS u(n, at, actor_id, actor_name, action, case_id, payload)`,
  );
}

export async function readAudit(db: Queryable, after: number, limit: number): Promise<{ entries: AuditEntry[]; next: number }> {
  const rows = await db.query<{ seq: number; at: number; actor_id: string; actor_name: string; action: AuditEntry['action']; case_id: string | null; payload: string }>(
    `SELECT seq, at, actor_id, actor_name, action, case_id, payload FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [after, limit],
  );
  const entries = rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: { id: r.actor_id, name: r.actor_name },
    action: r.action,
    caseId: r.case_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
  return { entries, next: rows.at(-1)?.seq ?? after };
}
