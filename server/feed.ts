/**
 * The change feed: one row per change of a case, holding the complete NDJSON line.
 *
 * Why pages are read in (xid, id) order below the snapshot's xmin, not by `id > cursor`:
 * a bigserial is assigned at insert, but transactions commit in any order. If transaction A
 * inserts id 7 and is still open while B inserts id 8 and commits, a reader that returns 8
 * and moves its cursor past 8 never sees 7 when A commits. Every row instead stores the id
 * of its writing transaction (`xid`, assigned by PostgreSQL, increasing). `pg_snapshot_xmin(
 * pg_current_snapshot())` is the oldest transaction still running: every transaction with a
 * lower id has finished, and no new one can get a lower id. So the rows below that horizon
 * are final, and a cursor at the last (xid, id) returned never skips a row committed later.
 * Transaction ids are cluster-wide: a long write transaction in another database of the same
 * PostgreSQL cluster holds the horizon back too. That delays changes, it never loses them.
 */
import { CASE_KINDS, type CaseKind } from '../shared/domain';
import { FEED_START, type FeedPosition } from './cursor';
import type { CopiedRows } from './db/copy-binary';
import { sqlLiteral, type Db } from './db/db';
import { LOCK_FEED_COMPACTION } from './db/migrations';

export { type FeedPosition } from './cursor';

/** Rows fetched per query while streaming a page; small enough to keep memory flat at 50,000-row pages. */
const CHUNK_ROWS = 2_000;

/** A chunk's columns: xid, id, line. */
const FEED_COLUMNS = 3;
const XID_COLUMN = 0;
const ID_COLUMN = 1;
const LINE_COLUMN = 2;
/**
 * Keeps chunk reads on the `(partition, xid, id)` index: right after a bulk ingest, before the
 * table is analyzed, the planner would otherwise sort the rest of the partition for every chunk.
 */
export const KEEP_TO_FEED_INDEX = ['enable_sort', 'enable_seqscan', 'enable_bitmapscan'] as const;
const NEWLINE = 0x0a;

/** Up to `limit` rows of a partition after `after` and below the horizon, in feed order: xid, id, line. */
export function chunkQuery(partition: CaseKind, after: FeedPosition, horizonXid: string, limit: number): string {
  return `SELECT f.xid, f.id, f.line FROM feed f
    WHERE f.partition = ${sqlLiteral(partition)} AND (f.xid, f.id) > (${sqlLiteral(after.xid)}::xid8, ${sqlLiteral(after.id)})
      AND f.xid < ${sqlLiteral(horizonXid)}::xid8
    ORDER BY f.xid, f.id LIMIT ${sqlLiteral(limit)}`;
}

/** Row `row`'s feed position: xid8 and bigint in binary COPY are 8-byte big-endian integers. */
function positionOf(copied: CopiedRows, row: number): FeedPosition {
  return { xid: copied.data.readBigUInt64BE(copied.start(row, XID_COLUMN)).toString(), id: Number(copied.data.readBigInt64BE(copied.start(row, ID_COLUMN))) };
}

/**
 * The first `n` rows' lines as NDJSON, each line's bytes then a newline, written over the COPY
 * output in place: a row's framing is longer than a newline, so writing never overtakes reading,
 * and the service allocates no second buffer per chunk. The rows cannot be read after.
 */
function intoFeedLines(copied: CopiedRows, n: number): Buffer {
  const { data } = copied;
  let at = 0;
  for (let r = 0; r < n; r++) {
    at += data.copy(data, at, copied.start(r, LINE_COLUMN), copied.end(r, LINE_COLUMN));
    data[at++] = NEWLINE;
  }
  return data.subarray(0, at);
}

export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  if (ax !== bx) return ax < bx ? -1 : 1;
  return a.id - b.id;
}

export async function feedId(db: Db): Promise<string> {
  const rows = await db.query<{ value: string }>(`SELECT value FROM service_meta WHERE key = 'feed_id'`);
  if (!rows[0]) throw new Error('service_meta has no feed_id: the database was not migrated');
  return rows[0].value;
}

/** The position at or below which the partition was compacted; `FEED_START` if never. It only rises. */
export async function watermark(db: Db, partition: CaseKind): Promise<FeedPosition> {
  const rows = await db.query<FeedPosition>(`SELECT xid::text AS xid, id FROM feed_watermarks WHERE partition = $1`, [partition]);
  return rows[0] ?? FEED_START;
}

/**
 * Whether a reader at `position`, whose cursor was issued under watermark `issuedUnder`, may
 * have missed rows a compaction deleted. Only a compaction after the cursor was issued (the
 * watermark moved) deleted rows the reader had not reached, and only below the new watermark.
 * The position alone is not enough: a bootstrap begun after a compaction reads the surviving
 * rows below the watermark, and its cursors are there.
 */
export function missedCompaction(position: FeedPosition, issuedUnder: FeedPosition, current: FeedPosition): boolean {
  return comparePositions(current, issuedUnder) !== 0 && comparePositions(position, current) < 0;
}

export interface PageEnd {
  position: FeedPosition;
  hasMore: boolean;
  count: number;
  /** The watermark the page was read under, for the next cursor. */
  issuedUnder: FeedPosition;
}

export class FeedCompactedDuringPage extends Error {
  constructor() {
    super('the feed was compacted while this page was read; pull again');
  }
}

/**
 * Streams one page as chunks of NDJSON bytes (without the `end` line), then returns where it
 * ended. Lines travel as bytes from PostgreSQL to the socket: decoding each into a string and
 * encoding it again, or even a value of bytes per row, cost the service more than reading it.
 * `before` is the watermark read before the cursor was accepted: read again here, a compaction
 * in between would go unnoticed and the next cursor would carry the new watermark though the
 * page started below it. Throws
 * `FeedCompactedDuringPage` when the watermark moved past the start since `before`: the page may
 * lack deleted tombstones, so it must not be completed.
 */
export async function* readPage(db: Db, partition: CaseKind, from: FeedPosition, limit: number, before: FeedPosition): AsyncGenerator<Uint8Array, PageEnd> {
  const [horizon] = await db.query<{ xid: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xid`);
  if (!horizon) throw new Error('no snapshot horizon');
  // One COPY per chunk reads the rows' positions and lines, one row past the chunk to learn
  // whether more follow below the horizon. One statement sees one snapshot, so the chunk is
  // whole; a compaction between chunks moves the watermark, which is checked at the end.
  const chunk = async (after: FeedPosition, want: number) => {
    const copied = await db.copyRows(chunkQuery(partition, after, horizon.xid, want + 1), FEED_COLUMNS, KEEP_TO_FEED_INDEX);
    const n = Math.min(copied.rows, want);
    if (n === 0) return null;
    const last = positionOf(copied, n - 1);
    return { last, n, more: copied.rows > want, data: intoFeedLines(copied, n) };
  };
  const prefetch = (after: FeedPosition, want: number) => {
    const next = chunk(after, want);
    next.catch(() => {}); // a prefetch left behind by a client that hung up must not become an unhandled rejection
    return next;
  };
  let position = from;
  let count = 0;
  let hasMore = false;
  let pending = prefetch(from, Math.min(CHUNK_ROWS, limit));
  for (;;) {
    const c = await pending;
    if (!c) break;
    position = c.last;
    count += c.n;
    hasMore = c.more && count >= limit;
    const goOn = c.more && count < limit;
    // The next chunk is asked for before this one is handed over: the database works while the socket drains.
    if (goOn) pending = prefetch(position, Math.min(CHUNK_ROWS, limit - count));
    yield c.data;
    if (!goOn) break;
  }
  const after = await watermark(db, partition);
  if (missedCompaction(from, before, after)) {
    throw new FeedCompactedDuringPage();
  }
  return { position, hasMore, count, issuedUnder: before };
}

/**
 * Compaction: in each partition, drop the rows older than `retentionMs` that a later row of
 * the same case supersedes, and tombstones, then raise the partition's watermark. A client
 * starting from the beginning still gets the latest state of every case; a cursor issued
 * before the watermark rose and below it might miss a dropped tombstone, so it is answered
 * must-refetch (`missedCompaction`). A round that leaves the watermark where it was deletes
 * only rows superseded by rows above it, which every reader still gets: no cursor is harmed.
 */
export async function compactFeed(db: Db, retentionMs: number): Promise<number> {
  let removed = 0;
  for (const partition of CASE_KINDS) {
    removed += await db.transaction(async (tx) => {
      // One compactor at a time across instances; the others skip this round.
      const [lock] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [LOCK_FEED_COMPACTION]);
      if (!lock?.got) return 0;
      const [h] = await tx.query<FeedPosition>(
        `SELECT f.xid::text AS xid, f.id FROM feed f
         WHERE f.partition = $1 AND f.xid < pg_snapshot_xmin(pg_current_snapshot()) AND f.at <= docket_now_ms() - $2
         ORDER BY f.xid DESC, f.id DESC LIMIT 1`,
        [partition, retentionMs],
      );
      if (!h) return 0;
      const gone = await tx.query<{ id: number }>(
        `DELETE FROM feed f
         WHERE f.partition = $1 AND (f.xid, f.id) <= ($2::xid8, $3::bigint)
           AND (f.tombstone OR EXISTS (SELECT 1 FROM feed g WHERE g.case_id = f.case_id AND (g.xid, g.id) > (f.xid, f.id)))
         RETURNING f.id`,
        [partition, h.xid, h.id],
      );
      await tx.query(
        `INSERT INTO feed_watermarks (partition, xid, id) VALUES ($1, $2::xid8, $3)
         ON CONFLICT (partition) DO UPDATE SET xid = EXCLUDED.xid, id = EXCLUDED.id
         WHERE (feed_watermarks.xid, feed_watermarks.id) < (EXCLUDED.xid, EXCLUDED.id)`,
        [partition, h.xid, h.id],
      );
      return gone.length;
    });
  }
  return removed;
}
