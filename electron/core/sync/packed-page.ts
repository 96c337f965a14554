/**
 * A validated page as it crosses from a feed worker to the main thread. Structured cloning a
 * page of change objects, each with its row array and a view of the page's bytes, cost ~4 µs
 * per case between the two threads; flat arrays of values and offsets cost under half of that,
 * and the main thread, the bootstrap's busiest, rebuilds the objects faster than it decodes them.
 */
import type { CaseRowValues } from '../db/cases';
import type { FeedPage, PageChange } from './feed';

/** Values per upsert in `PackedPage.values`: the row, then the lease's holder id and epoch (null, null without one). */
const ROW_LENGTH = 20;
const UPSERT_LENGTH = ROW_LENGTH + 2;
const UPSERT = 0;
const TOMBSTONE = 1;

export interface PackedPage {
  kind: FeedPage['kind'];
  end: FeedPage['end'];
  bytes: number;
  data: Uint8Array;
  /** Per change, in order: upsert or tombstone. */
  types: Uint8Array;
  /** Per upsert, its values (`UPSERT_LENGTH`); per tombstone, its case id. */
  values: unknown[];
  /** Per upsert, where its line starts and ends in `data`. */
  spans: Int32Array;
}

export function packPage(page: FeedPage): PackedPage {
  const types = new Uint8Array(page.changes.length);
  const values: unknown[] = [];
  const upserts = page.changes.reduce((n, c) => n + (c.type === 'upsert' ? 1 : 0), 0);
  const spans = new Int32Array(upserts * 2);
  let u = 0;
  page.changes.forEach((c, i) => {
    if (c.type === 'tombstone') {
      types[i] = TOMBSTONE;
      values.push(c.caseId);
      return;
    }
    types[i] = UPSERT;
    for (const v of c.row) values.push(v);
    values.push(c.lease?.holderId ?? null, c.lease?.epoch ?? null);
    // The line's place in the page's bytes, which the worker transfers with the page.
    const start = c.raw.byteOffset - page.data.byteOffset;
    spans[2 * u] = start;
    spans[2 * u + 1] = start + c.raw.byteLength;
    u += 1;
  });
  return { kind: page.kind, end: page.end, bytes: page.bytes, data: page.data, types, values, spans };
}

export function unpackPage(p: PackedPage): FeedPage {
  const changes: PageChange[] = new Array(p.types.length);
  let v = 0;
  let u = 0;
  for (let i = 0; i < p.types.length; i++) {
    if (p.types[i] === TOMBSTONE) {
      changes[i] = { type: 'tombstone', caseId: p.values[v++] as string };
      continue;
    }
    const row = p.values.slice(v, v + ROW_LENGTH) as CaseRowValues;
    const holderId = p.values[v + ROW_LENGTH] as string | null;
    const epoch = p.values[v + ROW_LENGTH + 1] as number | null;
    v += UPSERT_LENGTH;
    changes[i] = {
      type: 'upsert',
      caseId: row[0],
      row,
      raw: p.data.subarray(p.spans[2 * u], p.spans[2 * u + 1]),
      lease: holderId === null || epoch === null ? null : { holderId, epoch },
    };
    u += 1;
  }
  return { kind: p.kind, changes, end: p.end, bytes: p.bytes, data: p.data };
}
