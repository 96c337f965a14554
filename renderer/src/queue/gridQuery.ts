import { MAX_QUEUE_PAGE, QueueFilter, type QueuePageQuery, type QueueSortColumn } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';

/**
 * Grid columns that sort, and the core sort column each maps to. "Age" sorts on createdAt
 * reversed: ascending age means the newest cases first.
 */
export const SORTABLE_COLUMNS: Record<string, { column: QueueSortColumn; invert: boolean }> = {
  slaDueAt: { column: 'slaDueAt', invert: false },
  priority: { column: 'priority', invert: false },
  age: { column: 'createdAt', invert: true },
  updatedAt: { column: 'updatedAt', invert: false },
  amountFen: { column: 'amountFen', invert: false },
};

export const DEFAULT_SORT: NonNullable<QueuePageQuery['sort']> = { column: 'slaDueAt', direction: 'asc' };

export interface GridSortItem {
  colId: string;
  sort: 'asc' | 'desc';
}

/** AG Grid's sortModel → the core's single sort. The grid allows one sort column; unknown columns fall back to the SLA order. */
export function toQuerySort(sortModel: readonly GridSortItem[]): NonNullable<QueuePageQuery['sort']> {
  const first = sortModel[0];
  const mapped = first ? SORTABLE_COLUMNS[first.colId] : undefined;
  if (!first || !mapped) return DEFAULT_SORT;
  const flip = mapped.invert ? (first.sort === 'asc' ? 'desc' : 'asc') : first.sort;
  return { column: mapped.column, direction: flip };
}

/** Drops empty parts so equal filters compare equal and the core sees only what narrows the queue. */
export function normalizeFilter(filter: QueueFilter): QueueFilter {
  const out: QueueFilter = {};
  if (filter.status?.length) out.status = [...filter.status].sort();
  if (filter.category?.length) out.category = [...filter.category].sort();
  if (filter.region?.length) out.region = [...filter.region].sort();
  if (filter.severity?.length) out.severity = [...filter.severity].sort();
  const merchant = filter.merchantId?.trim();
  if (merchant) out.merchantId = merchant;
  if (filter.slaBreached) out.slaBreached = true;
  if (filter.mine) out.mine = true;
  return out;
}

/** The filter the core will accept (e.g. a hand-typed merchant id with spaces is dropped, not sent). */
export function validFilter(filter: QueueFilter): QueueFilter {
  const n = normalizeFilter(filter);
  const parsed = QueueFilter.safeParse(n);
  if (parsed.success) return parsed.data;
  const { merchantId: _dropped, ...rest } = n;
  const retry = QueueFilter.safeParse(rest);
  return retry.success ? retry.data : {};
}

/**
 * One block request of the infinite row model → one `queue.page` query. `after`: the anchor of
 * the row before the block, when the block before it was loaded (a seek instead of an offset walk).
 */
export function toPageQuery(kind: CaseKind, sortModel: readonly GridSortItem[], filter: QueueFilter, startRow: number, endRow: number, after?: string): QueuePageQuery {
  return {
    kind,
    sort: toQuerySort(sortModel),
    filter: validFilter(filter),
    offset: startRow,
    limit: Math.max(1, Math.min(MAX_QUEUE_PAGE, endRow - startRow)),
    ...(after !== undefined ? { after } : {}),
  };
}

/** Anchors kept for one query: about twice the grid's block cache, so every loaded block's end stays known. */
const MAX_ANCHORS = 400;

/**
 * The anchor at the end of each loaded block, by the row that follows it, for one query (kind and
 * filter: one datasource) under one sort. Another sort drops them; so does `clear`, which the
 * caller must call on a purge or refresh: after rows moved, an old anchor no longer sits at the
 * row number it was recorded for, and mixing it with offset blocks would skip or repeat rows.
 */
export class PageAnchors {
  private sortKey = '';
  /** Bumped by every drop, so an answer to a request made before it records nothing. */
  private generation = 0;
  private readonly byRow = new Map<number, string>();

  /** For a block starting at `startRow`: the anchor to send (if the block before it was loaded), and where to put the answer's. */
  request(sort: NonNullable<QueuePageQuery['sort']>, startRow: number): { after: string | undefined; record: (rows: number, anchor: string | null) => void } {
    this.useSort(sort);
    const generation = this.generation;
    return {
      after: startRow > 0 ? this.byRow.get(startRow) : undefined,
      record: (rows, anchor) => {
        if (generation !== this.generation || anchor === null || rows === 0) return;
        this.byRow.set(startRow + rows, anchor);
        // A Map iterates in insertion order: drop the oldest beyond the bound.
        for (const key of this.byRow.keys()) {
          if (this.byRow.size <= MAX_ANCHORS) break;
          this.byRow.delete(key);
        }
      },
    };
  }

  clear(): void {
    this.generation += 1;
    this.byRow.clear();
  }

  private useSort(sort: NonNullable<QueuePageQuery['sort']>): void {
    const key = `${sort.column}:${sort.direction}`;
    if (key === this.sortKey) return;
    this.sortKey = key;
    this.clear();
  }
}

/**
 * The last-row index to tell the grid. A short page proves where the queue ends; otherwise
 * the count (asked once per sort/filter) sizes the scrollbar, so a jump to row 900,000 works.
 */
export function lastRowFor(startRow: number, requested: number, received: number, count: number | null): number | undefined {
  if (received < requested) return startRow + received;
  return count ?? undefined;
}

export function filterIsEmpty(filter: QueueFilter): boolean {
  return Object.keys(normalizeFilter(filter)).length === 0;
}
