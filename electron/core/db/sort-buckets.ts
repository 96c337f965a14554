/**
 * Order statistics for anchorless jumps (the scrollbar dragged to the middle of a queue): where
 * the row at rank r of a filtered, sorted queue is, without walking the r rows before it.
 *
 * Each sort column's values are cut into buckets of about `BUCKET_ROWS` cases per kind
 * (`sort_bounds`: each bucket's lowest value, fixed at a rebuild), and `sort_buckets` counts the
 * cases of each bucket per filter group (status, category, region, severity), kept exact by
 * triggers in the same transaction as every sync write. A jump sums the matching groups' counts
 * bucket by bucket (a few thousand aggregate rows), seeks in the sort index to the bucket that
 * holds rank r and walks at most that bucket. A bucket of one value (a value held by more than a
 * bucket's worth of cases, e.g. a priority) is ordered by the filter groups in the index, so the
 * seek goes on to the group's own run of rows, every one of them a match.
 *
 * Bounds only decide which bucket a value counts in; stale bounds (values written after the
 * rebuild crowd into the last bucket) make a jump walk more, never give another row.
 */
import type Database from 'better-sqlite3';

export const BUCKET_ROWS = 16_384;
/** The first bucket of every kind starts here, so every value falls in a bucket. */
const LOWEST = Number.MIN_SAFE_INTEGER;
const GROUP = ['status', 'category', 'region', 'severity'] as const;

export function createSortBucketTables(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS sort_bounds (
    kind INTEGER NOT NULL, col TEXT NOT NULL, lo INTEGER NOT NULL,
    PRIMARY KEY (kind, col, lo)
  ) WITHOUT ROWID`);
  db.exec(`CREATE TABLE IF NOT EXISTS sort_buckets (
    kind INTEGER NOT NULL, col TEXT NOT NULL, lo INTEGER NOT NULL,
    status INTEGER NOT NULL, category INTEGER NOT NULL, region INTEGER NOT NULL, severity INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, col, lo, status, category, region, severity)
  ) WITHOUT ROWID`);
  db.exec('CREATE TABLE IF NOT EXISTS sort_bucket_size (id INTEGER PRIMARY KEY CHECK (id = 1), rows INTEGER NOT NULL)');
}

/** The bucket size of the last rebuild (0 before any). */
export function bucketSize(db: Database.Database): number {
  return (db.prepare('SELECT rows FROM sort_bucket_size').pluck().get() as number | undefined) ?? 0;
}

/** The bucket (its lowest value) that `row`'s value of `col` counts in. */
const bucketOf = (row: 'old' | 'new', col: string) =>
  `coalesce((SELECT lo FROM sort_bounds WHERE kind = ${row}.kind AND col = '${col}' AND lo <= ${row}.${col} ORDER BY lo DESC LIMIT 1), ${LOWEST})`;
const inc = (row: 'old' | 'new', col: string) =>
  `INSERT INTO sort_buckets (kind, col, lo, ${GROUP.join(', ')}, n) VALUES (${row}.kind, '${col}', ${bucketOf(row, col)}, ${GROUP.map((g) => `${row}.${g}`).join(', ')}, 1) ON CONFLICT DO UPDATE SET n = n + 1;`;
const dec = (row: 'old' | 'new', col: string) =>
  `UPDATE sort_buckets SET n = n - 1 WHERE kind = ${row}.kind AND col = '${col}' AND lo = ${bucketOf(row, col)} AND ${GROUP.map((g) => `${g} = ${row}.${g}`).join(' AND ')};`;

export function sortBucketTriggers(columns: readonly string[]): { name: string; sql: string }[] {
  const changed = (col: string) => ['kind', ...GROUP, col].map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  return [
    { name: 'cases_bucket_insert', sql: `CREATE TRIGGER IF NOT EXISTS cases_bucket_insert AFTER INSERT ON cases BEGIN ${columns.map((c) => inc('new', c)).join(' ')} END` },
    { name: 'cases_bucket_delete', sql: `CREATE TRIGGER IF NOT EXISTS cases_bucket_delete AFTER DELETE ON cases BEGIN ${columns.map((c) => dec('old', c)).join(' ')} END` },
    ...columns.map((c) => ({
      name: `cases_bucket_update_${c}`,
      sql: `CREATE TRIGGER IF NOT EXISTS cases_bucket_update_${c} AFTER UPDATE OF kind, ${GROUP.join(', ')}, ${c} ON cases
        WHEN ${changed(c)} BEGIN ${dec('old', c)} ${inc('new', c)} END`,
    })),
  ];
}

/**
 * Cuts every sort column into buckets and counts them. Bounds: a value starts a bucket when the
 * cases before it (in its kind) pass another multiple of `rowsPerBucket`; a value held by at
 * least that many cases is a bucket of its own (bounds at it and just after it). Both passes
 * run inside SQLite over the sort index (`indexFor`), which delivers the values in order.
 */
export function rebuildSortBuckets(db: Database.Database, columns: readonly string[], indexFor: (col: string) => string, rowsPerBucket = BUCKET_ROWS): void {
  createSortBucketTables(db);
  db.exec('DELETE FROM sort_bounds');
  db.exec('DELETE FROM sort_buckets');
  // Written into the SQL: a bound parameter would be a REAL, and the division below must be whole.
  const rows = Math.max(1, Math.trunc(rowsPerBucket));
  db.prepare('INSERT INTO sort_bucket_size (id, rows) VALUES (1, ?) ON CONFLICT DO UPDATE SET rows = excluded.rows').run(rows);
  for (const col of columns) {
    db.prepare(
      `WITH byValue AS (SELECT kind, ${col} AS value, count(*) AS n FROM cases INDEXED BY ${indexFor(col)} GROUP BY kind, ${col}),
       parts AS (SELECT kind, value, n, (sum(n) OVER (PARTITION BY kind ORDER BY value) - n) / ${rows} AS part FROM byValue),
       ranked AS (SELECT kind, value, n, part, lag(part) OVER (PARTITION BY kind ORDER BY value) AS before FROM parts)
       INSERT OR IGNORE INTO sort_bounds (kind, col, lo)
         SELECT kind, $col, ${LOWEST} FROM ranked WHERE before IS NULL
         UNION ALL SELECT kind, $col, value FROM ranked WHERE (before IS NOT NULL AND part <> before) OR n >= ${rows}
         UNION ALL SELECT kind, $col, value + 1 FROM ranked WHERE n >= ${rows}`,
    ).run({ col });
    db.prepare(
      `INSERT INTO sort_buckets (kind, col, lo, ${GROUP.join(', ')}, n)
       SELECT b.kind, $col, b.lo, ${GROUP.map((g) => `c.${g}`).join(', ')}, count(*)
       FROM (SELECT kind, lo, lead(lo, 1, ${Number.MAX_SAFE_INTEGER}) OVER (PARTITION BY kind ORDER BY lo) AS hi FROM sort_bounds WHERE col = $col) b
       CROSS JOIN cases c INDEXED BY ${indexFor(col)} ON c.kind = b.kind AND c.${col} >= b.lo AND c.${col} < b.hi
       GROUP BY b.kind, b.lo, ${GROUP.map((g) => `c.${g}`).join(', ')}`,
    ).run({ col });
  }
}

export interface BucketSeek {
  /** Values of the sort index's leading order columns (after kind) to seek to, `>=`. */
  from: number[];
  /** Matches to skip after the seek, in ascending index order. */
  offset: number;
}

/**
 * Where the match at ascending rank `rank` is: the bucket whose counts reach past it, and in a
 * bucket of one value the filter group's run. `groupTerms` are the filter's terms on the group
 * columns (unprefixed, for `sort_buckets`). Null when the rank lies past every counted match.
 */
export function locateRank(db: Database.Database, kind: number, col: string, groupTerms: { sql: string; params: (string | number)[] }, rank: number): BucketSeek | null {
  const buckets = db
    .prepare(`SELECT lo, sum(n) FROM sort_buckets WHERE kind = ? AND col = ?${groupTerms.sql} GROUP BY lo ORDER BY lo`)
    .raw()
    .all(kind, col, ...groupTerms.params) as [number, number][];
  let before = 0;
  for (const [lo, n] of buckets) {
    if (before + n <= rank) {
      before += n;
      continue;
    }
    const next = db.prepare('SELECT lo FROM sort_bounds WHERE kind = ? AND col = ? AND lo > ? ORDER BY lo LIMIT 1').pluck().get(kind, col, lo) as number | undefined;
    if (next !== lo + 1) return { from: [lo], offset: rank - before };
    // One value: the index orders this bucket by the group columns, so seek to the group's run.
    const runs = db
      .prepare(`SELECT ${GROUP.join(', ')}, n FROM sort_buckets WHERE kind = ? AND col = ? AND lo = ?${groupTerms.sql} ORDER BY ${GROUP.join(', ')}`)
      .raw()
      .all(kind, col, lo, ...groupTerms.params) as number[][];
    for (const r of runs) {
      const size = r[GROUP.length] as number;
      if (before + size > rank) return { from: [lo, ...r.slice(0, GROUP.length)], offset: rank - before };
      before += size;
    }
    return null;
  }
  return null;
}
