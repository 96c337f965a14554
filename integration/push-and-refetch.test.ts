/**
 * Push exactly-once through the console with a lost response (the service applied the batch,
 * the answer never arrived): the console resends the same decision ids and mutation ids, the
 * service answers the same, and its log holds the decision once. Must-refetch: after the
 * service compacts its feed past the console's cursor, the console drops the partition and
 * bootstraps it again, ending with exactly the service's cases; local work survives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { makeCaseInput } from '../electron/core/testing/fixtures';
import { call } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import type { CaseInput } from '../shared/domain';
import { PushRequest, routes } from '../shared/sync/protocol';
import { casesDecidedAtOnce, feedEntries, inspect, loggedDecisionIds, recommended, startProxy, startService, stateAfter, type Proxy, type TestService } from './support';

const tmp = tempDir('docket-push-refetch-');
let svc: TestService;
let proxy: Proxy;
let core: ConsoleCore;
let inputs: CaseInput[] = [];

beforeAll(async () => {
  // Retention 0: a compaction may drop every superseded row, so old cursors get must-refetch.
  svc = await startService({ feedRetention: 0 });
  proxy = await startProxy(svc.url);
  inputs = casesDecidedAtOnce(12, 0, (n) => makeCaseInput(n, { kind: 'violation', status: 'open' }, 21)).inputs;
  await svc.ingest(inputs);
  // Pages larger than the partition: the service answers must-refetch to any cursor below its
  // compaction watermark, including the cursors of a bootstrap that started after the compaction
  // (reported to the case service's owner), so a multi-page bootstrap after a compaction cannot finish yet.
  core = await openConsole({ dbPath: tmp.file('c.db'), serverUrl: proxy.url, token: svc.tokens.modA, autoSync: false, pullPageLimit: 100 });
  await call(core, 'sync.now', {});
});
afterAll(async () => {
  await core?.close();
  await proxy?.close();
  await svc?.close();
  tmp.remove();
});

const id = (n: number) => (inputs[n] as CaseInput).id;
const decide = (n: number, reason: string) => {
  const { body, ruleRef } = recommended(inputs[n] as CaseInput);
  return call(core, 'case.decide', { caseId: id(n), body, ruleRef, reason });
};

describe('push exactly once through the console', () => {
  it('a lost response is resent with the same ids and applied once', async () => {
    await call(core, 'case.claim', { caseIds: [id(0), id(1)] });
    const first = await decide(0, 'Offer of faster shipping for comments.');
    const second = await decide(1, 'Repeat offence within the window.');
    expect(second.mutationId).toBe(first.mutationId + 1);

    proxy.loseNextResponses(routes.decisions, 1);
    const lost = await call(core, 'sync.now', {});
    expect(lost.online).toBe(false);
    expect(lost.lastError).toMatch(/cannot reach the case service|push/);
    expect(lost.pending).toBe(2);
    // The service did apply them: the answer was lost, not the request.
    expect(loggedDecisionIds(await svc.audit())).toEqual([first.decisionId, second.decisionId]);

    const back = await call(core, 'sync.now', {});
    expect(back).toMatchObject({ online: true, pending: 0, conflicts: 0, lastError: null });
    const bodies = proxy.pushes.map((p) => PushRequest.parse(p));
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[0]?.decisions.map((d) => [d.decisionId, d.mutationId])).toEqual([[first.decisionId, first.mutationId], [second.decisionId, second.mutationId]]);
    expect(loggedDecisionIds(await svc.audit())).toEqual([first.decisionId, second.decisionId]);
    // The decided cases come back through the feed.
    await svc.settled();
    await call(core, 'sync.now', {});
    for (const d of [first, second]) {
      const detail = await call(core, 'case.get', { caseId: d === first ? id(0) : id(1) });
      expect(detail.myDecision).toMatchObject({ decisionId: d.decisionId, state: 'accepted' });
      expect(detail.case.status).toBe('decided');
    }
  });
});

describe('must-refetch', () => {
  it('after a compaction past its cursor the console bootstraps the partition again, and local work survives', async () => {
    await call(core, 'prefs.set', { key: 'grid.violation', value: { sort: 'amountFen', filters: { region: ['guangdong'] } } });
    await call(core, 'case.claim', { caseIds: [id(5)] });
    // The platform changes, deletes and adds cases; then the service compacts its feed.
    await svc.ingest([{ ...(inputs[3] as CaseInput), title: 'Updated: second report from a viewer' }, makeCaseInput(400, { kind: 'violation', status: 'open' }, 21)]);
    const del = await fetch(`${svc.url}${routes.ingestCases}/${id(4)}`, { method: 'DELETE', headers: { authorization: `Bearer ${svc.tokens.platform}` } });
    expect(del.status).toBe(204);
    // Settled first: a compaction only reaches rows below the cluster's oldest open transaction.
    await svc.settled();
    expect(await svc.svc.compactFeed()).toBeGreaterThan(0);

    const before = proxy.requests.length;
    const status = await call(core, 'sync.now', {});
    expect(status.lastError).toBeNull();
    const pulls = proxy.requests.slice(before).filter((r) => r.startsWith(`GET ${routes.changes}`));
    // First the stale cursor (answered 410), then from the start.
    expect(pulls[0]).toMatch(/cursor=/);
    expect(pulls[1]).not.toMatch(/cursor=/);

    const feed = await feedEntries(svc, 'violation');
    const expected = stateAfter(feed, feed.length);
    const local = inspect(tmp.file('c.db'), (db) => new Map((db.prepare('SELECT id, version FROM cases').all() as { id: string; version: number }[]).map((r) => [r.id, r.version])));
    expect([...local].sort()).toEqual([...expected].sort());
    expect(local.has(id(4))).toBe(false);
    expect((await call(core, 'case.get', { caseId: id(3) })).case.title).toMatch(/^Updated/);
    expect(inspect(tmp.file('c.db'), (db) => db.prepare(`SELECT refetches, bootstrapped FROM sync_state WHERE kind = 'violation'`).get())).toEqual({ refetches: 1, bootstrapped: 1 });
    // The reviewer's own tables were not touched.
    expect(await call(core, 'prefs.get', { key: 'grid.violation' })).toEqual({ value: { sort: 'amountFen', filters: { region: ['guangdong'] } } });
    expect((await call(core, 'case.get', { caseId: id(5) })).myLease).toMatchObject({ epoch: expect.any(Number) });
    expect((await call(core, 'case.get', { caseId: id(0) })).myDecision).toMatchObject({ state: 'accepted' });
  });
});
