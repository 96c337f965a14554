/**
 * The change feed never misses a change committed concurrently with a pull. The writers run
 * the service's own ingest inside transactions that sleep, so commits land out of order, and
 * update shared cases, so the feed's order per case must agree with the order of its versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseInput } from '../shared/domain';
import { MustRefetch, routes } from '../shared/sync/protocol';
import { caseTransaction } from './cases';
import { ingestInTransaction } from './ingest';
import { decodeCursor } from './cursor';
import { plannerOff, type PlannerMethod } from './db/db';
import { chunkQuery, comparePositions, KEEP_TO_FEED_INDEX, watermark } from './feed';
import { merchantComplaintCase, refundDisputeCase, violationCase } from './test-fixtures';
import { BACKENDS, feedSettled, openTestDatabase, pull, pullAll, sleep, startTestService, type Page, type TestDatabase, type TestService } from './test-helpers';

describe('the feed on real PostgreSQL with concurrent writers', () => {
  let tdb: TestDatabase;
  let t: TestService;
  beforeAll(async () => {
    tdb = await openTestDatabase('postgres');
    t = await startTestService(tdb.db);
  });
  afterAll(async () => {
    await t?.svc.close();
    await tdb?.close();
  });

  it('a pull does not pass an open transaction: B committed after A started is held back until A commits, then A and B come in order', async () => {
    const { cursor } = await pullAll(t.as('moderator'), 'violation');
    const [{ max: idBefore } = { max: 0 }] = await tdb.db.query<{ max: number }>('SELECT coalesce(max(id), 0)::bigint AS max FROM feed');

    let commitA = () => {};
    const aMayCommit = new Promise<void>((r) => (commitA = r));
    let aWrote = () => {};
    const aHasWritten = new Promise<void>((r) => (aWrote = r));
    const a = tdb.db.transaction(async (tx) => {
      await ingestInTransaction(tx, [violationCase('v-order-a')]);
      aWrote();
      await aMayCommit;
    });
    await aHasWritten;
    await caseTransaction(tdb.db, (tx) => ingestInTransaction(tx, [violationCase('v-order-b')]));

    const whileAOpen = await pull(t.as('moderator'), 'violation', cursor);
    expect(whileAOpen.lines).toEqual([]);
    expect(whileAOpen.end.cursor).toBe(cursor);
    // A naive reader (`id > cursor`) returns B now and moves past A's lower id.
    const naive = await tdb.db.query<{ id: number; case_id: string }>('SELECT id, case_id FROM feed WHERE id > $1 ORDER BY id', [idBefore]);
    expect(naive.map((r) => r.case_id)).toEqual(['v-order-b']);

    commitA();
    await a;
    await feedSettled(tdb.db);
    const afterA = await pull(t.as('moderator'), 'violation', whileAOpen.end.cursor);
    expect(afterA.upserts.map((l) => l.case.id)).toEqual(['v-order-a', 'v-order-b']);
    // ...while the naive reader, from past B, never sees A.
    const naiveNext = await tdb.db.query<{ case_id: string }>('SELECT case_id FROM feed WHERE id > $1 ORDER BY id', [naive.at(-1)?.id ?? 0]);
    expect(naiveNext).toEqual([]);
  });

  it('many writers committing out of order while a client pulls: every committed (case, version) seen exactly once', async () => {
    const WRITERS = 12;
    const ROUNDS = 8;
    const SHARED = Array.from({ length: 8 }, (_, i) => `v-shared-${i}`); // cases several writers update
    const committed: string[] = [];
    const seen: string[] = [];
    let writing = true;
    let cursor: string | undefined;

    const puller = (async () => {
      for (;;) {
        const done = !writing; // read before the pull: the last pass starts after every commit
        const page = await pull(t.as('moderator'), 'violation', cursor, 7);
        for (const l of page.upserts) if (l.case.id.startsWith('v-w') || l.case.id.startsWith('v-shared')) seen.push(`${l.case.id}@${l.case.version}`);
        cursor = page.end.cursor;
        if (done && !page.end.hasMore) return;
        if (!page.end.hasMore) await sleep(2);
      }
    })();

    const writer = async (w: number) => {
      for (let r = 0; r < ROUNDS; r++) {
        // Two shared cases per transaction: it locks one, then may wait for the other while holding its transaction id.
        const i = Math.floor(Math.random() * SHARED.length);
        const shared = [SHARED[i], SHARED[(i + 1 + Math.floor(Math.random() * 3)) % SHARED.length]].map((id) => violationCase(id ?? 'v-shared-0', { title: `直播间诱导互动 rev ${w}-${r}` }));
        const cases: CaseInput[] = [violationCase(`v-w${w}-${r}`), ...shared];
        const res = await caseTransaction(tdb.db, async (tx) => {
          await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.02]);
          const out = await ingestInTransaction(tx, cases);
          await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.12]); // hold the rows uncommitted a while
          return out;
        });
        for (const [id, v] of Object.entries(res.versions)) committed.push(`${id}@${v}`);
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await t.settled(); // the last pass must not be held back by another test file's transaction
    writing = false;
    await puller;

    expect(committed).toHaveLength(WRITERS * ROUNDS * 3);
    const dupes = seen.filter((s, i) => seen.indexOf(s) !== i);
    expect(dupes).toEqual([]);
    const missed = committed.filter((c) => !seen.includes(c));
    expect(missed).toEqual([]);
    expect(new Set(seen)).toEqual(new Set(committed));
    // Each shared case went through every version, and the feed order agrees with the order of versions.
    for (const id of SHARED) {
      const versions = seen.filter((s) => s.startsWith(`${id}@`)).map((s) => Number(s.split('@')[1]));
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
    }
  });
});

describe.each(BACKENDS)('a chunk of a feed page on %s', (backend) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase(backend);
    // Right after a bulk ingest: the table has never been analyzed (and autovacuum must not do it meanwhile).
    if (backend === 'postgres') await tdb.db.exec('ALTER TABLE feed SET (autovacuum_enabled = false)');
    await tdb.db.exec(`INSERT INTO feed (partition, case_id, tombstone, line, at)
      SELECT (ARRAY['violation', 'appeal'])[1 + g % 2], 'c-' || g, false, '{"type":"tombstone","caseId":"c-' || g || '"}', 0 FROM generate_series(1, 40000) g`);
  });
  afterAll(() => tdb?.close());

  // The settings as `copyRows` applies them (its own transaction is checked in copy-rows.test.ts).
  const plan = async (off: readonly PlannerMethod[]) =>
    tdb.db.transaction(async (tx) => {
      for (const statement of plannerOff(off)) await tx.exec(statement);
      const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${chunkQuery('violation', { xid: '0', id: 0 }, '999999999', 2_001)}`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });

  it('is read along the feed index, not by sorting the rest of the partition', async () => {
    expect(await plan([])).not.toMatch(/^\s*->\s*Index Scan using feed_partition_position/m); // the premise: left alone, the planner sorts
    const kept = await plan(KEEP_TO_FEED_INDEX);
    expect(kept).toMatch(/^\s*->\s*Index Scan using feed_partition_position/m);
    expect(kept).not.toMatch(/Sort|Seq Scan|Bitmap/);
  });
});

describe.each(BACKENDS)('feed pages and must-refetch on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  beforeAll(async () => {
    tdb = await openTestDatabase(backend);
    t = await startTestService(tdb.db, { feedRetention: 0 });
  });
  afterAll(async () => {
    await t?.svc.close();
    await tdb?.close();
  });

  it('streams large pages in order with an end line, and pages by limit', async () => {
    const cases = Array.from({ length: 2_500 }, (_, i) => refundDisputeCase(`rd-bulk-${String(i).padStart(4, '0')}`));
    const res = await t.as('platform').post<{ upserted: number }>(routes.ingestCases, { cases });
    expect(res.body.upserted).toBe(2_500);
    await t.settled();
    const whole = await pull(t.as('arbiter'), 'refund_dispute', undefined, 50_000);
    expect(whole.upserts.map((l) => l.case.id)).toEqual(cases.map((c) => c.id));
    expect(whole.end.hasMore).toBe(false);
    const first = await pull(t.as('arbiter'), 'refund_dispute', undefined, 1_000);
    const second = await pull(t.as('arbiter'), 'refund_dispute', first.end.cursor, 1_000);
    const third = await pull(t.as('arbiter'), 'refund_dispute', second.end.cursor, 1_000);
    expect([first.end.hasMore, second.end.hasMore, third.end.hasMore]).toEqual([true, true, false]);
    expect([...first.upserts, ...second.upserts, ...third.upserts].map((l) => l.case.id)).toEqual(cases.map((c) => c.id));
    const empty = await pull(t.as('arbiter'), 'refund_dispute', third.end.cursor);
    expect([empty.lines.length, empty.end.cursor, empty.end.hasMore]).toEqual([0, third.end.cursor, false]);
  });

  it('orders by transaction id as a number, also where ids gain a digit (999 → 1000)', async () => {
    const current = async () => BigInt((await tdb.db.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x'))[0]?.x ?? '0');
    let x = await current();
    const boundary = 10n ** BigInt(x.toString().length);
    // Other test files share the cluster and take ids too: stop well short of the boundary, then
    // ingest one case at a time until one lands past it.
    while (x < boundary - 50n) x = await current(); // each statement is a transaction that takes the next id
    const { cursor } = await pullAll(t.as('moderator'), 'violation');
    const ids: string[] = [];
    const xidOf = async (id: string) => BigInt((await tdb.db.query<{ x: string }>('SELECT max(xid)::text AS x FROM feed WHERE case_id = $1', [id]))[0]?.x ?? '0');
    for (let n = 1; n <= 500; n++) {
      const id = `v-digits-${n}`;
      await t.as('platform').post(routes.ingestCases, { cases: [violationCase(id)] });
      ids.push(id);
      if ((await xidOf(id)) >= boundary) break;
    }
    await t.settled();
    const xids = await Promise.all(ids.map(xidOf));
    expect(xids.some((v) => v < boundary) && xids.some((v) => v >= boundary)).toBe(true); // the premise
    const seen: string[] = [];
    let c = cursor;
    for (let i = 0; i < 1_000; i++) {
      const page = await pull(t.as('moderator'), 'violation', c, 2);
      seen.push(...page.upserts.map((l) => l.case.id));
      c = page.end.cursor;
      if (!page.end.hasMore) break;
    }
    expect(seen).toEqual(ids);
  });

  it('answers must-refetch for a cursor below the compaction horizon; a fresh bootstrap gets the latest state', async () => {
    const platform = t.as('platform');
    await platform.post(routes.ingestCases, { cases: [violationCase('v-compact-keep'), violationCase('v-compact-gone')] });
    const { cursor: old } = await pullAll(t.as('moderator'), 'violation');
    await platform.post(routes.ingestCases, { cases: [violationCase('v-compact-keep', { priority: 5 })] });
    expect((await platform.del(`${routes.ingestCases}/v-compact-gone`)).status).toBe(204);
    const { cursor: current } = await pullAll(t.as('moderator'), 'violation');
    await sleep(5); // rows are compacted once older than the retention (0 ms here): let the clock move on
    await t.settled(); // and once below every running transaction
    expect(await t.svc.compactFeed()).toBeGreaterThanOrEqual(3); // keep v1, gone v1, gone's tombstone

    const refused = await t.as('moderator').get(`${routes.changes}?partition=violation&cursor=${old}`);
    expect(refused.status).toBe(410);
    expect(MustRefetch.parse(refused.body).message).toMatch(/bootstrap/);
    expect((await pull(t.as('moderator'), 'violation', current)).lines).toEqual([]); // an up-to-date cursor is still served

    const fresh = await pullAll(t.as('moderator'), 'violation');
    const compacted = fresh.lines.filter((l) => l.type !== 'upsert' || l.case.id.startsWith('v-compact'));
    expect(compacted.map((l) => (l.type === 'upsert' ? `${l.case.id}@${l.case.version}` : l.type))).toEqual(['v-compact-keep@2']);
  });

  it('after a compaction, a bootstrap in pages smaller than the partition finishes; cursors issued before it, below the watermark, must refetch', async () => {
    // merchant_complaint: a partition of its own, so every row in it is this test's.
    const ids = Array.from({ length: 10 }, (_, i) => `mc-boot-${i}`);
    const platform = t.as('platform');
    const arbiter = t.as('arbiter');
    await platform.post(routes.ingestCases, { cases: ids.map((id) => merchantComplaintCase(id)) });
    await t.settled();
    const { end: early } = await pull(arbiter, 'merchant_complaint', undefined, 2); // issued before the compaction
    // Supersede three, delete two: the compaction has rows and tombstones to drop, and keeps old rows of the rest.
    await platform.post(routes.ingestCases, { cases: ids.slice(0, 3).map((id) => merchantComplaintCase(id, { title: `商家投诉 ${id} 复核` })) });
    for (const id of ids.slice(3, 5)) expect((await platform.del(`${routes.ingestCases}/${id}`)).status).toBe(204);
    await sleep(5);
    await t.settled();
    expect(await t.svc.compactFeed()).toBeGreaterThanOrEqual(5);
    const wm = await watermark(tdb.db, 'merchant_complaint');

    const bootstrap = async () => {
      const pages: Page[] = [];
      let c: string | undefined;
      do {
        const page = await pull(arbiter, 'merchant_complaint', c, 3); // throws on 410
        pages.push(page);
        c = page.end.cursor;
      } while (pages.at(-1)?.end.hasMore);
      return pages;
    };
    const pages = await bootstrap();
    const survivors = [...ids.slice(5).map((id) => `${id}@1`), ...ids.slice(0, 3).map((id) => `${id}@2`)];
    expect(pages.flatMap((p) => p.lines).map((l) => (l.type === 'upsert' ? `${l.case.id}@${l.case.version}` : l.type))).toEqual(survivors);
    // The premise: the bootstrap did hand out cursors below the watermark, and went on from them.
    const below = pages.slice(0, -1).filter((p) => {
      const c = decodeCursor(p.end.cursor);
      return c?.format === 'current' && comparePositions(c.position, wm) < 0;
    });
    expect(below.length).toBeGreaterThan(0);

    const refused = await arbiter.get(`${routes.changes}?partition=merchant_complaint&cursor=${early.cursor}`);
    expect(refused.status).toBe(410);
    expect(MustRefetch.parse(refused.body).message).toMatch(/compacted past this cursor/);
    // A cursor of the earlier format (no watermark) is refused as such, not taken for garbage.
    const legacy = await arbiter.get(`${routes.changes}?partition=merchant_complaint&cursor=${(below[0]?.end.cursor ?? '').split(':')[0]}`);
    expect(legacy.status).toBe(410);
    expect(MustRefetch.parse(legacy.body).message).toMatch(/earlier version/);

    // A compaction that raises the watermark again outdates the mid-bootstrap cursor too, but not a fresh bootstrap.
    await platform.post(routes.ingestCases, { cases: [merchantComplaintCase('mc-boot-5', { title: '商家投诉 mc-boot-5 复核' })] });
    await sleep(5);
    await t.settled();
    expect(await t.svc.compactFeed()).toBeGreaterThanOrEqual(1);
    expect(comparePositions(await watermark(tdb.db, 'merchant_complaint'), wm)).toBeGreaterThan(0);
    const outdated = await arbiter.get(`${routes.changes}?partition=merchant_complaint&cursor=${below[0]?.end.cursor ?? ''}`);
    expect(outdated.status).toBe(410);
    const again = (await bootstrap()).flatMap((p) => p.upserts).map((l) => `${l.case.id}@${l.case.version}`);
    expect(again).toEqual([...survivors.filter((s) => !s.startsWith('mc-boot-5@')), 'mc-boot-5@2']);
  });

  it('answers must-refetch for a cursor from another database', async () => {
    const { cursor } = await pullAll(t.as('moderator'), 'violation');
    const foreign = cursor.replace(/^[0-9a-f]{12}/, (id) => (id === '000000000000' ? '111111111111' : '000000000000'));
    const res = await t.as('moderator').get(`${routes.changes}?partition=violation&cursor=${foreign}`);
    expect(res.status).toBe(410);
    expect(MustRefetch.parse(res.body).error).toBe('must-refetch');
  });
});
