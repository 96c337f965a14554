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
import type { ReadableDB, WritableDB } from './handles';
import { QUEUE_SORT_COLUMNS, type QueueSortColumn } from '../../../shared/api';
import { getMeta, setMeta } from './meta';
import {
  BUCKET_ROWS, clearSortBuckets, keepLateCutoffNear, rebuildSortBuckets, setBucketState, sortBucketTriggers, storeCountedBuckets,
  type CountInto, type CountedBuckets,
} from './sort-buckets';

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

function createAggregateTables(db: WritableDB, into: CountInto): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${into}.queue_counts (
    kind INTEGER NOT NULL, status INTEGER NOT NULL, category INTEGER NOT NULL, region INTEGER NOT NULL, severity INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, status, category, region, severity)
  ) WITHOUT ROWID`);
  // Deadline minus creation, per kind: the shortest bounds where late cases can be in creation order.
  db.exec(`CREATE TABLE IF NOT EXISTS ${into}.sla_spans (
    kind INTEGER NOT NULL, span INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, span)
  ) WITHOUT ROWID`);
  db.exec(`CREATE TABLE IF NOT EXISTS ${into}.sla_day_counts (
    kind INTEGER NOT NULL, status INTEGER NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, status, day)
  ) WITHOUT ROWID`);
}

/** The aggregate tables and the columns a count fills, in the order `countQueues` writes them. */
const AGGREGATES = [
  { table: 'queue_counts', columns: `${KEY}, n`, select: `SELECT ${KEY}, count(*) FROM main.cases GROUP BY ${KEY}` },
  { table: 'sla_day_counts', columns: 'kind, status, day, n', select: `SELECT kind, status, sla_due_at / ${DAY_MS}, count(*) FROM main.cases GROUP BY 1, 2, 3` },
  { table: 'sla_spans', columns: 'kind, span, n', select: 'SELECT kind, sla_due_at - created_at, count(*) FROM main.cases GROUP BY 1, 2' },
] as const;

/** Counts the cases anew into the aggregate tables of `into`: reads only `main.cases`, with or without its indexes. */
export function countQueues(db: WritableDB, into: CountInto): void {
  createAggregateTables(db, into);
  for (const a of AGGREGATES) {
    db.exec(`DELETE FROM ${into}.${a.table}`);
    db.exec(`INSERT INTO ${into}.${a.table} (${a.columns}) ${a.select}`);
  }
}

/** A reader's counts (`countQueues` into `temp`): each aggregate table's rows, in `AGGREGATES` order. */
export type CountedQueues = unknown[][][];

export function countedQueues(db: ReadableDB): CountedQueues {
  return AGGREGATES.map((a) => db.prepare(`SELECT ${a.columns} FROM temp.${a.table}`).raw().all() as unknown[][]);
}

/** True when the indexes and counts are in place (the normal state). */
export function derivedLive(db: ReadableDB): boolean {
  return getMeta(db, 'derived') !== 'deferred';
}

/** Drops the derived structures before a bulk insert into an empty cases table. Call inside a transaction. */
export function deferDerived(db: WritableDB): void {
  for (const t of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t.name}`);
  for (const i of INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
  setMeta(db, 'derived', 'deferred');
}

/**
 * The rebuild as separate steps, each one transaction, so a caller can yield between them
 * (an index over a million cases takes seconds). Until the last step flips the flag the
 * structures count as deferred, so a crash anywhere leaves a state the next rebuild finishes.
 */
export function derivedBuildSteps(db: WritableDB): { name: string; run(): void }[] {
  return [
    ...INDEXES.map((i) => ({ name: i.name, run: () => db.transaction(() => db.exec(i.sql)).immediate() })),
    // Reads the sort indexes in order, so after them; before the flag flips, since jumps rely on it.
    { name: 'sort buckets', run: () => db.transaction(() => rebucketSorts(db)).immediate() },
    { name: 'counts', run: () => db.transaction(() => recountAndGoLive(db)).immediate() },
  ];
}

/** (Re)builds everything in the caller's transaction (migrations, tests). */
export function buildDerived(db: WritableDB): void {
  for (const i of INDEXES) db.exec(i.sql);
  rebucketSorts(db);
  recountAndGoLive(db);
}

/** Cuts and counts the sort columns' buckets anew (tests pass small buckets). Needs the sort indexes. */
export function rebucketSorts(db: WritableDB, rowsPerBucket = BUCKET_ROWS, now = Date.now()): void {
  rebuildSortBuckets(db, SORT_COLUMNS, indexOfColumn, now, rowsPerBucket);
}

/** See `keepLateCutoffNear`: before a "deadline passed" jump reads the late bucket counts. */
export function keepLateCountsNear(db: WritableDB, now: number): void {
  keepLateCutoffNear(db, SORT_COLUMNS, indexOfColumn('sla_due_at'), now);
}

function recountAndGoLive(db: WritableDB): void {
  countQueues(db, 'main');
  goLive(db);
}

function goLive(db: WritableDB): void {
  for (const t of TRIGGERS) db.exec(t.sql);
  setMeta(db, 'derived', 'live');
}

/**
 * What a second connection can count while the writer builds the indexes (derived-reader.ts):
 * the aggregates from the table, each sort column's buckets once its index is committed.
 */
export interface DerivedCounter {
  countQueues(): Promise<CountedQueues>;
  countBuckets(col: string, index: string, now: number, rowsPerBucket: number): Promise<CountedBuckets>;
}

/**
 * The rebuild of `derivedBuildSteps` with the counting done by `counter` on another thread: the
 * writer builds the indexes one by one, asks for each sort column's buckets as soon as its index
 * is committed, and stores everything counted in the last step's transaction, which flips the
 * flag. The counts are of the cases as they stand when they are read; nothing else writes cases
 * while a rebuild runs (the sync engine, the only writer of cases, is the one rebuilding).
 * The same steps as the one-connection rebuild, so a crash anywhere leaves a state the next
 * rebuild finishes. `proceed` runs before each step and may yield; false stops the rebuild
 * there (the flag stays 'deferred'). Returns whether the structures went live.
 */
export async function rebuildDerivedCounting(
  db: WritableDB, counter: DerivedCounter, proceed: (step: string) => Promise<boolean>, now = Date.now(), rowsPerBucket = BUCKET_ROWS,
): Promise<boolean> {
  const queues = counter.countQueues();
  const buckets: Promise<CountedBuckets>[] = [];
  // Settled on failure too, so a rejection while the writer is busy is not left unhandled.
  queues.catch(() => undefined);
  for (const i of INDEXES) {
    if (!(await proceed(i.name))) return false;
    db.transaction(() => db.exec(i.sql)).immediate();
    const col = SORT_COLUMNS.find((c) => indexOfColumn(c) === i.name);
    if (col) {
      const counted = counter.countBuckets(col, i.name, now, rowsPerBucket);
      counted.catch(() => undefined);
      buckets.push(counted);
    }
  }
  if (!(await proceed('sort buckets'))) return false;
  const [countedSorts, countedAggregates] = await Promise.all([Promise.all(buckets), queues]);
  if (!(await proceed('counts'))) return false;
  db.transaction(() => {
    clearSortBuckets(db, 'main');
    setBucketState(db, rowsPerBucket, now);
    for (const counted of countedSorts) storeCountedBuckets(db, counted);
    createAggregateTables(db, 'main');
    AGGREGATES.forEach((a, i) => {
      db.exec(`DELETE FROM ${a.table}`);
      const insert = db.prepare(`INSERT INTO ${a.table} (${a.columns}) VALUES (${a.columns.split(', ').map(() => '?').join(', ')})`);
      for (const row of countedAggregates[i] ?? []) insert.run(row);
    });
    goLive(db);
  }).immediate();
  return true;
}
