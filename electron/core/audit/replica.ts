/**
 * The console's verified replica of the audit log (console migration 8): `audit_entries` holds
 * entries 1…S and `audit_checkpoints` the checkpoints that verified, S being the largest. Rows
 * go in only after verification (replicate.ts), one checkpoint window per transaction, so a
 * failure later loses nothing verified before. Read back as the entries' canonical bytes for
 * the export file and the `--reference` search.
 */
import {
  auditEntryBytes, CompactRange, GENESIS_PREV, type AuditEntryFields, type Digest,
} from '../../../shared/audit';
import type { ReadableDB, WritableDB } from '../db/handles';
import { getMeta, setMeta } from '../db/meta';
import { nodeTreeHasher } from './node-crypto';

export interface HeldCheckpoint {
  size: number;
  root: Uint8Array;
  signedAt: number;
  note: string;
}

export interface VerifiedEntry {
  fields: AuditEntryFields;
  leaf: Digest;
}

type EntryRow = { seq: number; at: number; actor_id: string; actor_name: string; action: string; case_id: string | null; payload: string; prev_hash: Buffer; leaf_hash: Buffer };

export function lastCheckpoint(db: ReadableDB): HeldCheckpoint | null {
  const row = db.prepare('SELECT tree_size, root_hash, signed_at, note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1').get() as
    { tree_size: number; root_hash: Buffer; signed_at: number; note: string } | undefined;
  return row ? { size: row.tree_size, root: row.root_hash, signedAt: row.signed_at, note: row.note } : null;
}

/** The tree of the entries held, as its right edge, and the last leaf hash: where replication goes on. */
export function heldTree(db: ReadableDB, size: number): { range: CompactRange; prev: string } {
  const range = new CompactRange(nodeTreeHasher);
  let prev = GENESIS_PREV;
  for (const leaf of db.prepare('SELECT leaf_hash FROM audit_entries WHERE seq <= ? ORDER BY seq').pluck().iterate(size) as IterableIterator<Buffer>) {
    range.append(leaf);
    prev = leaf.toString('hex');
  }
  if (range.size !== size) throw new Error(`the console's audit replica holds ${range.size} entries under its checkpoint of size ${size}: the database was altered`);
  return { range, prev };
}

/** Stores one verified window: its entries and the checkpoint that signs them, in one transaction. */
export function storeVerified(db: WritableDB, entries: readonly VerifiedEntry[], checkpoint: HeldCheckpoint, verifiedAt: number): void {
  const insert = db.prepare('INSERT INTO audit_entries (seq, at, actor_id, actor_name, action, case_id, payload, prev_hash, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const { fields: e, leaf } of entries) {
      insert.run(e.seq, e.at, e.actor.id, e.actor.name, e.action, e.caseId, JSON.stringify(e.payload), Buffer.from(e.prev, 'hex'), leaf);
    }
    db.prepare('INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, note, verified_at) VALUES (?, ?, ?, ?, ?)').run(checkpoint.size, checkpoint.root, checkpoint.signedAt, checkpoint.note, verifiedAt);
  }).immediate();
}

const rowFields = (r: EntryRow): AuditEntryFields => ({
  seq: r.seq, prev: r.prev_hash.toString('hex'), at: r.at, actor: { id: r.actor_id, name: r.actor_name }, action: r.action, caseId: r.case_id,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
});

/** The entries of seq in [from, to], in order, as canonical bytes with their stored leaf hash. */
export function* heldEntries(db: ReadableDB, from: number, to: number): Generator<{ seq: number; bytes: Uint8Array; leaf: Buffer }> {
  const rows = db.prepare('SELECT seq, at, actor_id, actor_name, action, case_id, payload, prev_hash, leaf_hash FROM audit_entries WHERE seq BETWEEN ? AND ? ORDER BY seq').iterate(from, to) as IterableIterator<EntryRow>;
  for (const r of rows) yield { seq: r.seq, bytes: auditEntryBytes(rowFields(r)), leaf: r.leaf_hash };
}

/** The stored leaf hashes of entries 1…size (the reference for `firstDifferingLeaf`). */
export function heldLeaves(db: ReadableDB, size: number): Digest[] {
  return db.prepare('SELECT leaf_hash FROM audit_entries WHERE seq <= ? ORDER BY seq').pluck().all(size) as Buffer[];
}

export function heldCheckpoints(db: ReadableDB, from: number, to: number): HeldCheckpoint[] {
  return (db.prepare('SELECT tree_size, root_hash, signed_at, note FROM audit_checkpoints WHERE tree_size BETWEEN ? AND ? ORDER BY tree_size').all(from, to) as
    Array<{ tree_size: number; root_hash: Buffer; signed_at: number; note: string }>).map((r) => ({ size: r.tree_size, root: r.root_hash, signedAt: r.signed_at, note: r.note }));
}

/** The verifier key this console pinned (`name+hash+base64`), or null before one is confirmed or configured. */
export function pinnedAuditKey(db: ReadableDB): string | null {
  return getMeta(db, 'audit_key');
}

export function pinAuditKey(db: WritableDB, key: string): void {
  setMeta(db, 'audit_key', key);
}
