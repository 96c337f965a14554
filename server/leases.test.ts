import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseInput } from '../shared/domain';
import { LeaseResponse, MAX_OFFLINE_CHECKOUT, routes, type AuditEntry, type LeaseAnswer, type PushResponse } from '../shared/sync/protocol';
import { BODIES, decision, refundDisputeCase, STAFF, violationCase } from './test-fixtures';
import { BACKENDS, openTestDatabase, pullAll, sleep, startTestService, type TestDatabase, type TestService } from './test-helpers';

const SHORT_LEASE_MS = 300;

describe.each(BACKENDS)('leases on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  /** A second instance on the same database whose leases expire quickly. */
  let short: TestService;
  beforeAll(async () => {
    tdb = await openTestDatabase(backend);
    t = await startTestService(tdb.db);
    short = await startTestService(tdb.db, { leaseMs: { online: SHORT_LEASE_MS, offline: SHORT_LEASE_MS } }, t.tokens);
  });
  afterAll(async () => {
    await short?.svc.close();
    await t?.svc.close();
    await tdb?.close();
  });

  async function ingest(...cases: CaseInput[]) {
    expect((await t.as('platform').post(routes.ingestCases, { cases })).status).toBe(200);
  }
  async function lease(svc: TestService, op: 'claim' | 'renew' | 'release', who: 'arbiter' | 'arbiter2' | 'moderator', caseIds: string[], mode?: 'online' | 'offline'): Promise<LeaseAnswer[]> {
    const res = await svc.as(who).post<LeaseResponse>(routes[op], { caseIds, ...(mode ? { mode } : {}) });
    expect(res.status).toBe(200);
    return LeaseResponse.parse(res.body).results; // every answer keeps to the contract
  }
  const auditEntries = async () => (await t.as('supervisor').get<{ entries: AuditEntry[] }>(`${routes.audit}?limit=10000`)).body.entries;

  it('grants a claim, refuses a second reviewer while it is held, and moves the epoch on each change of holder', async () => {
    await ingest(refundDisputeCase('rd-lease-1'));
    const [a] = await lease(t, 'claim', 'arbiter', ['rd-lease-1']);
    expect(a).toMatchObject({ granted: true, lease: { holder: { id: STAFF.arbiter.id, name: STAFF.arbiter.name }, epoch: 1, mode: 'online' } });
    const [b] = await lease(t, 'claim', 'arbiter2', ['rd-lease-1']);
    expect(b).toMatchObject({ granted: false, reason: 'held', lease: { holder: { id: STAFF.arbiter.id }, epoch: 1 } });
    const [renewed] = await lease(t, 'renew', 'arbiter', ['rd-lease-1']);
    expect(renewed?.granted && a?.granted && renewed.lease.expiresAt >= a.lease.expiresAt).toBe(true);
    expect(renewed).toMatchObject({ lease: { epoch: 1 } });
    const [notMine] = await lease(t, 'renew', 'arbiter2', ['rd-lease-1']);
    expect(notMine).toMatchObject({ granted: false, reason: 'not_holder' });
    const [released] = await lease(t, 'release', 'arbiter', ['rd-lease-1']);
    expect(released).toMatchObject({ granted: true, lease: { epoch: 1 } });
    const [c] = await lease(t, 'claim', 'arbiter2', ['rd-lease-1']);
    expect(c).toMatchObject({ granted: true, lease: { holder: { id: STAFF.arbiter2.id }, epoch: 2 } });
  });

  it('writes a feed row for each lease change without a new case version', async () => {
    await ingest(refundDisputeCase('rd-lease-feed'));
    const before = await pullAll(t.as('arbiter'), 'refund_dispute');
    await lease(t, 'claim', 'arbiter', ['rd-lease-feed']);
    await lease(t, 'release', 'arbiter', ['rd-lease-feed']);
    const after = await pullAll(t.as('arbiter'), 'refund_dispute', before.cursor);
    expect(after.lines.map((l) => l.type === 'upsert' && [l.case.id, l.case.version, l.lease?.holder.id ?? null])).toEqual([
      ['rd-lease-feed', 1, STAFF.arbiter.id],
      ['rd-lease-feed', 1, null],
    ]);
  });

  it('answers unknown and decided cases, request order kept', async () => {
    await ingest(refundDisputeCase('rd-lease-decided'));
    const [l] = await lease(t, 'claim', 'arbiter', ['rd-lease-decided']);
    const push = await t.as('arbiter').post<PushResponse>(routes.decisions, {
      clientId: randomUUID(),
      decisions: [decision('rd-lease-decided', { mutationId: 1, leaseEpoch: l?.granted ? l.lease.epoch : 0, body: BODIES.fullRefund })],
    });
    expect(push.body.results[0]?.status).toBe('accepted');
    const answers = await lease(t, 'claim', 'arbiter2', ['rd-nope', 'rd-lease-decided']);
    expect(answers).toEqual([
      { caseId: 'rd-nope', granted: false, reason: 'not_found', lease: null },
      { caseId: 'rd-lease-decided', granted: false, reason: 'decided', lease: null },
    ]);
  });

  it('refuses a moderator claiming a refund dispute with 403, and the case stays free', async () => {
    await ingest(refundDisputeCase('rd-lease-role'), violationCase('v-lease-role'));
    const res = await t.as('moderator').post<{ error: string; message: string }>(routes.claim, { caseIds: ['v-lease-role', 'rd-lease-role'] });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('rd-lease-role is a refund_dispute');
    const [v] = await lease(t, 'claim', 'moderator', ['v-lease-role']);
    expect(v).toMatchObject({ granted: true, lease: { epoch: 1 } }); // the refused request did not claim it
    const [rd] = await lease(t, 'claim', 'arbiter', ['rd-lease-role']);
    expect(rd).toMatchObject({ granted: true, lease: { epoch: 1 } });
  });

  it(`limits an offline checkout to ${MAX_OFFLINE_CHECKOUT} cases`, async () => {
    const ids = Array.from({ length: MAX_OFFLINE_CHECKOUT + 10 }, (_, i) => `v-offline-${i}`);
    await ingest(...ids.map((id) => violationCase(id)));
    const first = await lease(t, 'claim', 'moderator', ids.slice(0, 150), 'offline');
    expect(first.every((a) => a.granted && a.lease.mode === 'offline')).toBe(true);
    const tooMany = await t.as('moderator').post<{ error: string; message: string }>(routes.claim, { caseIds: ids.slice(150), mode: 'offline' });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.message).toContain(`at most ${MAX_OFFLINE_CHECKOUT} cases: you hold 150 and asked for 60 more`);
    // Nothing of the refused request was granted: the moderator still holds 150.
    const again = await lease(t, 'claim', 'moderator', ids.slice(150, 200), 'offline');
    expect(again.every((x) => x.granted)).toBe(true);
  });

  it('lets another reviewer take an expired lease (epoch up, logged); the old epoch then conflicts', async () => {
    await ingest(refundDisputeCase('rd-expire'));
    const [a] = await lease(short, 'claim', 'arbiter', ['rd-expire']);
    expect(a).toMatchObject({ granted: true, lease: { epoch: 1 } });
    const expiresAt = a?.granted ? a.lease.expiresAt : 0;
    while (Date.now() <= expiresAt + 5) await sleep(50); // wait past the expiry; nothing is asserted about timing
    const [b] = await lease(t, 'claim', 'arbiter2', ['rd-expire']);
    expect(b).toMatchObject({ granted: true, lease: { holder: { id: STAFF.arbiter2.id }, epoch: 2 } });
    const steal = (await auditEntries()).find((e) => e.action === 'lease_steal' && e.caseId === 'rd-expire');
    expect(steal).toMatchObject({ actor: { id: STAFF.arbiter2.id }, payload: { from: { id: STAFF.arbiter.id }, fromEpoch: 1, epoch: 2 } });

    // The first arbiter decides under the lost epoch: a conflict naming the new holder.
    const late = decision('rd-expire', { mutationId: 1, leaseEpoch: 1, body: BODIES.fullRefund });
    const lost = await t.as('arbiter').post<PushResponse>(routes.decisions, { clientId: randomUUID(), decisions: [late] });
    expect(lost.body.results[0]).toMatchObject({ status: 'conflict', reason: 'lease_lost', message: 'the claim on case rd-expire had ended or passed to someone else', current: { lease: { holder: { id: STAFF.arbiter2.id }, epoch: 2 }, decision: null } });

    // The platform updates the case; a decision on the old version under the old epoch is a conflict too.
    await ingest(refundDisputeCase('rd-expire', { priority: 1 }));
    const stale = await t.as('arbiter').post<PushResponse>(routes.decisions, { clientId: randomUUID(), decisions: [{ ...late, decisionId: randomUUID() }] });
    expect(stale.body.results[0]).toMatchObject({ status: 'conflict', reason: 'case_changed', current: { caseVersion: 2 } });

    // The new holder, on the new version, is accepted.
    const ok = await t.as('arbiter2').post<PushResponse>(routes.decisions, {
      clientId: randomUUID(),
      decisions: [decision('rd-expire', { mutationId: 1, leaseEpoch: 2, baseVersion: 2, body: BODIES.partialRefund(10_000) })],
    });
    expect(ok.body.results[0]).toMatchObject({ status: 'accepted', caseVersion: 3 });
  });

  it('keeps the epoch when the holder renews an expired lease nobody took', async () => {
    await ingest(refundDisputeCase('rd-expire-renew'));
    const [a] = await lease(short, 'claim', 'arbiter', ['rd-expire-renew']);
    const expiresAt = a?.granted ? a.lease.expiresAt : 0;
    while (Date.now() <= expiresAt + 5) await sleep(50);
    const [r] = await lease(t, 'renew', 'arbiter', ['rd-expire-renew']);
    expect(r).toMatchObject({ granted: true, lease: { epoch: 1, holder: { id: STAFF.arbiter.id } } });
    expect(r?.granted && r.lease.expiresAt > expiresAt).toBe(true);
  });
});
