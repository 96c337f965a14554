/**
 * The rebuild after a bootstrap with its counting on a second connection (derived-reader.ts,
 * `rebuildDerivedCounting`), on real SQLite files and a real worker thread: it leaves exactly
 * the tables, indexes and triggers of the one-connection rebuild, keeps counting right after
 * sync writes, and a reader that fails or a rebuild that stops leaves the structures deferred
 * for the one-connection rebuild to finish.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain';
import { makeCase } from '../testing/fixtures';
import { tempDir } from '../testing/tmp';
import { caseWriter } from './cases';
import { deferDerived, derivedBuildSteps, derivedLive, rebucketSorts, rebuildDerivedCounting, type DerivedCounter } from './derived';
import { DerivedReader, DerivedReaderError } from './derived-reader';
import { openDatabase, type Db } from './open';

const tmp = tempDir();
const NOW = Date.UTC(2026, 5, 1);
/** Small buckets, so every sort column is cut into many. */
const ROWS_PER_BUCKET = 16;
const DERIVED_TABLES = ['sort_bounds', 'sort_buckets', 'sort_bucket_state', 'queue_counts', 'sla_day_counts', 'sla_spans'];
const all = (): Promise<boolean> => Promise.resolve(true);
let serial = 0;

function write(db: Db, cs: readonly Case[]): void {
  const w = caseWriter(db);
  db.transaction(() => {
    for (const c of cs) w.upsert({ type: 'upsert', case: c, lease: null });
  })();
}

/** Cases of two kinds over a year, with ties on every column and one amount held by more than a bucket. */
function generate(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => {
    const c = makeCase(serial++, { kind: i % 3 === 0 ? 'refund_dispute' : 'violation' });
    return i % 5 === 0 ? { ...c, amountFen: 50_000 } : c;
  });
}

/** A copy of the seeded file with its derived structures dropped, as a bootstrap leaves them. */
function deferredCopy(name: string): Db {
  copyFileSync(tmp.file('seed.db'), tmp.file(name));
  const db = openDatabase(tmp.file(name));
  db.transaction(() => deferDerived(db)).immediate();
  return db;
}

/** What a rebuild leaves: every derived table's rows, and the schema's indexes and triggers. */
function derivedState(db: Db): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const t of DERIVED_TABLES) state[t] = (db.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
  state.schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name").raw().all();
  state.derived = derivedLive(db);
  return state;
}

/** The one-connection rebuild with the same clock and bucket size. */
function rebuildInOneConnection(db: Db): void {
  const steps = derivedBuildSteps(db);
  for (const step of steps.filter((s) => s.name !== 'sort buckets')) {
    if (step.name === 'counts') db.transaction(() => rebucketSorts(db, ROWS_PER_BUCKET, NOW)).immediate();
    step.run();
  }
}

beforeAll(() => {
  const seed = openDatabase(tmp.file('seed.db'));
  write(seed, generate(1500));
  seed.pragma('wal_checkpoint(TRUNCATE)');
  seed.close();
});
afterAll(() => tmp.remove());

describe('rebuilding the derived structures with a reader on a second connection', () => {
  it('leaves the same tables, indexes and triggers as the one-connection rebuild', async () => {
    const one = deferredCopy('one.db');
    rebuildInOneConnection(one);
    const two = deferredCopy('two.db');
    const reader = DerivedReader.start(tmp.file('two.db'));
    if (!reader) throw new Error('no derived worker script beside the sources');
    const steps: string[] = [];
    try {
      const live = await rebuildDerivedCounting(two, reader, async (step) => (steps.push(step), true), NOW, ROWS_PER_BUCKET);
      expect(live).toBe(true);
    } finally {
      await reader.close();
    }
    expect(steps).toEqual(derivedBuildSteps(two).map((s) => s.name));
    const expected = derivedState(one);
    expect((expected.sort_buckets as unknown[]).length).toBeGreaterThan(100);
    expect(derivedState(two)).toEqual(expected);

    // The triggers it created keep the counts exact through later sync writes.
    write(two, generate(40));
    expect(two.prepare('SELECT sum(n) FROM queue_counts').pluck().get()).toBe(1540);
    expect(two.prepare("SELECT sum(n) FROM sort_buckets WHERE col = 'amount_fen'").pluck().get()).toBe(1540);
    one.close();
    two.close();
  });

  it('a reader that fails rejects with what went wrong and leaves the structures deferred for the one-connection rebuild', async () => {
    const db = deferredCopy('failing.db');
    const failing: DerivedCounter = {
      countQueues: () => Promise.reject(new DerivedReaderError('the disk went away')),
      countBuckets: () => Promise.reject(new DerivedReaderError('the disk went away')),
    };
    await expect(rebuildDerivedCounting(db, failing, all, NOW, ROWS_PER_BUCKET)).rejects.toThrow(/second connection failed: the disk went away/);
    expect(derivedLive(db)).toBe(false);
    rebuildInOneConnection(db);
    expect(derivedLive(db)).toBe(true);
    const one = deferredCopy('reference.db');
    rebuildInOneConnection(one);
    expect(derivedState(db)).toEqual(derivedState(one));
    db.close();
    one.close();
  });

  it('a rebuild told to stop stops before the next step and stays deferred', async () => {
    const db = deferredCopy('stopped.db');
    const reader = DerivedReader.start(tmp.file('stopped.db'));
    if (!reader) throw new Error('no derived worker script beside the sources');
    let allowed = 3;
    try {
      expect(await rebuildDerivedCounting(db, reader, async () => allowed-- > 0, NOW, ROWS_PER_BUCKET)).toBe(false);
    } finally {
      await reader.close();
    }
    expect(derivedLive(db)).toBe(false);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'cases_sort_%'").pluck().get()).toBe(3);
    db.close();
  });

  it('a reader of a file that is not there refuses every count, naming the problem', async () => {
    const reader = DerivedReader.start(tmp.file('missing.db'));
    if (!reader) throw new Error('no derived worker script beside the sources');
    try {
      await expect(reader.countQueues()).rejects.toThrow(DerivedReaderError);
      await expect(reader.countQueues()).rejects.toThrow(/second connection failed/);
    } finally {
      await reader.close();
    }
  });
});
