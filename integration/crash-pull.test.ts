/**
 * Test 3, pull side: the console process (the CLI) is killed with SIGKILL at random points of
 * its pull — while a page streams in, while it is applied, while the indexes of the first
 * bootstrap are built — and restarted. After every kill the database passes integrity_check and
 * holds exactly the feed up to some page end (never half a page), and the next run asks for the
 * page after the stored cursor. The feed keeps growing and changing between runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCaseInput, rng } from '../electron/core/testing/fixtures';
import { tempDir } from '../electron/core/testing/tmp';
import { feedEntries, inspect, integrityOk, prefixHeld, runCli, startService, stateAfter, type CliEvent, type TestService } from './support';

const KILLS = 28;
const SEED = Number(process.env.DOCKET_CRASH_SEED ?? Date.now() % 100_000);
const tmp = tempDir('docket-crash-pull-');
let svc: TestService;

beforeAll(async () => {
  svc = await startService();
  await svc.ingest(Array.from({ length: 300 }, (_, i) => makeCaseInput(i, { kind: 'violation' }, 3)));
});
afterAll(async () => {
  await svc?.close();
  tmp.remove();
});

interface Local {
  versions: Map<string, number>;
  cursor: string | null;
  derived: string | null;
  countsMatch: boolean;
}

function local(file: string): Local {
  return inspect(file, (db) => {
    const rows = db.prepare('SELECT id, version FROM cases').all() as { id: string; version: number }[];
    const cursor = (db.prepare(`SELECT cursor FROM sync_state WHERE kind = 'violation'`).pluck().get() as string | null | undefined) ?? null;
    const derived = (db.prepare(`SELECT value FROM meta WHERE key = 'derived'`).pluck().get() as string | undefined) ?? null;
    const counted = db.prepare('SELECT coalesce(sum(n), 0) FROM queue_counts').pluck().get() as number;
    return { versions: new Map(rows.map((r) => [r.id, r.version])), cursor, derived, countsMatch: derived === 'deferred' || counted === rows.length };
  });
}

const same = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

describe(`kill -9 mid-pull (seed ${SEED})`, () => {
  it(`${KILLS} random kill points: no half page, integrity ok, resumes at the stored cursor`, async () => {
    const random = rng(SEED);
    const db = tmp.file('console.db');
    let kills = 0;
    let midPage = 0;
    let workerRuns = 0;
    const landed = new Map<string, number>();
    let next = 300;
    for (let round = 0; kills < KILLS; round++) {
      if (round % 2 === 1) {
        // The platform keeps working: new cases and changes to ones already pulled.
        const changed = Array.from({ length: 8 }, () => Math.floor(random() * next));
        await svc.ingest([
          ...Array.from({ length: 15 }, (_, i) => makeCaseInput(next + i, { kind: 'violation' }, 3)),
          ...[...new Set(changed)].map((n) => ({ ...makeCaseInput(n, { kind: 'violation' }, 3), title: `Updated in round ${round}` })),
        ]);
        next += 15;
      }
      const before = round === 0 ? null : local(db);
      const feed = await feedEntries(svc, 'violation');
      // Where to strike: first while the initial bootstrap builds its indexes (at one of its
      // steps), then while a page streams in or is applied, or between pages; small and larger pages.
      const allow = Math.floor(random() * 3);
      const pick = random();
      const [trigger, delay, skip] = round < 3
        ? ['derived-build', Math.floor(random() * 3), Math.floor(random() * 7)]
        : pick < 0.6 ? ['pull-request', Math.floor(random() * 25), allow] : ['page', Math.floor(random() * 10), allow];
      const limit = random() < 0.7 ? '7' : '40';
      const run = await runCli({
        db, server: svc.url, token: svc.tokens.modA, args: ['--page-limit', limit],
        killWhen: (e: CliEvent, all: CliEvent[]) => {
          // After the last page there is nothing left to interrupt.
          if (e.event !== trigger || e.caughtUp === true) return null;
          return all.filter((x) => x.event === trigger).length > skip ? delay : null;
        },
      });
      expect(run.stderr).toBe('');
      if (run.events.some((e) => e.event === 'bootstrap-workers' && (e.count as number) > 0)) workerRuns += 1;

      // Resumed where it was: the first request starts at the stored cursor, and its page
      // begins with the feed entry right after what the database held.
      const firstRequest = run.events.find((e) => e.event === 'pull-request');
      if (before && firstRequest) {
        expect(firstRequest.cursor ?? null).toBe(before.cursor);
        const held = prefixHeld(feed, before.versions);
        const firstPage = run.events.find((e) => e.event === 'page' && (e.changes as number) > 0);
        if (firstPage && held >= 0 && held < feed.length) expect(firstPage.firstCaseId).toBe(feed[held]?.id);
      }

      if (!run.killed) {
        expect(run.code, JSON.stringify(run.events.at(-1))).toBe(0);
        continue;
      }
      const lastEvent = run.events.at(-1)?.event ?? 'start';
      landed.set(lastEvent, (landed.get(lastEvent) ?? 0) + 1);
      // Only a kill that struck while pulling counts (one after the last page is a bonus).
      if (['pull-request', 'page', 'derived-build'].includes(lastEvent)) kills += 1;
      if (lastEvent === 'pull-request') midPage += 1;
      expect(integrityOk(db)).toBe('ok');
      const after = local(db);
      // Exactly the feed up to a page end: some prefix of the feed, never part of a page.
      const feedNow = await feedEntries(svc, 'violation');
      const prefix = prefixHeld(feedNow, after.versions);
      expect(prefix, `round ${round}: the database is not any prefix of the feed`).toBeGreaterThanOrEqual(0);
      expect(after.countsMatch).toBe(true);
    }

    // A last run without a kill catches up completely.
    const final = await runCli({ db, server: svc.url, token: svc.tokens.modA, args: ['--page-limit', '7'] });
    expect(final.code).toBe(0);
    const feed = await feedEntries(svc, 'violation');
    const end = local(db);
    expect(same(end.versions, stateAfter(feed, feed.length))).toBe(true);
    expect(end.derived).toBe('live');
    expect(end.countsMatch).toBe(true);
    expect(integrityOk(db)).toBe('ok');
    console.log(`crash-pull seed ${SEED}: ${kills} kills while pulling; last line before each kill: ${JSON.stringify(Object.fromEntries(landed))}`);
    expect(midPage).toBeGreaterThan(0);
    // The bootstrap runs validated their pages in worker threads, as a bundle ships them.
    expect(workerRuns).toBeGreaterThan(0);
  }, 300_000);
});
