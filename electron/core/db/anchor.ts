/**
 * Page anchors: the position of a row in one queue's order (its sort key columns and seq, i.e.
 * exactly the order of the sort index plus the rowid), handed to the grid as an opaque token so
 * that the page that follows is a seek in the index instead of a walk past every earlier row.
 *
 * A token is bound to the queue, sort, direction and filter it came from (a hash of them): used
 * with another query it is refused, since its values would name a position in some other order.
 * A token stays valid when rows change: it names a position, not a row, so the page after it is
 * still exactly the rows that follow that position in the current order.
 */
import type { QueueFilter, QueueSortColumn } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import { ConsoleError } from '../errors';
import { sortIndexColumns } from './derived';

export interface AnchorScope {
  kind: CaseKind;
  sort: { column: QueueSortColumn; direction: 'asc' | 'desc' };
  filter: QueueFilter;
}

/** Format version, so a token of another build's format is refused rather than misread. */
const VERSION = 'a1';
const PART = /^-?[0-9a-z]{1,14}$/;

/**
 * The page order of a sort: the sort index's columns after `kind`, then the rowid. Every one of
 * them is NOT NULL in `cases` (a NULL would make a row-value comparison unknown and drop rows);
 * `queue.test.ts` checks that against the schema.
 */
export const orderColumns = (column: QueueSortColumn): string[] => [...sortIndexColumns(column).slice(1), 'seq'];

/** The same filter written one way: sorted lists, nothing empty or false. */
function canonicalFilter(f: QueueFilter): string {
  const list = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? [...xs].sort() : null);
  return JSON.stringify([list(f.status), list(f.category), list(f.region), list(f.severity), f.merchantId ?? null, f.slaBreached === true, f.mine === true]);
}

/** FNV-1a, 32 bits: tells queries apart; not a secret (the token grants nothing). */
function scopeHash(s: AnchorScope): string {
  let h = 0x811c9dc5;
  for (const ch of `${s.kind}|${s.sort.column}|${s.sort.direction}|${canonicalFilter(s.filter)}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function encodeAnchor(scope: AnchorScope, values: readonly number[]): string {
  return [VERSION, scopeHash(scope), ...values.map((v) => v.toString(36))].join('.');
}

/** The order-key values of an anchor, or a clear `invalid_input` error: never a guess. */
export function decodeAnchor(token: string, scope: AnchorScope): number[] {
  const [version, hash, ...parts] = token.split('.');
  const expected = orderColumns(scope.sort.column).length;
  if (version !== VERSION || parts.length !== expected || !parts.every((p) => PART.test(p))) {
    throw new ConsoleError('invalid_input', 'malformed page anchor: ask for the page by offset instead');
  }
  if (hash !== scopeHash(scope)) {
    throw new ConsoleError('invalid_input', 'this page anchor belongs to another queue, sort or filter: ask for the page by offset instead');
  }
  const values = parts.map((p) => parseInt(p, 36));
  if (!values.every(Number.isSafeInteger)) throw new ConsoleError('invalid_input', 'malformed page anchor: a value is out of range');
  return values;
}
