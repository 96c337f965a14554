/**
 * Derived structures of the replicated cases table: the secondary indexes the grid's sorts and
 * filters use, and aggregates kept by triggers that answer counts without scanning:
 * `queue_counts` (per kind, status, category, region, severity), `sla_day_counts` (per kind,
 * status and UTC day of the SLA deadline, for "deadline passed" counts), `sla_spans` (per kind,
 * how long after its creation a case is due) and the sort columns' bucket counts that place an
 * anchorless jump (`sort-buckets.ts`). They hold nothing that cannot be recomputed from
 * `cases`, so an initial bootstrap drops them, inserts at full speed, and rebuilds them at the
 * end; a `derived` flag in `meta` makes that crash-safe (a restart finds it 'deferred' and
 * rebuilds).
 *
 * Migration 3 created the first version of these, migration 7 added the spans and buckets. A
 * later change to this list must come with a migration that drops and rebuilds them.
 */
import type Database from 'better-sqlite3';
import { QUEUE_SORT_COLUMNS, type QueueSortColumn } from '../../../shared/api';
import { getMeta, setMeta } from './meta';
import { BUCKET_ROWS, keepLateCutoffNear, rebuildSortBuckets, sortBucketTriggers } from './sort-buckets';

/** Grid sort column → SQL column. */
export const SORT_SQL: Record<QueueSortColumn, string> = {
  slaDueAt: 'sla_due_at',
  priority: 'priority',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  amountFen: 'amount_fen',
};

export const DAY_MS = 86_400_000;

/**
 * One index per sort column: `(kind, sortcol, status, category, region, severity[, sla_due_at])`.
 * The page query orders by exactly these columns (then the rowid), so the index delivers rows in
 * order and every filter on the trailing columns is checked inside the index, without reading
 * the table row. Status is not in the prefix because the grid's default shows every status.
 */
export function sortIndexColumns(column: QueueSortColumn): string[] {
  const s = SORT_SQL[column];
  return ['kind', s, 'status', 'category', 'region', 'severity', ...(s === 'sla_due_at' ? [] : ['sla_due_at'])];
}
const indexOfColumn = (col: string): string => `cases_sort_${col}`;
export const sortIndexName = (column: QueueSortColumn): string => indexOfColumn(SORT_SQL[column]);
export const MERCHANT_INDEX = 'cases_by_merchant';
export const BUYER_INDEX = 'cases_by_buyer';

const INDEXES: readonly { name: string; sql: string }[] = [
  ...QUEUE_SORT_COLUMNS.map((c) => ({ name: sortIndexName(c), sql: `CREATE INDEX IF NOT EXISTS ${sortIndexName(c)} ON cases (${sortIndexColumns(c).join(', ')})` })),
  { name: MERCHANT_INDEX, sql: `CREATE INDEX IF NOT EXISTS ${MERCHANT_INDEX} ON cases (merchant_id, kind, status)` },
  { name: BUYER_INDEX, sql: `CREATE INDEX IF NOT EXISTS ${BUYER_INDEX} ON cases (buyer_id) WHERE buyer_id IS NOT NULL` },
];

const KEY = 'kind, status, category, region, severity';
const match = (row: 'old' | 'new') => `kind = ${row}.kind AND status = ${row}.status AND category = ${row}.category AND region = ${row}.region AND severity = ${row}.severity`;
const values = (row: 'old' | 'new') => `${row}.kind, ${row}.status, ${row}.category, ${row}.region, ${row}.severity`;
const day = (row: 'old' | 'new') => `${row}.sla_due_at / ${DAY_MS}`;
const incCounts = (row: 'old' | 'new') => `INSERT INTO queue_counts (${KEY}, n) VALUES (${values(row)}, 1) ON CONFLICT DO UPDATE SET n = n + 1;`;
const decCounts = (row: 'old' | 'new') => `UPDATE queue_counts SET n = n - 1 WHERE ${match(row)};`;
const incDays = (row: 'old' | 'new') => `INSERT INTO sla_day_counts (kind, status, day, n) VALUES (${row}.kind, ${row}.status, ${day(row)}, 1) ON CONFLICT DO UPDATE SET n = n + 1;`;
const decDays = (row: 'old' | 'new') => `UPDATE sla_day_counts SET n = n - 1 WHERE kind = ${row}.kind AND status = ${row}.status AND day = ${day(row)};`;

const SORT_COLUMNS = QUEUE_SORT_COLUMNS.map((c) => SORT_SQL[c]);
const span = (row: 'old' | 'new') => `${row}.sla_due_at - ${row}.created_at`;
const incSpans = (row: 'old' | 'new') => `INSERT INTO sla_spans (kind, span, n) VALUES (${row}.kind, ${span(row)}, 1) ON CONFLICT DO UPDATE SET n = n + 1;`;
const decSpans = (row: 'old' | 'new') => `UPDATE sla_spans SET n = n - 1 WHERE kind = ${row}.kind AND span = ${span(row)};`;

const TRIGGERS: readonly { name: string; sql: string }[] = [
  { name: 'cases_count_insert', sql: `CREATE TRIGGER IF NOT EXISTS cases_count_insert AFTER INSERT ON cases BEGIN ${incCounts('new')} ${incDays('new')} END` },
  { name: 'cases_count_delete', sql: `CREATE TRIGGER IF NOT EXISTS cases_count_delete AFTER DELETE ON cases BEGIN ${decCounts('old')} ${decDays('old')} END` },
  {
    name: 'cases_count_update',
    sql: `CREATE TRIGGER IF NOT EXISTS cases_count_update AFTER UPDATE OF ${KEY} ON cases
      WHEN old.kind IS NOT new.kind OR old.status IS NOT new.status OR old.category IS NOT new.category
        OR old.region IS NOT new.region OR old.severity IS NOT new.severity
    BEGIN ${decCounts('old')} ${incCounts('new')} END`,
  },
  {
    name: 'cases_sla_day_update',
    sql: `CREATE TRIGGER IF NOT EXISTS cases_sla_day_update AFTER UPDATE OF kind, status, sla_due_at ON cases
      WHEN old.kind IS NOT new.kind OR old.status IS NOT new.status OR ${day('old')} IS NOT ${day('new')}
    BEGIN ${decDays('old')} ${incDays('new')} END`,
  },
  { name: 'cases_span_insert', sql: `CREATE TRIGGER IF NOT EXISTS cases_span_insert AFTER INSERT ON cases BEGIN ${incSpans('new')} END` },
  { name: 'cases_span_delete', sql: `CREATE TRIGGER IF NOT EXISTS cases_span_delete AFTER DELETE ON cases BEGIN ${decSpans('old')} END` },
  {
    name: 'cases_span_update',
    sql: `CREATE TRIGGER IF NOT EXISTS cases_span_update AFTER UPDATE OF kind, created_at, sla_due_at ON cases
      WHEN old.kind IS NOT new.kind OR ${span('old')} IS NOT ${span('new')}
    BEGIN ${decSpans('old')} ${incSpans('new')} END`,
  },
  ...sortBucketTriggers(SORT_COLUMNS),
];

export const DERIVED_INDEX_NAMES = INDEXES.map((i) => i.name);
export const DERIVED_TRIGGER_NAMES = TRIGGERS.map((t) => t.name);

function createAggregateTables(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS queue_counts (
    kind INTEGER NOT NULL, status INTEGER NOT NULL, category INTEGER NOT NULL, region INTEGER NOT NULL, severity INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, status, category, region, severity)
  ) WITHOUT ROWID`);
  // Deadline minus creation, per kind: the shortest bounds where late cases can be in creation order.
  db.exec(`CREATE TABLE IF NOT EXISTS sla_spans (
    kind INTEGER NOT NULL, span INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, span)
  ) WITHOUT ROWID`);
  db.exec(`CREATE TABLE IF NOT EXISTS sla_day_counts (
    kind INTEGER NOT NULL, status INTEGER NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, status, day)
  ) WITHOUT ROWID`);
}

/** True when the indexes and counts are in place (the normal state). */
export function derivedLive(db: Database.Database): boolean {
  return getMeta(db, 'derived') !== 'deferred';
}

/** Drops the derived structures before a bulk insert into an empty cases table. Call inside a transaction. */
export function deferDerived(db: Database.Database): void {
  for (const t of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t.name}`);
  for (const i of INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
  setMeta(db, 'derived', 'deferred');
}

/**
 * The rebuild as separate steps, each one transaction, so a caller can yield between them
 * (an index over a million cases takes seconds). Until the last step flips the flag the
 * structures count as deferred, so a crash anywhere leaves a state the next rebuild finishes.
 */
export function derivedBuildSteps(db: Database.Database): { name: string; run(): void }[] {
  return [
    ...INDEXES.map((i) => ({ name: i.name, run: () => db.transaction(() => db.exec(i.sql)).immediate() })),
    // Reads the sort indexes in order, so after them; before the flag flips, since jumps rely on it.
    { name: 'sort buckets', run: () => db.transaction(() => rebucketSorts(db)).immediate() },
    { name: 'counts', run: () => db.transaction(() => recountAndGoLive(db)).immediate() },
  ];
}

/** (Re)builds everything in the caller's transaction (migrations, tests). */
export function buildDerived(db: Database.Database): void {
  for (const i of INDEXES) db.exec(i.sql);
  rebucketSorts(db);
  recountAndGoLive(db);
}

/** Cuts and counts the sort columns' buckets anew (tests pass small buckets). Needs the sort indexes. */
export function rebucketSorts(db: Database.Database, rowsPerBucket = BUCKET_ROWS, now = Date.now()): void {
  rebuildSortBuckets(db, SORT_COLUMNS, indexOfColumn, now, rowsPerBucket);
}

/** See `keepLateCutoffNear`: before a "deadline passed" jump reads the late bucket counts. */
export function keepLateCountsNear(db: Database.Database, now: number): void {
  keepLateCutoffNear(db, SORT_COLUMNS, indexOfColumn('sla_due_at'), now);
}

function recountAndGoLive(db: Database.Database): void {
  createAggregateTables(db);
  db.exec('DELETE FROM queue_counts');
  db.exec(`INSERT INTO queue_counts (${KEY}, n) SELECT ${KEY}, count(*) FROM cases GROUP BY ${KEY}`);
  db.exec('DELETE FROM sla_day_counts');
  db.exec(`INSERT INTO sla_day_counts (kind, status, day, n) SELECT kind, status, sla_due_at / ${DAY_MS}, count(*) FROM cases GROUP BY 1, 2, 3`);
  db.exec('DELETE FROM sla_spans');
  db.exec(`INSERT INTO sla_spans (kind, span, n) SELECT kind, sla_due_at - created_at, count(*) FROM cases GROUP BY 1, 2`);
  for (const t of TRIGGERS) db.exec(t.sql);
  setMeta(db, 'derived', 'live');
}
