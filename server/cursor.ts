/**
 * Feed cursors, opaque to clients: `<feed id>.<partition>.<xid>.<row id>:<watermark xid>.<watermark row id>`.
 *
 * The part after `:` is the partition's compaction watermark when the cursor was issued
 * (`0.0`: never compacted). Compaction only deletes rows at or below the watermark it sets,
 * so a cursor issued under the current watermark has missed nothing, wherever it points: a
 * bootstrap that started after the compaction passes positions below the watermark (the
 * surviving old rows) and must go on. Only a cursor issued before the watermark last moved,
 * and below it, may have missed a deleted row (a tombstone): that one must refetch.
 *
 * Cursors of the earlier format (`<feed id>.<partition>.<xid>.<row id>`, no watermark) are
 * recognised so they can be answered must-refetch rather than "not a cursor".
 */
import { CASE_KINDS, type CaseKind } from '../shared/domain';

export interface FeedPosition {
  /** A transaction id (xid8, 64-bit), as decimal text. */
  xid: string;
  id: number;
}

export const FEED_START: FeedPosition = { xid: '0', id: 0 };

export type DecodedCursor =
  | { format: 'current'; feedId: string; partition: CaseKind; position: FeedPosition; issuedUnder: FeedPosition }
  /** Issued by a service before cursors carried their watermark: it cannot tell what it missed. */
  | { format: 'legacy'; feedId: string; partition: CaseKind };

export const encodeCursor = (feedId: string, partition: CaseKind, p: FeedPosition, issuedUnder: FeedPosition): string =>
  `${feedId}.${partition}.${p.xid}.${p.id}:${issuedUnder.xid}.${issuedUnder.id}`;

const POSITION = String.raw`(\d{1,20})\.(\d{1,16})`;
const CURRENT = new RegExp(String.raw`^([0-9a-f]{12})\.([a-z_]+)\.${POSITION}:${POSITION}$`);
const LEGACY = new RegExp(String.raw`^([0-9a-f]{12})\.([a-z_]+)\.${POSITION}$`);

function position(xid: string | undefined, rowId: string | undefined): FeedPosition | null {
  if (xid === undefined || rowId === undefined) return null;
  const id = Number(rowId);
  if (!Number.isSafeInteger(id) || BigInt(xid) >= 2n ** 64n) return null;
  return { xid, id };
}

function partitionOf(kind: string | undefined): CaseKind | null {
  return CASE_KINDS.find((k) => k === kind) ?? null;
}

/** The cursor, or null when this service never issued anything like it (→ 400). */
export function decodeCursor(cursor: string): DecodedCursor | null {
  const m = CURRENT.exec(cursor);
  if (m) {
    const [, feedId, kind, xid, rowId, wmXid, wmId] = m;
    const partition = partitionOf(kind);
    const at = position(xid, rowId);
    const issuedUnder = position(wmXid, wmId);
    if (!feedId || !partition || !at || !issuedUnder) return null;
    return { format: 'current', feedId, partition, position: at, issuedUnder };
  }
  const old = LEGACY.exec(cursor);
  if (old) {
    const [, feedId, kind, xid, rowId] = old;
    const partition = partitionOf(kind);
    if (!feedId || !partition || !position(xid, rowId)) return null;
    return { format: 'legacy', feedId, partition };
  }
  return null;
}
