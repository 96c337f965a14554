/**
 * Known-bad image lists: imported by platform engineers (HMA's CSV, parsed by the CLI with
 * `shared/evidence/known-bad-csv.ts` and sent as JSON), matched against every evidence image
 * when a case citing it is ingested. The index is a cache of the table in each instance's
 * memory, rebuilt when the list generation in `service_meta` moves (every import moves it).
 */
import { randomUUID } from 'node:crypto';
import type { KnownBadMatch } from '../shared/domain';
import { matchable } from '../shared/evidence/matching';
import { pdqFromHex } from '../shared/evidence/pdq-hash256';
import { PdqIndex } from '../shared/evidence/pdq-index';
import type { KnownBadImportRequest, KnownBadImportResponse } from '../shared/sync/protocol';
import type { Db, Queryable } from './db/db';
import { inBatches } from './cases';

interface KnownBadRow {
  list: string;
  entry_id: string;
  tags: string;
}

interface KnownBadIndex {
  generation: string;
  index: PdqIndex;
  entries: KnownBadRow[];
}

/** Matches an image's hash against every known-bad list; `[]` for a hash too weak to match on. */
export type KnownBadMatcher = (pdq: string, quality: number) => KnownBadMatch[];

const cached = new WeakMap<Db, KnownBadIndex>();

/** Replaces the list `list` whole, in one transaction: a failed import leaves the old list. */
export async function importKnownBad(db: Db, req: KnownBadImportRequest, importedBy: string): Promise<KnownBadImportResponse> {
  return db.transaction(async (tx) => {
    const removed = await tx.query<{ entry_id: string }>('DELETE FROM known_bad_images WHERE list = $1 RETURNING entry_id', [req.list]);
    const now = Date.now();
    await inBatches(
      tx,
      req.entries.map((e) => [req.list, e.entryId, e.pdq, JSON.stringify(e.tags), now, importedBy]),
      ['text', 'text', 'text', 'text', 'int8', 'text'],
      (values) => `INSERT INTO known_bad_images (list, entry_id, pdq, tags, imported_at, imported_by) VALUES ${values}`,
    );
    await tx.query(`UPDATE service_meta SET value = $1 WHERE key = 'known_bad_generation'`, [randomUUID()]);
    return { list: req.list, imported: req.entries.length, replaced: removed.length };
  });
}

/** The matcher for this ingest: the cached index, rebuilt first when a list changed since. */
export async function knownBadMatcher(db: Db, tx: Queryable, distance: number): Promise<KnownBadMatcher> {
  const [meta] = await tx.query<{ value: string }>(`SELECT value FROM service_meta WHERE key = 'known_bad_generation'`);
  const generation = meta?.value ?? '0';
  let current = cached.get(db);
  if (!current || current.generation !== generation) {
    const rows = await tx.query<KnownBadRow & { pdq: string }>('SELECT list, entry_id, pdq, tags FROM known_bad_images ORDER BY list, entry_id');
    const index = new PdqIndex();
    const packed = new Uint32Array(rows.length * 8);
    rows.forEach((r, i) => packed.set(pdqFromHex(r.pdq), i * 8));
    index.addPacked(packed);
    current = { generation, index, entries: rows.map(({ list, entry_id, tags }) => ({ list, entry_id, tags })) };
    cached.set(db, current);
  }
  const { index, entries } = current;
  if (index.size === 0) return () => [];
  return (pdq, quality) => {
    if (!matchable(quality)) return [];
    return index.within(pdqFromHex(pdq), distance).slice(0, 20).map((m) => {
      const e = entries[m.position] as KnownBadRow;
      return { list: e.list, entryId: e.entry_id, distance: m.distance, tags: JSON.parse(e.tags) as string[] };
    });
  };
}
