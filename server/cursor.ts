/** Feed cursors: `<feed id>.<partition>.<xid>.<row id>`, opaque to clients. */
import { CASE_KINDS, type CaseKind } from '../shared/domain';

export interface FeedPosition {
  /** A transaction id (xid8, 64-bit), as decimal text. */
  xid: string;
  id: number;
}

export const FEED_START: FeedPosition = { xid: '0', id: 0 };

export const encodeCursor = (feedId: string, partition: CaseKind, p: FeedPosition): string => `${feedId}.${partition}.${p.xid}.${p.id}`;

export function decodeCursor(cursor: string): { feedId: string; partition: CaseKind; position: FeedPosition } | null {
  const m = /^([0-9a-f]{12})\.([a-z_]+)\.(\d{1,20})\.(\d{1,16})$/.exec(cursor);
  const [, feedId, kind, xid, rowId] = m ?? [];
  if (!feedId || !kind || !xid || !rowId) return null;
  const partition = kind as CaseKind;
  const id = Number(rowId);
  if (!CASE_KINDS.includes(partition) || !Number.isSafeInteger(id) || BigInt(xid) >= 2n ** 64n) return null;
  return { feedId, partition, position: { xid, id } };
}
