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
 * "Deadline passed" changes with the clock, so each count is split by `late`: due before the
 * cutoff `late_before` (the rebuild's time, moved on by `keepLateCutoffNear`). A late jump sums
 * the late counts and corrects them by the cases whose deadline lies between the cutoff and now
 * (a short range of the deadline index).
 *
 * Bounds only decide which bucket a value counts in; stale bounds (values written after the
 * rebuild crowd into the last bucket) make a jump walk more, never give another row.
 */
import type { ReadableDB, WritableDB } from './handles';

export const BUCKET_ROWS = 16_384;
/** The first bucket of every kind starts here, so every value falls in a bucket. */
const LOWEST = Number.MIN_SAFE_INTEGER;
const GROUP = ['status', 'category', 'region', 'severity'] as const;

/**
 * Where a rebuild counts: the database's own tables (`main`), or a reader connection's
 * temporary copies of them (`temp`, see derived-reader.ts), from which the counts are then
 * stored in `main` by the writer.
 */
export type CountInto = 'main' | 'temp';

function createSortBucketTables(db: WritableDB, into: CountInto): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${into}.sort_bounds (
    kind INTEGER NOT NULL, col TEXT NOT NULL, lo INTEGER NOT NULL,
    PRIMARY KEY (kind, col, lo)
  ) WITHOUT ROWID`);
  db.exec(`CREATE TABLE IF NOT EXISTS ${into}.sort_buckets (
    kind INTEGER NOT NULL, col TEXT NOT NULL, lo INTEGER NOT NULL,
    status INTEGER NOT NULL, category INTEGER NOT NULL, region INTEGER NOT NULL, severity INTEGER NOT NULL,
    late INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, col, lo, status, category, region, severity, late)
  ) WITHOUT ROWID`);
  if (into === 'main') db.exec('CREATE TABLE IF NOT EXISTS sort_bucket_state (id INTEGER PRIMARY KEY CHECK (id = 1), rows INTEGER NOT NULL, late_before INTEGER NOT NULL)');
}

/** The bucket size of the last rebuild and the cutoff of the `late` counts. */
export function bucketState(db: ReadableDB): { rows: number; lateBefore: number } {
  const state = db.prepare('SELECT rows, late_before AS lateBefore FROM sort_bucket_state').get() as { rows: number; lateBefore: number } | undefined;
  if (!state) throw new Error('sort buckets used before they were built');
  return state;
}

/** The bucket (its lowest value) that `row`'s value of `col` counts in. */
const bucketOf = (row: string, col: string) =>
  `coalesce((SELECT lo FROM sort_bounds WHERE kind = ${row}.kind AND col = '${col}' AND lo <= ${row}.${col} ORDER BY lo DESC LIMIT 1), ${LOWEST})`;
const lateOf = (row: string) => `(${row}.sla_due_at < (SELECT late_before FROM sort_bucket_state))`;
const inc = (row: 'old' | 'new', col: string) =>
  `INSERT INTO sort_buckets (kind, col, lo, ${GROUP.join(', ')}, late, n) VALUES (${row}.kind, '${col}', ${bucketOf(row, col)}, ${GROUP.map((g) => `${row}.${g}`).join(', ')}, ${lateOf(row)}, 1) ON CONFLICT DO UPDATE SET n = n + 1;`;
const dec = (row: 'old' | 'new', col: string) =>
  `UPDATE sort_buckets SET n = n - 1 WHERE kind = ${row}.kind AND col = '${col}' AND lo = ${bucketOf(row, col)} AND ${GROUP.map((g) => `${g} = ${row}.${g}`).join(' AND ')} AND late = ${lateOf(row)};`;

export function sortBucketTriggers(columns: readonly string[]): { name: string; sql: string }[] {
  const changed = (col: string) => ['kind', ...GROUP, col, 'sla_due_at'].map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  return [
    { name: 'cases_bucket_insert', sql: `CREATE TRIGGER IF NOT EXISTS cases_bucket_insert AFTER INSERT ON cases BEGIN ${columns.map((c) => inc('new', c)).join(' ')} END` },
    { name: 'cases_bucket_delete', sql: `CREATE TRIGGER IF NOT EXISTS cases_bucket_delete AFTER DELETE ON cases BEGIN ${columns.map((c) => dec('old', c)).join(' ')} END` },
    ...columns.map((c) => ({
      name: `cases_bucket_update_${c}`,
      sql: `CREATE TRIGGER IF NOT EXISTS cases_bucket_update_${c} AFTER UPDATE OF kind, ${GROUP.join(', ')}, ${c}, sla_due_at ON cases
        WHEN ${changed(c)} BEGIN ${dec('old', c)} ${inc('new', c)} END`,
    })),
  ];
}

/** Empties the bucket tables of `into` (creating them if need be) for a rebuild. */
export function clearSortBuckets(db: WritableDB, into: CountInto): void {
  createSortBucketTables(db, into);
  db.exec(`DELETE FROM ${into}.sort_bounds`);
  db.exec(`DELETE FROM ${into}.sort_buckets`);
}

/** The bucket size a rebuild writes into its SQL: a bound parameter would be a REAL, and the division must be whole. */
const wholeRows = (rowsPerBucket: number): number => Math.max(1, Math.trunc(rowsPerBucket));

/**
 * Cuts `col`'s values into buckets and counts them, into the tables of `into`. Bounds: a value
 * starts a bucket when the cases before it (in its kind) pass another multiple of
 * `rowsPerBucket`; a value held by at least that many cases is a bucket of its own (bounds at it
 * and just after it). Both passes run inside SQLite over the column's sort index, which
 * delivers the values in order; they only read `main`, so a second connection can run them
 * while the writer builds the next index.
 */
export function countSortBuckets(db: WritableDB, col: string, index: string, now: number, rowsPerBucket: number, into: CountInto): void {
  const rows = wholeRows(rowsPerBucket);
  db.prepare(
    `WITH byValue AS (SELECT kind, ${col} AS value, count(*) AS n FROM main.cases INDEXED BY ${index} GROUP BY kind, ${col}),
     parts AS (SELECT kind, value, n, (sum(n) OVER (PARTITION BY kind ORDER BY value) - n) / ${rows} AS part FROM byValue),
     ranked AS (SELECT kind, value, n, part, lag(part) OVER (PARTITION BY kind ORDER BY value) AS before FROM parts)
     INSERT OR IGNORE INTO ${into}.sort_bounds (kind, col, lo)
       SELECT kind, $col, ${LOWEST} FROM ranked WHERE before IS NULL
       UNION ALL SELECT kind, $col, value FROM ranked WHERE (before IS NOT NULL AND part <> before) OR n >= ${rows}
       UNION ALL SELECT kind, $col, value + 1 FROM ranked WHERE n >= ${rows}`,
  ).run({ col });
  db.prepare(
    `INSERT INTO ${into}.sort_buckets (kind, col, lo, ${GROUP.join(', ')}, late, n)
     SELECT b.kind, $col, b.lo, ${GROUP.map((g) => `c.${g}`).join(', ')}, c.sla_due_at < $now, count(*)
     FROM (SELECT kind, lo, lead(lo, 1, ${Number.MAX_SAFE_INTEGER}) OVER (PARTITION BY kind ORDER BY lo) AS hi FROM ${into}.sort_bounds WHERE col = $col) b
     CROSS JOIN main.cases c INDEXED BY ${index} ON c.kind = b.kind AND c.${col} >= b.lo AND c.${col} < b.hi
     GROUP BY b.kind, b.lo, ${GROUP.map((g) => `c.${g}`).join(', ')}, 8`,
  ).run({ col, now });
}

/** Records the bucket size and late cutoff the counts in `main` were made with. */
export function setBucketState(db: WritableDB, rowsPerBucket: number, now: number): void {
  db.prepare('INSERT INTO sort_bucket_state (id, rows, late_before) VALUES (1, ?, ?) ON CONFLICT DO UPDATE SET rows = excluded.rows, late_before = excluded.late_before').run(wholeRows(rowsPerBucket), now);
}

/** Cuts every sort column into buckets and counts them (`countSortBuckets`), in the writer's own transaction. */
export function rebuildSortBuckets(db: WritableDB, columns: readonly string[], indexFor: (col: string) => string, now: number, rowsPerBucket = BUCKET_ROWS): void {
  clearSortBuckets(db, 'main');
  setBucketState(db, rowsPerBucket, now);
  for (const col of columns) countSortBuckets(db, col, indexFor(col), now, rowsPerBucket, 'main');
}

/** A column's bounds and bucket counts as a reader connection counted them: rows of `sort_bounds` and `sort_buckets`. */
export interface CountedBuckets {
  bounds: unknown[][];
  buckets: unknown[][];
}

/** Reads back what `countSortBuckets` counted into `temp` for `col`. */
export function countedBuckets(db: ReadableDB, col: string): CountedBuckets {
  return {
    bounds: db.prepare('SELECT kind, col, lo FROM temp.sort_bounds WHERE col = ?').raw().all(col) as unknown[][],
    buckets: db.prepare(`SELECT kind, col, lo, ${GROUP.join(', ')}, late, n FROM temp.sort_buckets WHERE col = ?`).raw().all(col) as unknown[][],
  };
}

/** Stores a reader's counts of one column in `main` (the tables cleared first with `clearSortBuckets`). */
export function storeCountedBuckets(db: WritableDB, counted: CountedBuckets): void {
  const bound = db.prepare('INSERT INTO sort_bounds (kind, col, lo) VALUES (?, ?, ?)');
  const bucket = db.prepare(`INSERT INTO sort_buckets (kind, col, lo, ${GROUP.join(', ')}, late, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const row of counted.bounds) bound.run(row);
  for (const row of counted.buckets) bucket.run(row);
}

export interface BucketSeek {
  /** Values of the sort index's leading order columns (after kind) to seek to, `>=`. */
  from: number[];
  /** Matches to skip after the seek, in ascending index order. */
  offset: number;
}

/** Rows whose deadline lies between the cutoff and now: [sort value, status, category, region, severity]; -1 when they count as late but are not. */
export interface LateCorrection {
  rows: number[][];
  sign: 1 | -1;
}

/**
 * The deadlines between the late counts' cutoff and now, `[from, to)`: cases there count as not
 * late but are (`sign` 1, the clock moved on), or the reverse (-1, the clock went back).
 */
function lateGap(db: ReadableDB, now: number): { from: number; to: number; sign: 1 | -1 } {
  const { lateBefore } = bucketState(db);
  return lateBefore <= now ? { from: lateBefore, to: now, sign: 1 } : { from: now, to: lateBefore, sign: -1 };
}

/** Moves more than this many cases into (or out of) the late counts before a late jump reads them. */
export const MOVE_LATE_AT = 512;

/**
 * Keeps the cutoff of the late counts near `now`, so a late jump corrects by only a few cases:
 * when more than `MOVE_LATE_AT` deadlines lie between them, their counts move from one side to
 * the other, in one write transaction. Exact at any cutoff; this only bounds the correction.
 */
export function keepLateCutoffNear(db: WritableDB, columns: readonly string[], slaIndex: string, now: number): void {
  const { from, to, sign } = lateGap(db, now);
  const kinds = db.prepare('SELECT DISTINCT kind FROM sort_bounds').pluck().all() as number[];
  const between = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM cases INDEXED BY ${slaIndex} WHERE kind = ? AND sla_due_at >= ? AND sla_due_at < ? LIMIT ${MOVE_LATE_AT + 1})`).pluck();
  if (kinds.reduce((n, kind) => n + (between.get(kind, from, to) as number), 0) <= MOVE_LATE_AT) return;
  const becameLate = sign === 1 ? 1 : 0;
  db.transaction(() => {
    for (const col of columns) {
      const move = db.prepare(
        `INSERT INTO sort_buckets (kind, col, lo, ${GROUP.join(', ')}, late, n)
         SELECT c.kind, '${col}', ${bucketOf('c', col)}, ${GROUP.map((g) => `c.${g}`).join(', ')}, ?, ? * count(*)
         FROM cases c INDEXED BY ${slaIndex} WHERE c.kind = ? AND c.sla_due_at >= ? AND c.sla_due_at < ?
         GROUP BY 1, 3, 4, 5, 6, 7 ON CONFLICT DO UPDATE SET n = n + excluded.n`,
      );
      for (const kind of kinds) {
        move.run(becameLate, 1, kind, from, to);
        move.run(1 - becameLate, -1, kind, from, to);
      }
    }
    db.prepare('UPDATE sort_bucket_state SET late_before = ?').run(now);
  }).immediate();
}

/** The cases a late jump corrects the late counts by (see `LateCorrection`), with the filter's group terms (`c.`). */
export function lateCorrection(db: ReadableDB, kind: number, col: string, slaIndex: string, groupTerms: Terms, now: number): LateCorrection {
  const { from, to, sign } = lateGap(db, now);
  const rows = db
    .prepare(`SELECT c.${col}, ${GROUP.map((g) => `c.${g}`).join(', ')} FROM cases c INDEXED BY ${slaIndex} WHERE c.kind = ? AND c.sla_due_at >= ? AND c.sla_due_at < ?${groupTerms.sql}`)
    .raw()
    .all(kind, from, to, ...groupTerms.params) as number[][];
  return { rows, sign };
}

/**
 * How many cases of the filter's groups (`groupTerms` unprefixed, `caseTerms` on `c.`) are late
 * now, from the late counts of one sort column's buckets (any column counts every case), or null
 * when more than `MOVE_LATE_AT` of them lie between the cutoff and now (reading those costs more).
 */
export function lateMatchCount(db: ReadableDB, kind: number, col: string, slaIndex: string, groupTerms: Terms, caseTerms: Terms, now: number): number | null {
  const { from, to, sign } = lateGap(db, now);
  const between = db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM cases c INDEXED BY ${slaIndex} WHERE c.kind = ? AND c.sla_due_at >= ? AND c.sla_due_at < ?${caseTerms.sql} LIMIT ${MOVE_LATE_AT + 1})`)
    .pluck()
    .get(kind, from, to, ...caseTerms.params) as number;
  if (between > MOVE_LATE_AT) return null;
  const counted = db.prepare(`SELECT coalesce(sum(n), 0) FROM sort_buckets WHERE kind = ? AND col = ? AND late = 1${groupTerms.sql}`).pluck().get(kind, col, ...groupTerms.params) as number;
  return counted + sign * between;
}

interface Terms {
  sql: string;
  params: (string | number)[];
}

/** The lowest bound at or below `value` (bounds ascending). */
function bucketAt(bounds: readonly number[], value: number): number {
  let lo = LOWEST;
  for (const b of bounds) {
    if (b > value) break;
    lo = b;
  }
  return lo;
}

/**
 * Where the match at ascending rank `rank` is: the bucket whose counts reach past it, and in a
 * bucket of one value the filter group's run (whose late cases come first: the index orders it
 * by deadline). `groupTerms` are the filter's terms on the group columns, unprefixed; `late`
 * counts only late cases, corrected as it says. Null when the rank lies past every match.
 */
export function locateRank(db: ReadableDB, kind: number, col: string, groupTerms: Terms, rank: number, late: LateCorrection | null): BucketSeek | null {
  const onlyLate = late ? ' AND late = 1' : '';
  const sums = new Map(db.prepare(`SELECT lo, sum(n) FROM sort_buckets WHERE kind = ? AND col = ?${onlyLate}${groupTerms.sql} GROUP BY lo`).raw().all(kind, col, ...groupTerms.params) as [number, number][]);
  const bounds = db.prepare('SELECT lo FROM sort_bounds WHERE kind = ? AND col = ? ORDER BY lo').pluck().all(kind, col) as number[];
  const corrections = (late?.rows ?? []).map((r) => ({ lo: bucketAt(bounds, r[0] as number), group: r.slice(1) }));
  for (const c of corrections) sums.set(c.lo, (sums.get(c.lo) ?? 0) + (late?.sign ?? 0));
  let before = 0;
  for (const lo of [...sums.keys()].sort((a, b) => a - b)) {
    const n = sums.get(lo) ?? 0;
    if (before + n <= rank) {
      before += n;
      continue;
    }
    if (!bounds.includes(lo + 1)) return { from: [lo], offset: rank - before };
    // One value: the index orders this bucket by the group columns, so seek to the group's run.
    const runs = new Map<string, { group: number[]; n: number }>();
    const add = (group: number[], k: number) => {
      const key = group.join(',');
      runs.set(key, { group, n: (runs.get(key)?.n ?? 0) + k });
    };
    const counted = db.prepare(`SELECT ${GROUP.join(', ')}, sum(n) FROM sort_buckets WHERE kind = ? AND col = ? AND lo = ?${onlyLate}${groupTerms.sql} GROUP BY ${GROUP.join(', ')}`).raw().all(kind, col, lo, ...groupTerms.params) as number[][];
    for (const r of counted) add(r.slice(0, GROUP.length), r[GROUP.length] as number);
    for (const c of corrections) if (c.lo === lo) add(c.group, late?.sign ?? 0);
    const ordered = [...runs.values()].sort((a, b) => {
      for (let i = 0; i < GROUP.length; i++) if (a.group[i] !== b.group[i]) return (a.group[i] as number) - (b.group[i] as number);
      return 0;
    });
    for (const r of ordered) {
      if (before + r.n > rank) return { from: [lo, ...r.group], offset: rank - before };
      before += r.n;
    }
    return null;
  }
  return null;
}
