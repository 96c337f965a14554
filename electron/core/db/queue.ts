/**
 * Grid queries: a page of a queue (sorted, filtered, offset + limit) and filtered counts.
 * Each shape is pinned to the index that serves it (`INDEXED BY`), so a query plan can never
 * drift into a full scan or a sort of the whole queue:
 * - the common case walks the sort column's index in order and checks filters inside it;
 * - a merchant filter starts from that merchant's cases, "mine" from my leases (both small sets);
 * - counts come from the aggregates (`queue_counts`, `sla_day_counts`) unless a filter needs
 *   the rows (merchant, mine, or a deadline filter combined with category/region/severity).
 * While a bootstrap has the derived structures deferred, the same queries run unpinned (slower).
 */
import type { ReadableDB, WritableDB } from './handles';
import type { CaseRow, QueueFilter, QueueSortColumn, QueueSummary } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import { categoryCodes, kindCodes, regionCodes, severityCodes, severityValue, statusCodes } from './codes';
import { decodeAnchor, encodeAnchor, orderColumns } from './anchor';
import { DAY_MS, MERCHANT_INDEX, SORT_SQL, derivedLive, keepLateCountsNear, sortIndexName } from './derived';
import { bucketState, lateCorrection, lateMatchCount, locateRank } from './sort-buckets';

export interface QueueContext {
  /** UTC ms; the SLA and lease expiry comparisons use it. */
  now: number;
}

export interface PageRequest {
  kind: CaseKind;
  sort: { column: QueueSortColumn; direction: 'asc' | 'desc' };
  filter: QueueFilter;
  offset: number;
  limit: number;
  /** The anchor of the row before this page (see anchor.ts); when given, `offset` skips nothing. */
  after?: string;
}

/**
 * How one page is read: after an anchor's order key, or by offset, walked from either end or
 * (`from`) ascending from a seek to a bucket of the sort column (see `sort-buckets.ts`);
 * `byDeadline`: from the deadline index's "passed" range instead of the sort index (see `sparseDeadline`).
 */
export type PagePlan = ({ keyset: readonly number[] } | { offset: number; limit: number; reverse: boolean; from?: readonly number[] }) & { byDeadline?: true };

/**
 * "Deadline passed" can read the deadline index's "passed" range (all statuses) and sort its
 * matches instead of walking the sort index, whose matches may all sit at the far end (the
 * newest cases are rarely late). Each match then costs a table lookup for the sort column and a
 * sort step, about as much as walking `LOOKUP_IN_WALKED_ENTRIES` index entries (measured ~3–5 µs
 * against ~0.1 µs): so the range is read only where that bounds the cost below the walk's worst
 * case (the whole queue), and only up to `DEADLINE_RANGE_MAX` cases. Where late cases are common
 * the walk meets them early and stays the plan (by creation from the newest end, from the
 * bucket its first matches are in: see `pagePlan`).
 */
export const DEADLINE_RANGE_MAX = 4_000;
const LOOKUP_IN_WALKED_ENTRIES = 32;

interface Sql {
  sql: string;
  params: (string | number)[];
}

const nonEmpty = <T>(xs: readonly T[] | undefined): xs is readonly T[] => xs !== undefined && xs.length > 0;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * WHERE terms for the filters on the enum columns and the SLA deadline. An empty list means
 * "no restriction", like an unset one: the grid sends [] when nothing is ticked.
 * `residual` writes `+column`: checked inside the index, never mistaken for a constant column
 * (a one-value `IN` would otherwise make SQLite drop it from the ORDER BY and sort in a temp b-tree).
 */
function enumTerms(f: QueueFilter, ctx: QueueContext, alias: string, residual: boolean, lateResidual = false): Sql {
  const terms: string[] = [];
  const params: (string | number)[] = [];
  const inList = (column: string, codes: number[]) => {
    terms.push(`${residual ? '+' : ''}${alias}${column} IN (${marks(codes.length)})`);
    params.push(...codes);
  };
  // The deadline first: on a sort index it rules out the most entries of a walk, and is cheapest to check.
  if (f.slaBreached) {
    terms.push(`${lateResidual ? '+' : ''}${alias}sla_due_at < ?`);
    params.push(ctx.now);
  }
  if (nonEmpty(f.status)) inList('status', f.status.map((s) => statusCodes.code(s)));
  if (nonEmpty(f.category)) inList('category', f.category.map((s) => categoryCodes.code(s)));
  if (nonEmpty(f.region)) inList('region', f.region.map((s) => regionCodes.code(s)));
  if (nonEmpty(f.severity)) inList('severity', f.severity.map((s) => severityCodes.code(s)));
  return { sql: terms.map((t) => ` AND ${t}`).join(''), params };
}

/** The FROM/WHERE part shared by pages and row counts, and which index it rests on. */
function source(kind: CaseKind, f: QueueFilter, ctx: QueueContext, pinned: string | null, live: boolean, lateResidual = false): Sql {
  const rest = enumTerms(f, ctx, 'c.', true, lateResidual);
  const kindCode = kindCodes.code(kind);
  if (f.mine) {
    // My leases are a few hundred at most: start there (CROSS JOIN fixes the join order in SQLite).
    const merchant = f.merchantId ? ' AND c.merchant_id = ?' : '';
    return {
      sql: `FROM my_leases l CROSS JOIN cases c ON c.id = l.case_id WHERE l.expires_at > ? AND c.kind = ?${merchant}${rest.sql}`,
      params: [ctx.now, kindCode, ...(f.merchantId ? [f.merchantId] : []), ...rest.params],
    };
  }
  if (f.merchantId) {
    const using = live ? ` INDEXED BY ${MERCHANT_INDEX}` : '';
    return { sql: `FROM cases c${using} WHERE c.merchant_id = ? AND c.kind = ?${rest.sql}`, params: [f.merchantId, kindCode, ...rest.params] };
  }
  const using = live && pinned ? ` INDEXED BY ${pinned}` : '';
  return { sql: `FROM cases c${using} WHERE c.kind = ?${rest.sql}`, params: [kindCode, ...rest.params] };
}

const ROW_COLUMNS = `c.seq, c.id, c.kind, c.status, c.priority, c.created_at, c.updated_at, c.sla_due_at, c.category, c.region, c.amount_fen,
  c.merchant_id, c.merchant_name, c.title, c.severity, c.lease_holder_name, c.lease_expires_at,
  EXISTS (SELECT 1 FROM my_decisions d WHERE d.case_id = c.id AND d.state = 'pending') AS pending,
  EXISTS (SELECT 1 FROM conflicts k WHERE k.case_id = c.id AND k.resolution IS NULL) AS in_conflict`;

export function pageSql(db: ReadableDB, q: PageRequest, ctx: QueueContext, plan: PagePlan = { offset: q.offset, limit: q.limit, reverse: false }): Sql {
  const live = derivedLive(db);
  const reverse = 'reverse' in plan && plan.reverse;
  const desc = (q.sort.direction === 'desc') !== reverse;
  const columns = orderColumns(q.sort.column).map((col) => `c.${col}`);
  // Exactly the index's column order (after kind), then the rowid: the index yields rows in this order.
  const order = columns.map((col) => `${col}${desc ? ' DESC' : ''}`).join(', ');
  // Descending after an anchor on the deadline index, "deadline passed" is an upper bound like the
  // anchor: checked per entry, so the seek starts at the anchor instead of at now.
  const lateResidual = 'keyset' in plan && desc && q.sort.column === 'slaDueAt';
  const from = source(q.kind, q.filter, ctx, sortIndexName(plan.byDeadline ? 'slaDueAt' : q.sort.column), live, lateResidual);
  // Late cases were all created before `bound`: a range of the creation index, sought directly.
  // Not after an anchor: a late case itself, so below the bound; the two ranges would compete for the seek.
  const bound = !plan.byDeadline && !('keyset' in plan) && q.sort.column === 'createdAt' ? lateCreationBound(db, q, ctx) : null;
  const late = bound === null ? { sql: '', params: [] } : { sql: ' AND c.created_at < ?', params: [bound] };
  // A row value on the index's own columns: SQLite seeks to the anchor (or a bucket) and walks on from there.
  const seek = (values: readonly number[], op: string) => ` AND (${columns.slice(0, values.length).join(', ')}) ${op} (${marks(values.length)})`;
  const after = 'keyset' in plan ? seek(plan.keyset, desc ? '<' : '>') : plan.from ? seek(plan.from, '>=') : '';
  const window = 'keyset' in plan ? { sql: 'LIMIT ?', params: [...plan.keyset, q.limit] } : { sql: 'LIMIT ? OFFSET ?', params: [...(plan.from ?? []), plan.limit, plan.offset] };
  if (plan.byDeadline) {
    // The inner query (its own `c`) sorts only the matches' keys; the outer reads the page's rows.
    const inner = `SELECT c.seq ${from.sql}${after} ORDER BY ${order} ${window.sql}`;
    return { sql: `SELECT ${ROW_COLUMNS} FROM cases c WHERE c.seq IN (${inner}) ORDER BY ${order}`, params: [...from.params, ...window.params] };
  }
  return { sql: `SELECT ${ROW_COLUMNS} ${from.sql}${late.sql}${after} ORDER BY ${order} ${window.sql}`, params: [...from.params, ...late.params, ...window.params] };
}

/**
 * For "deadline passed": a case is due its span (`sla_spans`) after its creation, so a late one
 * was created before now minus the shortest span of its kind. The newest cases, rarely late,
 * lie past that bound and are not walked. Null when there is no bound to give.
 */
function lateCreationBound(db: ReadableDB, q: PageRequest, ctx: QueueContext): number | null {
  if (!q.filter.slaBreached || !derivedLive(db)) return null;
  const shortest = db.prepare('SELECT min(span) FROM sla_spans WHERE kind = ? AND n > 0').pluck().get(kindCodes.code(q.kind)) as number | null;
  return shortest === null ? null : ctx.now - shortest;
}

interface RawRow {
  seq: number; id: string; kind: number; status: number; priority: number; created_at: number; updated_at: number; sla_due_at: number;
  category: number; region: number; amount_fen: number; merchant_id: string; merchant_name: string; title: string; severity: number;
  lease_holder_name: string | null; lease_expires_at: number | null; pending: number; in_conflict: number;
}

export interface QueuePage {
  rows: CaseRow[];
  /** The anchor of the last row, for asking the page after it; null when the page is empty. */
  anchor: string | null;
}

/**
 * One page. With an anchor: the rows after it, a seek at any depth. Without: by offset, from a
 * seek to the sort bucket that holds it (`sort-buckets.ts`), or near either end walked from that
 * end (the count is cheap); count, bucket counts and page run in one read transaction so they
 * see the same rows.
 */
export function queuePage(db: WritableDB, q: PageRequest, ctx: QueueContext): QueuePage {
  // A write of its own, before the read: the late counts' cutoff follows the clock.
  if (q.filter.slaBreached && q.after === undefined && bucketed(db, q)) keepLateCountsNear(db, ctx.now);
  return db.transaction((): QueuePage => {
    const plan = pagePlan(db, q, ctx);
    if (!plan) return { rows: [], anchor: null };
    const { sql, params } = pageSql(db, q, ctx, plan);
    const raw = db.prepare(sql).all(...params) as RawRow[];
    if ('reverse' in plan && plan.reverse) raw.reverse();
    const last = raw[raw.length - 1];
    return { rows: raw.map((r) => toCaseRow(r, ctx)), anchor: last ? encodeAnchor(q, orderKey(q.sort.column, last)) : null };
  })();
}

/** The plan for a page, or null when it lies past the end of the queue. */
export function pagePlan(db: ReadableDB, q: PageRequest, ctx: QueueContext): PagePlan | null {
  const byDeadline = sparseDeadline(db, q, ctx) ? { byDeadline: true as const } : {};
  if (q.after !== undefined) return { keyset: decodeAnchor(q.after, q), ...byDeadline };
  // "Deadline passed" by creation: a case is late only once its deadline span has passed, and the
  // open ones among those are a backlog further down, so a walk from the newest end passed
  // ~200,000 cases that cannot match at 1M (24 ms). A page that would be walked from there seeks
  // to the bucket its matches start in, even the first (the counts cost ~3 ms: for other sorts,
  // whose matches are spread out, the walk stays cheaper).
  const seekable = !byDeadline.byDeadline && bucketed(db, q);
  const lateByCreation = seekable && q.filter.slaBreached === true && q.sort.column === 'createdAt';
  const desc = q.sort.direction === 'desc';
  if (q.offset === 0 && !(lateByCreation && desc)) return { offset: 0, limit: q.limit, reverse: false, ...byDeadline };
  const count = queueCount(db, q.kind, q.filter, ctx);
  if (q.offset >= count) return null;
  const limit = Math.min(q.limit, count - q.offset);
  const fromEnd = count - q.offset - limit;
  const fromNewest = lateByCreation && (desc ? q.offset <= fromEnd : fromEnd < q.offset);
  // Walking an eighth of a bucket from the nearer end costs less than summing the buckets.
  if (fromNewest || (seekable && Math.min(q.offset, fromEnd) * 8 >= bucketState(db).rows)) {
    const kind = kindCodes.code(q.kind);
    const col = SORT_SQL[q.sort.column];
    const groups = { ...q.filter, slaBreached: false };
    const late = q.filter.slaBreached ? lateCorrection(db, kind, col, sortIndexName('slaDueAt'), enumTerms(groups, ctx, 'c.', true), ctx.now) : null;
    // Ascending from the bucket: a descending page is the same rows read from the other end.
    const at = locateRank(db, kind, col, enumTerms(groups, ctx, '', false), desc ? fromEnd : q.offset, late);
    if (at) return { offset: at.offset, limit, reverse: desc, from: at.from };
  }
  return fromEnd < q.offset ? { offset: fromEnd, limit, reverse: true, ...byDeadline } : { offset: q.offset, limit, reverse: false, ...byDeadline };
}

/** Whether the bucket counts place this queue's rows: they count by kind and filter group, so not for merchant or mine. */
function bucketed(db: ReadableDB, q: PageRequest): boolean {
  return derivedLive(db) && !q.filter.mine && !q.filter.merchantId;
}

/**
 * "Deadline passed" over a short range of the deadline index, relative to the queue (both
 * counted from the aggregates): read that range. Not for a deadline sort (its index is that
 * range already) nor merchant or mine (smaller sets of their own).
 */
function sparseDeadline(db: ReadableDB, q: PageRequest, ctx: QueueContext): boolean {
  const f = q.filter;
  if (!f.slaBreached || f.mine || f.merchantId || q.sort.column === 'slaDueAt' || !derivedLive(db)) return false;
  const late = queueCount(db, q.kind, { slaBreached: true }, ctx);
  return late <= DEADLINE_RANGE_MAX && late * LOOKUP_IN_WALKED_ENTRIES <= queueCount(db, q.kind, {}, ctx);
}

const ORDER_FIELD: Record<string, (r: RawRow) => number> = {
  sla_due_at: (r) => r.sla_due_at, priority: (r) => r.priority, created_at: (r) => r.created_at, updated_at: (r) => r.updated_at,
  amount_fen: (r) => r.amount_fen, status: (r) => r.status, category: (r) => r.category, region: (r) => r.region, severity: (r) => r.severity, seq: (r) => r.seq,
};

function orderKey(column: QueueSortColumn, r: RawRow): number[] {
  return orderColumns(column).map((col) => {
    const field = ORDER_FIELD[col];
    if (!field) throw new Error(`no page field for order column ${col}`);
    return field(r);
  });
}

function toCaseRow(r: RawRow, ctx: QueueContext): CaseRow {
  const leaseLive = r.lease_expires_at !== null && r.lease_expires_at > ctx.now;
  return {
    id: r.id,
    kind: kindCodes.value(r.kind),
    status: statusCodes.value(r.status),
    priority: r.priority,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    slaDueAt: r.sla_due_at,
    category: categoryCodes.value(r.category),
    region: regionCodes.value(r.region),
    amountFen: r.amount_fen,
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    title: r.title,
    severity: severityValue(r.severity),
    leaseHolder: leaseLive ? r.lease_holder_name : null,
    leaseExpiresAt: leaseLive ? r.lease_expires_at : null,
    pending: r.pending === 1,
    inConflict: r.in_conflict === 1,
  };
}

export function countSql(db: ReadableDB, kind: CaseKind, f: QueueFilter, ctx: QueueContext): Sql {
  const live = derivedLive(db);
  if (live && !f.mine && !f.merchantId && !f.slaBreached) {
    // Only enum filters: sum the aggregate the triggers keep, never touching the cases.
    const rest = enumTerms(f, ctx, '', false);
    return { sql: `SELECT coalesce(sum(n), 0) FROM queue_counts WHERE kind = ?${rest.sql}`, params: [kindCodes.code(kind), ...rest.params] };
  }
  if (live && f.slaBreached && !f.mine && !f.merchantId && !nonEmpty(f.category) && !nonEmpty(f.region) && !nonEmpty(f.severity)) {
    // Whole days before today from the per-day aggregate, today's part from the SLA index.
    const dayStart = Math.floor(ctx.now / DAY_MS) * DAY_MS;
    const status = nonEmpty(f.status) ? f.status.map((s) => statusCodes.code(s)) : null;
    const inStatus = (col: string) => (status ? ` AND ${col} IN (${marks(status.length)})` : '');
    return {
      sql: `SELECT (SELECT coalesce(sum(n), 0) FROM sla_day_counts WHERE kind = ? AND day < ?${inStatus('status')})
        + (SELECT count(*) FROM cases c INDEXED BY ${sortIndexName('slaDueAt')} WHERE c.kind = ? AND c.sla_due_at >= ? AND c.sla_due_at < ?${inStatus('+c.status')})`,
      params: [kindCodes.code(kind), dayStart / DAY_MS, ...(status ?? []), kindCodes.code(kind), dayStart, ctx.now, ...(status ?? [])],
    };
  }
  // The SLA index turns "deadline passed" into a range; the other filters are checked inside it.
  const from = source(kind, f, ctx, sortIndexName('slaDueAt'), live);
  return { sql: `SELECT count(*) ${from.sql}`, params: from.params };
}

export function queueCount(db: ReadableDB, kind: CaseKind, f: QueueFilter, ctx: QueueContext): number {
  if (f.slaBreached && derivedLive(db) && !f.mine && !f.merchantId && (nonEmpty(f.category) || nonEmpty(f.region) || nonEmpty(f.severity))) {
    // The late bucket counts, when few deadlines lie between their cutoff and now; else the deadline range below.
    const groups = { ...f, slaBreached: false };
    const late = lateMatchCount(db, kindCodes.code(kind), SORT_SQL.priority, sortIndexName('slaDueAt'), enumTerms(groups, ctx, '', false), enumTerms(groups, ctx, 'c.', true), ctx.now);
    if (late !== null) return late;
  }
  const { sql, params } = countSql(db, kind, f, ctx);
  return db.prepare(sql).pluck().get(...params) as number;
}

export function queueSummaries(db: ReadableDB, kinds: readonly CaseKind[], ctx: QueueContext): QueueSummary[] {
  const count = (kind: CaseKind, f: QueueFilter) => queueCount(db, kind, f, ctx);
  return kinds.map((kind) => ({
    kind,
    total: count(kind, {}),
    open: count(kind, { status: ['open'] }),
    awaitingApproval: count(kind, { status: ['awaiting_approval'] }),
    // Breached means still waiting on someone: decided and withdrawn cases are not late.
    breached: count(kind, { status: ['open', 'awaiting_approval'], slaBreached: true }),
    mine: count(kind, { mine: true }),
  }));
}

