/**
 * The append-only, tamper-evident decision log (docs/audit-log.md). Appends are serialized by
 * an advisory lock held until commit, so `seq` is gapless and an entry is never committed after
 * a later one. Under that lock each entry gets `prev` (the leaf hash of the entry before) and its
 * own leaf hash, SHA-256(0x00 ‖ canonical bytes), and the tree's right edge moves on
 * (`audit_head`); every 1,000th size is recorded as a checkpoint due, which the signer signs
 * (audit-signer.ts).
 */
import type { StaffRef } from '../shared/domain';
import { auditEntryBytes, CompactRange, type Digest } from '../shared/audit';
import type { AuditEntry, ChainedAuditEntry } from '../shared/sync/protocol';
import { hex, treeHasher, unhex } from './audit-crypto';
import { inBatches } from './cases';
import type { Queryable } from './db/db';
import { LOCK_AUDIT_APPEND } from './db/migrations';

/** A checkpoint is due at every multiple of this tree size (and at least every minute: the signer). */
export const CHECKPOINT_EVERY_ENTRIES = 1_000;

export interface AuditAppend {
  actor: StaffRef;
  action: AuditEntry['action'];
  caseId: string | null;
  payload: Record<string, unknown>;
}

interface Head {
  range: CompactRange;
  prev: string;
}

type Row = { seq: number; at: number; actor_id: string; actor_name: string; action: AuditEntry['action']; case_id: string | null; payload: string };

async function readHead(tx: Queryable): Promise<Head> {
  const [row] = await tx.query<{ size: number; edge: string; prev: string }>('SELECT size, edge, prev FROM audit_head');
  if (!row) throw new Error('audit_head has no row: the database was not migrated to version 11');
  return { range: CompactRange.fromEdge(treeHasher, row.size, (JSON.parse(row.edge) as string[]).map(unhex)), prev: row.prev };
}

async function writeHead(tx: Queryable, head: Head): Promise<void> {
  await tx.query('UPDATE audit_head SET size = $1, edge = $2, root = $3, prev = $4', [
    head.range.size, JSON.stringify(head.range.edge().map(hex)), hex(head.range.root()), head.prev,
  ]);
}

/** Hashes one entry onto the head; returns its prev and leaf hash (hex), and whether a checkpoint falls due at its size. */
function chain(head: Head, e: { seq: number; at: number; actor: StaffRef; action: string; caseId: string | null; payload: Record<string, unknown> }): { prev: string; hash: string; due: Digest | null } {
  const prev = head.prev;
  const leaf = treeHasher.leaf(auditEntryBytes({ ...e, prev }));
  head.range.append(leaf);
  head.prev = hex(leaf);
  return { prev, hash: head.prev, due: head.range.size % CHECKPOINT_EVERY_ENTRIES === 0 ? head.range.root() : null };
}

async function recordDue(tx: Queryable, due: ReadonlyArray<[number, string]>): Promise<void> {
  if (due.length === 0) return;
  await inBatches(tx, due, ['bigint', 'text'], (values) => `INSERT INTO audit_checkpoints (tree_size, root_hash) SELECT * FROM (VALUES ${values}) AS v ON CONFLICT DO NOTHING`);
}

/**
 * Chains entries logged before the chain existed (hash NULL), in seq order. Runs under the
 * append lock; the append-only trigger lets a NULL hash be set once.
 */
async function chainUnchained(tx: Queryable, head: Head): Promise<void> {
  for (;;) {
    const rows = await tx.query<Row>(
      'SELECT seq, at, actor_id, actor_name, action, case_id, payload FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000',
      [head.range.size],
    );
    if (rows.length === 0) return;
    const due: Array<[number, string]> = [];
    const chained = rows.map((r) => {
      if (r.seq !== head.range.size + 1) throw new Error(`the decision log skips from entry ${head.range.size} to ${r.seq}`);
      const c = chain(head, { seq: r.seq, at: r.at, actor: { id: r.actor_id, name: r.actor_name }, action: r.action, caseId: r.case_id, payload: JSON.parse(r.payload) as Record<string, unknown> });
      if (c.due) due.push([r.seq, hex(c.due)]);
      return [r.seq, c.prev, c.hash];
    });
    await inBatches(tx, chained, ['bigint', 'text', 'text'], (values) => `UPDATE audit_log a SET prev_hash = v.prev, hash = v.hash FROM (VALUES ${values}) AS v(seq, prev, hash) WHERE a.seq = v.seq`);
    await recordDue(tx, due);
  }
}

/** Call last in a transaction: the lock it takes is held until commit. */
export async function appendAudit(tx: Queryable, entries: readonly AuditAppend[], now: number): Promise<void> {
  if (entries.length === 0) return;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_AUDIT_APPEND]);
  const head = await readHead(tx);
  await chainUnchained(tx, head);
  const due: Array<[number, string]> = [];
  const rows = entries.map((e) => {
    const seq = head.range.size + 1;
    // The payload as JSON reads it back: what is stored is exactly what was hashed.
    const text = JSON.stringify(e.payload);
    const c = chain(head, { seq, at: now, actor: e.actor, action: e.action, caseId: e.caseId, payload: JSON.parse(text) as Record<string, unknown> });
    if (c.due) due.push([seq, hex(c.due)]);
    return [seq, now, e.actor.id, e.actor.name, e.action, e.caseId, text, c.prev, c.hash];
  });
  // Multi-row VALUES rather than unnest of arrays: payloads are kilobytes of JSON (see inBatches).
  await inBatches(
    tx,
    rows,
    ['bigint', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text'],
    (values) => `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, case_id, payload, prev_hash, hash) VALUES ${values}`,
  );
  await recordDue(tx, due);
  await writeHead(tx, head);
}

/** Chains any entries logged before the chain existed; the service runs it at start. */
export async function chainAuditLog(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_AUDIT_APPEND]);
    const head = await readHead(tx);
    const before = head.range.size;
    await chainUnchained(tx, head);
    if (head.range.size !== before) await writeHead(tx, head);
  });
}

export async function readAudit(db: Queryable, after: number, limit: number): Promise<{ entries: ChainedAuditEntry[]; next: number }> {
  // Only chained entries: one logged before the chain existed waits for the start's chaining.
  const rows = await db.query<Row & { prev_hash: string; hash: string }>(
    `SELECT seq, at, actor_id, actor_name, action, case_id, payload, prev_hash, hash FROM audit_log WHERE seq > $1 AND hash IS NOT NULL ORDER BY seq LIMIT $2`,
    [after, limit],
  );
  const entries = rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: { id: r.actor_id, name: r.actor_name },
    action: r.action,
    caseId: r.case_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    prev: r.prev_hash,
    hash: r.hash,
  }));
  return { entries, next: rows.at(-1)?.seq ?? after };
}
