/**
 * Test 5: a hostile case service on 127.0.0.1 serves malformed pages. The console refuses each
 * with an error naming the line and the problem, and applies nothing of it: the rows, their
 * values and the partition's cursor stay exactly as they were, and no change event fires.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { json, ndjsonPage, startFakeService, type FakeService } from '../electron/core/testing/fake-service';
import { makeCase } from '../electron/core/testing/fixtures';
import { call } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import type { CaseRow } from '../shared/api';
import { inspect } from './support';

const tmp = tempDir('docket-hostile-');
const staff = { id: 'mod-a', name: 'Moderator A', role: 'moderator' as const };
let service: FakeService;
let core: ConsoleCore;
let hostile = '';
const good = Array.from({ length: 5 }, (_, i) => makeCase(i, { kind: 'violation' }, 5));

const line = (patch: (c: Record<string, unknown>) => void, n = 100) => {
  const c = structuredClone(makeCase(n, { kind: 'violation' }, 5)) as unknown as Record<string, unknown>;
  patch(c);
  return JSON.stringify({ type: 'upsert', case: c, lease: null });
};
const end = (count: number) => JSON.stringify({ type: 'end', cursor: 'bad-2', hasMore: false, count });
const valid = JSON.stringify({ type: 'upsert', case: makeCase(101, { kind: 'violation' }, 5), lease: null });

const PAGES: [string, string, RegExp][] = [
  ['wrong types', [valid, line((c) => { c.priority = 'urgent'; }), end(2)].join('\n'), /line 2: case\.priority: .*expected number/],
  ['missing fields', [line((c) => { delete c.slaDueAt; }), end(1)].join('\n'), /line 1: case\.slaDueAt: /],
  ['a huge string', [valid, line((c) => { c.title = '买'.repeat(20_000); }), end(2)].join('\n'), /line 2: case\.title: text longer than 200 characters/],
  ['a huge line', [valid, line((c) => { (c.detail as Record<string, unknown>).claim = 'x'.repeat(400_000); }), end(2)].join('\n'), /line 2: line longer than the limit of 262144 bytes/],
  ['a negative amount', [valid, valid.replace(/"amountFen":\d+/, '"amountFen":-30000'), end(2)].join('\n'), /line 2: case\.amountFen: amounts cannot be negative/],
  ['an unknown kind', [line((c) => { c.kind = 'lottery'; }), end(1)].join('\n'), /line 1: case\.kind: Invalid discriminator value/],
  ['a case of another queue', [JSON.stringify({ type: 'upsert', case: makeCase(102, { kind: 'appeal' }, 5), lease: null }), end(1)].join('\n'), /line 1: case\.kind: a appeal case does not belong to the violation partition/],
  ['a page cut before its end line', [valid, valid.replace('C00000101', 'C00000103')].join('\n'), /ended after 2 lines without its end line/],
  ['a wrong count', [valid, end(7)].join('\n'), /end\.count: the end line announces 7 changes but 1 arrived/],
  ['HTML instead of NDJSON', '<html><body>502 Bad Gateway</body></html>', /line 1: not valid JSON/],
  ['a lease from nowhere', [JSON.stringify({ type: 'upsert', case: makeCase(104, { kind: 'violation' }, 5), lease: { holder: { id: 'x' }, epoch: 0, expiresAt: -1, mode: 'forever' } }), end(1)].join('\n'), /line 1: lease\.holder\.name: /],
];

beforeAll(async () => {
  service = await startFakeService(staff);
  service.route('/v1/changes', (_req, res, url) => {
    const cursor = url.searchParams.get('cursor');
    if (!cursor) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(ndjsonPage(good, 'good-1', false));
      return;
    }
    if (cursor !== 'good-1') return json(res, 400, { error: 'bad_request', message: `unexpected cursor ${cursor}` });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.end(hostile);
  });
  core = await openConsole({ dbPath: tmp.file('c.db'), serverUrl: service.url, token: 't', autoSync: false });
  const status = await call(core, 'sync.now', {});
  expect(status.lastError).toBeNull();
  expect(status.partitions).toEqual([{ kind: 'violation', bootstrapped: true, rows: 5, lastPullAt: expect.any(Number) }]);
});
afterAll(async () => {
  await core?.close();
  await service?.close();
  tmp.remove();
});

const snapshot = async (): Promise<CaseRow[]> => (await call(core, 'queue.page', { kind: 'violation', filter: {}, offset: 0, limit: 100 })).rows;

describe('a hostile case service', () => {
  for (const [name, page, message] of PAGES) {
    it(`a page with ${name} is refused with a clear error and nothing of it is applied`, async () => {
      const before = await snapshot();
      expect(before).toHaveLength(5);
      hostile = page;
      const changed: unknown[] = [];
      const off = core.on('data.changed', (p) => changed.push(p));
      const requestsBefore = service.requests.length;
      const status = await call(core, 'sync.now', {});
      off();
      expect(status.lastError).toMatch(message);
      expect(status.lastError).toMatch(/refused a page of the violation feed: .*nothing of it was applied/);
      expect(status.online).toBe(true);
      expect(await snapshot()).toEqual(before);
      expect(await call(core, 'queue.count', { kind: 'violation', filter: {} })).toEqual({ count: 5 });
      expect(changed).toEqual([]);
      // The cursor did not move: the console asked from good-1, and still holds good-1.
      expect(service.requests.slice(requestsBefore).filter((r) => r.path === '/v1/changes').map((r) => r.query.cursor)).toEqual(['good-1']);
      const dbFile = tmp.file('c.db');
      expect(inspect(dbFile, (db) => db.prepare(`SELECT cursor FROM sync_state WHERE kind = 'violation'`).pluck().get())).toBe('good-1');
    });
  }

  it('recovers as soon as the service sends a good page again', async () => {
    hostile = ndjsonPage([makeCase(200, { kind: 'violation' }, 5)], 'good-2', false);
    const status = await call(core, 'sync.now', {});
    expect(status.lastError).toBeNull();
    expect((await call(core, 'queue.count', { kind: 'violation', filter: {} })).count).toBe(6);
  });
});

describe('a first bootstrap of every partition, side by side', () => {
  it('applies every good partition in full when another partition\'s page is hostile, and nothing of that one', async () => {
    const supervisor = await startFakeService({ id: 'sup-a', name: 'Supervisor A', role: 'supervisor' });
    const kinds = ['violation', 'refund_dispute', 'merchant_complaint', 'appeal'] as const;
    // Three pages per partition, so the partitions' pages interleave; the appeal feed's second page is bad.
    const pageOf = (kind: (typeof kinds)[number], n: number) => Array.from({ length: 4 }, (_, i) => makeCase(1000 * kinds.indexOf(kind) + 10 * n + i, { kind }, 5));
    supervisor.route('/v1/changes', (_req, res, url) => {
      const kind = kinds.find((k) => k === url.searchParams.get('partition'));
      if (!kind) {
        json(res, 400, { error: 'bad_request', message: 'unknown partition' });
        return;
      }
      const n = Number(url.searchParams.get('cursor')?.split('-')[1] ?? 0);
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(kind === 'appeal' && n === 1 ? [line((c) => { c.priority = 'urgent'; }), end(1)].join('\n') : ndjsonPage(pageOf(kind, n), `${kind}-${n + 1}`, n < 2));
    });
    const console2 = await openConsole({ dbPath: tmp.file('side-by-side.db'), serverUrl: supervisor.url, token: 't', autoSync: false });
    try {
      const status = await call(console2, 'sync.now', {});
      expect(status.lastError).toMatch(/refused a page of the appeal feed: .*line 1: case\.priority/);
      expect(status.partitions).toEqual([
        { kind: 'violation', bootstrapped: true, rows: 12, lastPullAt: expect.any(Number) },
        { kind: 'refund_dispute', bootstrapped: true, rows: 12, lastPullAt: expect.any(Number) },
        { kind: 'merchant_complaint', bootstrapped: true, rows: 12, lastPullAt: expect.any(Number) },
        { kind: 'appeal', bootstrapped: false, rows: 4, lastPullAt: expect.any(Number) },
      ]);
      // The appeal partition keeps its first page and the cursor after it: the next pull resumes there.
      expect(inspect(tmp.file('side-by-side.db'), (db) => db.prepare(`SELECT cursor FROM sync_state WHERE kind = 'appeal'`).pluck().get())).toBe('appeal-1');
    } finally {
      await console2.close();
      await supervisor.close();
    }
  });
});
