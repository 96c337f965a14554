/**
 * One decision, one call: `case.decide` claims the case when the reviewer holds no live lease
 * on it, decides on a case checked out for offline work without a round trip, and leaves
 * nothing written when the service refuses the claim. A burst of decisions makes one push and
 * no pull; a pull of many pages makes one `data.changed`.
 * A real case service behind a recording proxy, consoles on their own database files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { CHANGE_HELD_MAX_MS } from '../electron/core/events';
import { makeCaseInput } from '../electron/core/testing/fixtures';
import { call, refused } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import type { CaseInput, CaseKind } from '../shared/domain';
import { routes } from '../shared/sync/protocol';
import { casesDecidedAtOnce, eventually, inspect, recommended, startProxy, startService, STAFF, type Proxy, type StaffKey, type TestService } from './support';

const tmp = tempDir('docket-one-call-');
let svc: TestService;
let proxy: Proxy;
const inputs: CaseInput[] = [];
let next = 1;
const consoles: ConsoleCore[] = [];

const open = async (who: StaffKey, opts: { autoSync?: boolean; pullPageLimit?: number } = {}) => {
  const core = await openConsole({ dbPath: tmp.file(`${who}-${consoles.length}.db`), serverUrl: proxy.url, token: svc.tokens[who], autoSync: false, syncIntervalMs: 600_000, ...opts });
  consoles.push(core);
  return core;
};
/** Fresh violation cases whose recommended decision the service takes at once. */
const newCases = async (count: number) => {
  const made = casesDecidedAtOnce(count, next, (n) => makeCaseInput(n, { kind: 'violation', status: 'open' }, 61));
  next = made.next;
  inputs.push(...made.inputs);
  await svc.ingest(made.inputs);
  return made.inputs.map((c) => c.id);
};
const decide = (core: ConsoleCore, caseId: string) => {
  const rec = recommended(inputs.find((c) => c.id === caseId) as CaseInput);
  return core.invoke('case.decide', { caseId, body: rec.body, ruleRef: rec.ruleRef, reason: 'Comment-for-priority-shipping offer seen in the live room.' });
};
/** The proxy's requests from index `from` on, as "METHOD /path" without the query. */
const requestsSince = (from: number) => proxy.requests.slice(from).map((r) => r.split('?')[0]);
const outboxRows = (core: number) => inspect(tmp.file(`modA-${core}.db`), (db) => db.prepare('SELECT count(*) FROM outbox').pluck().get() as number);

beforeAll(async () => {
  svc = await startService();
  proxy = await startProxy(svc.url);
});
let serviceStopped = false;
afterAll(async () => {
  for (const c of consoles) await c.close();
  await proxy?.close();
  if (!serviceStopped) await svc?.close();
  tmp.remove();
});

describe('case.decide in one call', () => {
  it('decides an unclaimed case: claimed, decided, one outbox row, accepted on push', async () => {
    const [caseId] = (await newCases(1)) as [string];
    const a = await open('modA');
    await call(a, 'sync.now', {});
    const mark = proxy.requests.length;
    const r = await decide(a, caseId);
    expect(r).toMatchObject({ ok: true });
    expect(requestsSince(mark)).toEqual([`POST ${routes.claim}`]);
    const detail = await call(a, 'case.get', { caseId });
    expect(detail.myLease).toMatchObject({ mode: 'online' });
    expect(detail.myDecision).toMatchObject({ state: 'pending' });
    expect(outboxRows(0)).toBe(1);
    const status = await call(a, 'sync.now', {});
    expect(status.pending).toBe(0);
    expect((await call(a, 'case.get', { caseId })).myDecision).toMatchObject({ state: 'accepted' });
  });

  it('a claim the service refuses writes no decision and says who holds the case', async () => {
    const [caseId] = (await newCases(1)) as [string];
    const a = consoles[0] as ConsoleCore;
    const b = await open('modB');
    await call(b, 'sync.now', {});
    expect(await call(b, 'case.claim', { caseIds: [caseId] })).toMatchObject([{ granted: true }]);
    await call(a, 'sync.now', {});
    const before = inspect(tmp.file('modA-0.db'), (db) => db.prepare('SELECT count(*) FROM my_decisions').pluck().get() as number);
    const error = await refused(a, 'case.decide', { caseId, body: recommended(inputs.find((c) => c.id === caseId) as CaseInput).body, ruleRef: recommended(inputs.find((c) => c.id === caseId) as CaseInput).ruleRef, reason: 'Seen in the replay.' });
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining(`case ${caseId} was not decided: it is claimed by ${STAFF.modB.name}`) });
    expect(inspect(tmp.file('modA-0.db'), (db) => db.prepare('SELECT count(*) FROM my_decisions').pluck().get() as number)).toBe(before);
    expect(outboxRows(0)).toBe(0);
    expect((await call(a, 'case.get', { caseId })).myLease).toBeNull();
  });

  it('a burst of decisions makes one push and no pull; the grid hears of it in one event, and of the answers in one more', async () => {
    const ids = await newCases(5);
    const c = await open('modA', { autoSync: true });
    // The first cycle (sign-in, pull) has run; its timer is far off.
    await call(c, 'sync.now', {});
    expect(await call(c, 'case.claim', { caseIds: ids })).toSatisfy((answers: { granted: boolean }[]) => answers.every((x) => x.granted));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const changed: CaseKind[][] = [];
    c.on('data.changed', ({ kinds }) => changed.push(kinds));
    const mark = proxy.requests.length;
    for (const id of ids) expect(await decide(c, id)).toMatchObject({ ok: true });
    await eventually(async () => ((await call(c, 'sync.status', {})).pending === 0 ? true : null), 'the outbox to be pushed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requestsSince(mark)).toEqual([`POST ${routes.decisions}`]);
    expect(proxy.pushes.at(-1)).toMatchObject({ decisions: expect.arrayContaining(ids.map((caseId) => expect.objectContaining({ caseId }))) });
    // One for the decisions, one for the service's answers (each may split only if a step outlasts the quiet window).
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(2);
    expect(new Set(changed.flat())).toEqual(new Set(['violation']));
  });

  it('a pull of many pages is one data.changed', async () => {
    const d = await open('modA', { pullPageLimit: 2 });
    await call(d, 'sync.now', {});
    await newCases(7);
    const changed: CaseKind[][] = [];
    d.on('data.changed', ({ kinds }) => changed.push(kinds));
    const mark = proxy.requests.length;
    const started = Date.now();
    await call(d, 'sync.now', {});
    const took = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pages = requestsSince(mark).filter((r) => r === `GET ${routes.changes}`).length;
    expect(pages).toBeGreaterThanOrEqual(4);
    // One event for the cycle; a cycle slowed past CHANGE_HELD_MAX_MS (a loaded machine) shows progress once per that time.
    expect(changed.length).toBeLessThanOrEqual(1 + Math.floor(took / CHANGE_HELD_MAX_MS));
    expect(changed.length).toBeLessThan(pages);
    expect(new Set(changed.flat())).toEqual(new Set(['violation']));
  });

  it('decides a case checked out for offline work with the service stopped: queued, no request', async () => {
    const [caseId] = (await newCases(1)) as [string];
    const a = consoles[0] as ConsoleCore;
    await call(a, 'sync.now', {});
    expect(await call(a, 'case.claim', { caseIds: [caseId], mode: 'offline' })).toMatchObject([{ granted: true, lease: { mode: 'offline' } }]);
    for (const c of consoles.slice(1)) await c.close();
    await svc.close();
    serviceStopped = true;
    const mark = proxy.requests.length;
    expect(await decide(a, caseId)).toMatchObject({ ok: true });
    expect(requestsSince(mark)).toEqual([]);
    expect((await call(a, 'case.get', { caseId })).myDecision).toMatchObject({ state: 'pending' });
    expect(outboxRows(0)).toBe(1);
  });
});
