/**
 * Pull against a real HTTP server on 127.0.0.1: pages apply with their cursor, a bad or broken
 * page applies nothing (rows and cursor unchanged), must-refetch starts the partition over.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain';
import { countCases, getCase } from '../db/cases';
import { openDatabase, type Db } from '../db/open';
import { partitionState } from '../db/sync-state';
import { startFakeService, json, ndjsonPage, type FakeService } from '../testing/fake-service';
import { makeCase } from '../testing/fixtures';
import { tempDir } from '../testing/tmp';
import { FeedError, readFeedPage, type FeedPage } from './feed';
import { InThreadPageSource, WorkerPageSource, type EarlyEnd, type PageSource } from './page-source';
import { pullPartition } from './pull';
import { OfflineError, ServiceClient } from './service';

const tmp = tempDir();
const staff = { id: 'S-mod-1', name: 'Moderator One', role: 'moderator' as const };
let service: FakeService;
let db: Db;
let client: ServiceClient;
const sources: Record<string, () => PageSource> = {
  'on this thread': () => new InThreadPageSource(client),
  'in worker threads': () => WorkerPageSource.start({ baseUrl: service.url, token: 't', count: 2 }, new InThreadPageSource(client)) ?? fail('no feed worker'),
};
const fail = (why: string): never => {
  throw new Error(why);
};
let n = 0;
const pages = new Map<string, string | ((res: ServerResponse) => void)>();

const batch = (from: number, count: number, version = 1): Case[] =>
  Array.from({ length: count }, (_, i) => makeCase(from + i, { kind: 'violation', version }));

beforeAll(async () => {
  service = await startFakeService(staff);
  service.route('/v1/changes', (_req, res, url) => {
    const page = pages.get(url.searchParams.get('cursor') ?? 'start');
    if (page === undefined) return json(res, 500, { error: 'test', message: 'no page for this cursor' });
    if (typeof page === 'function') return page(res);
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.end(page);
  });
  client = new ServiceClient(service.url, 'token', new AbortController().signal);
});
afterAll(async () => {
  await service.close();
  tmp.remove();
});
beforeEach(() => {
  db?.close();
  db = openDatabase(tmp.file(`pull${++n}.db`));
  pages.clear();
});

const opts = { limit: 3, myStaffId: staff.id, now: () => 1_000 };

describe.each(Object.keys(sources))('pullPartition, pages validated %s', (how) => {
  let source: PageSource;
  beforeEach(() => {
    source = (sources[how] as () => PageSource)();
  });
  afterEach(async () => {
    await source.close();
  });

  it('applies pages in order with their cursors until caught up', async () => {
    const seen = service.requests.length;
    pages.set('start', ndjsonPage(batch(0, 3), 'p1', true));
    pages.set('p1', ndjsonPage(batch(3, 2), 'p2', false));
    expect(await pullPartition(db, source, 'violation', opts)).toBe(5);
    expect(countCases(db)).toBe(5);
    expect(partitionState(db, 'violation')).toMatchObject({ cursor: 'p2', bootstrapped: true, lastPullAt: 1_000 });
    // Next pull continues from the stored cursor, and tombstones remove.
    pages.set('p2', `${JSON.stringify({ type: 'tombstone', caseId: makeCase(0).id })}\n${JSON.stringify({ type: 'end', cursor: 'p3', hasMore: false, count: 1 })}\n`);
    await pullPartition(db, source, 'violation', opts);
    expect(countCases(db)).toBe(4);
    expect(service.requests.slice(seen).filter((r) => r.path === '/v1/changes').map((r) => r.query.cursor ?? null)).toEqual([null, 'p1', 'p2']);
  });

  const broken: [string, (res: ServerResponse) => void, RegExp, unknown][] = [
    ['a page with one bad line among good ones', (res) => {
      const good = ndjsonPage(batch(10, 2, 2), 'p2', false).split('\n');
      const bad = JSON.stringify({ type: 'upsert', case: { ...makeCase(12, { kind: 'violation' }), amountFen: -1 }, lease: null });
      res.end([good[0], bad, good[1], JSON.stringify({ type: 'end', cursor: 'p2', hasMore: false, count: 3 })].join('\n'));
    }, /line 2: case\.amountFen: amounts cannot be negative/, FeedError],
    ['a page cut before its end line', (res) => {
      res.end(ndjsonPage(batch(10, 3, 2), 'p2', false).split('\n').slice(0, 3).join('\n'));
    }, /without its end line/, FeedError],
    ['a connection dropped mid-page', (res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(ndjsonPage(batch(10, 3, 2), 'p2', false).slice(0, 2_500));
      setTimeout(() => res.destroy(), 20);
    }, /broke off mid-page|cannot reach/, OfflineError],
  ];
  for (const [name, serve, message, type] of broken) {
    it(`applies nothing of ${name}: rows and cursor stay as they were`, async () => {
      pages.set('start', ndjsonPage(batch(0, 3), 'p1', false));
      await pullPartition(db, source, 'violation', opts);
      const before = { rows: countCases(db), state: partitionState(db, 'violation'), first: getCase(db, makeCase(0).id) };
      pages.set('p1', serve);
      const e = await pullPartition(db, source, 'violation', opts).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(type);
      expect((e as Error).message).toMatch(message);
      expect(countCases(db)).toBe(before.rows);
      expect(partitionState(db, 'violation')).toEqual(before.state);
      expect(getCase(db, makeCase(0).id)).toEqual(before.first);
      expect(getCase(db, makeCase(10).id)).toBeNull();
    });
  }

  it('on must-refetch (410) drops the partition and bootstraps it again', async () => {
    pages.set('start', ndjsonPage(batch(0, 3), 'p1', false));
    await pullPartition(db, source, 'violation', opts);
    pages.set('p1', (res) => json(res, 410, { error: 'must-refetch', message: 'cursor too old' }));
    // The feed now has different content: the old rows must not survive.
    pages.set('start', ndjsonPage(batch(100, 2), 'q1', false));
    await pullPartition(db, source, 'violation', opts);
    expect(countCases(db)).toBe(2);
    expect(getCase(db, makeCase(0).id)).toBeNull();
    expect(partitionState(db, 'violation')).toMatchObject({ cursor: 'q1', bootstrapped: true, refetches: 1 });
  });

  it('stores each body as text, exactly the line received (multi-byte text, CRLF line ends)', async () => {
    const cases = batch(0, 2).map((c, i) => (i === 0 ? { ...c, title: '退款纠纷：鞋子穿了一周 👟' } : c));
    const lines = cases.map((c) => JSON.stringify({ type: 'upsert', case: c, lease: null }));
    pages.set('start', `${lines.join('\r\n')}\r\n${JSON.stringify({ type: 'end', cursor: 'p1', hasMore: false, count: 2 })}\r\n`);
    await pullPartition(db, source, 'violation', opts);
    expect(db.prepare('SELECT typeof(b.body) AS type, b.body FROM cases c JOIN case_bodies b ON b.seq = c.seq ORDER BY c.id').all()).toEqual(lines.map((body) => ({ type: 'text', body })));
    expect(getCase(db, makeCase(0).id)?.case.title).toBe('退款纠纷：鞋子穿了一周 👟');
  });

  it('with pages allowed ahead, applies the same pages in order with their cursors', async () => {
    for (let i = 0; i < 5; i++) pages.set(i === 0 ? 'start' : `p${i}`, ndjsonPage(batch(i * 3, 3), `p${i + 1}`, i < 4));
    const applied: string[] = [];
    expect(await pullPartition(db, source, 'violation', { ...opts, ahead: () => 3, onApplied: (a) => applied.push(a.cursor ?? '') })).toBe(15);
    expect(applied).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(countCases(db)).toBe(15);
    expect(partitionState(db, 'violation')).toMatchObject({ cursor: 'p5', bootstrapped: true });
  });

  it('a 410 even from the start is an error, not an endless loop', async () => {
    pages.set('start', (res) => json(res, 410, { error: 'must-refetch', message: 'always' }));
    await expect(pullPartition(db, source, 'violation', opts)).rejects.toThrow(/refuses even a pull from the start/);
  });
});

describe('pages validated in worker threads and on this thread', () => {
  it('leave the same rows and bodies', async () => {
    const cases = batch(0, 5).map((c, i) => (i === 1 ? { ...c, status: 'decided' as const, title: '直播间虚假宣传 📦' } : c));
    const lease = { holder: { id: 'S-mod-2', name: 'Moderator Two' }, epoch: 3, expiresAt: 9_000, mode: 'online' as const };
    pages.set('start', ndjsonPage(cases.slice(0, 3), 'p1', true, lease));
    pages.set('p1', ndjsonPage(cases.slice(3), 'p2', false));
    const dump = (d: Db) => d.prepare('SELECT c.*, b.body, typeof(b.body) AS body_type FROM cases c JOIN case_bodies b ON b.seq = c.seq ORDER BY c.seq').all();
    const stored = [];
    for (const make of Object.values(sources)) {
      db.close();
      db = openDatabase(tmp.file(`pull${++n}.db`));
      const source = make();
      try {
        await pullPartition(db, source, 'violation', opts);
      } finally {
        await source.close();
      }
      stored.push(dump(db));
    }
    expect(stored[0]).toHaveLength(5);
    expect(stored[1]).toEqual(stored[0]);
  });
});

/** A promise settled from outside, whose rejection is never left unhandled. */
function deferred<T>() {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** A page source whose end lines and pages arrive when the test says; it records what was asked for and dropped. */
function scriptedSource() {
  const asked: { cursor: string | null; cancelled: boolean; early: ReturnType<typeof deferred<EarlyEnd | null>>; page: ReturnType<typeof deferred<FeedPage>> }[] = [];
  const source: PageSource = {
    fetch(_kind, cursor) {
      const entry = { cursor, cancelled: false, early: deferred<EarlyEnd | null>(), page: deferred<FeedPage>() };
      asked.push(entry);
      return {
        early: entry.early.promise,
        page: entry.page.promise,
        cancel: () => {
          entry.cancelled = true;
          entry.early.resolve(null);
          entry.page.reject(new OfflineError('page cancelled'));
        },
      };
    },
    close: async () => undefined,
  };
  return { source, asked };
}

describe('pages on their way (a scripted source)', () => {
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  const more = (cursor: string): EarlyEnd => ({ cursor, hasMore: true });
  /** The first page of three cases, validated as a source hands it over. */
  const firstPage = () => readFeedPage((async function* () {
    yield Buffer.from(ndjsonPage(batch(0, 3), 'p1', true));
  })(), 'violation');

  it('asks for the next page as soon as an end line arrives, before the page is validated, up to `ahead` beyond the one to apply', async () => {
    const { source, asked } = scriptedSource();
    const pull = pullPartition(db, source, 'violation', { ...opts, ahead: () => 2 });
    await settled();
    expect(asked.map((a) => a.cursor)).toEqual([null]);
    asked[0]?.early.resolve(more('p1'));
    await settled();
    asked[1]?.early.resolve(more('p2'));
    await settled();
    expect(asked.map((a) => a.cursor)).toEqual([null, 'p1', 'p2']);
    asked[2]?.early.resolve(more('p3'));
    await settled();
    expect(asked).toHaveLength(3);
    // The first page applies: its place goes to the page after the last end line.
    asked[0]?.page.resolve(await firstPage());
    await settled();
    expect(asked.map((a) => a.cursor)).toEqual([null, 'p1', 'p2', 'p3']);
    expect(countCases(db)).toBe(3);
    asked[1]?.page.reject(new OfflineError('test over'));
    await expect(pull).rejects.toThrow('test over');
  });

  it('drops every page on its way after a refused one, and keeps the last good page and its cursor', async () => {
    const { source, asked } = scriptedSource();
    const pull = pullPartition(db, source, 'violation', { ...opts, ahead: () => 3 });
    for (const cursor of ['p1', 'p2', 'p3']) {
      await settled();
      asked.at(-1)?.early.resolve(more(cursor));
    }
    await settled();
    asked[0]?.page.resolve(await firstPage());
    await settled();
    asked[1]?.page.reject(new FeedError('violation', 2, 'case.amountFen', 'amounts cannot be negative'));
    await expect(pull).rejects.toThrow(/line 2: case\.amountFen/);
    expect(asked.map((a) => a.cursor)).toEqual([null, 'p1', 'p2', 'p3']);
    // The refused page and the two after it (the refused one's cancel finds nothing left to stop).
    expect(asked.map((a) => a.cancelled)).toEqual([false, true, true, true]);
    expect(countCases(db)).toBe(3);
    expect(partitionState(db, 'violation').cursor).toBe('p1');
  });
});
