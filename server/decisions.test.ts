import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PushResponse, routes, type AuditEntry, type LeaseResponse } from '../shared/sync/protocol';
import { BODIES, decision, refundDisputeCase, STAFF, violationCase } from './test-fixtures';
import { BACKENDS, pullAll, type TestService, serveForTests } from './test-helpers';

describe.each(BACKENDS)('decisions on %s', (backend) => {
  let t: TestService;
  serveForTests(backend, (env) => ({ t } = env));

  async function ingest(...cases: ReturnType<typeof violationCase>[]) {
    const res = await t.as('platform').post(routes.ingestCases, { cases });
    expect(res.status).toBe(200);
  }
  async function claim(who: 'arbiter' | 'arbiter2' | 'moderator' | 'supervisor', ...caseIds: string[]) {
    const res = await t.as(who).post<LeaseResponse>(routes.claim, { caseIds });
    expect(res.status).toBe(200);
    return res.body.results;
  }
  async function push(who: 'arbiter' | 'arbiter2' | 'moderator' | 'supervisor', clientId: string, decisions: unknown[]) {
    const res = await t.as(who).post<PushResponse>(routes.decisions, { clientId, decisions });
    if (res.status === 200) PushResponse.parse(res.body); // every answer keeps to the contract
    return res;
  }
  async function audit() {
    const res = await t.as('supervisor').get<{ entries: AuditEntry[] }>(`${routes.audit}?limit=10000`);
    return res.body.entries;
  }
  async function caseState(kind: 'refund_dispute' | 'violation', id: string) {
    const { lines } = await pullAll(t.as('platform'), kind);
    return lines.filter((l) => l.type === 'upsert' && l.case.id === id).at(-1);
  }

  it('applies a decision sent twice (the first answer lost) once, and answers the same', async () => {
    await ingest(refundDisputeCase('rd-once-1'), refundDisputeCase('rd-once-2'));
    await claim('arbiter', 'rd-once-1');
    const clientId = randomUUID();
    const batch = [
      decision('rd-once-1', { mutationId: 1, body: BODIES.partialRefund(20_000) }),
      decision('rd-once-2', { mutationId: 2, body: BODIES.fullRefund }), // never claimed: lease_lost
    ];
    const first = await push('arbiter', clientId, batch);
    const again = await push('arbiter', clientId, batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.status)).toEqual(['accepted', 'conflict']);
    expect(again.body).toEqual(first.body);
    expect((await audit()).filter((e) => e.caseId === 'rd-once-1' && e.action === 'decision')).toHaveLength(1);
    const state = await caseState('refund_dispute', 'rd-once-1');
    expect(state?.type === 'upsert' && state.case.version).toBe(2);
    expect(state?.type === 'upsert' && state.case.status).toBe('decided');
    expect(state?.type === 'upsert' && state.lease).toBeNull();
  });

  it('gives the second of two reviewers a conflict naming who decided, when and what', async () => {
    await ingest(refundDisputeCase('rd-two-reviewers'));
    const [lease] = await claim('arbiter', 'rd-two-reviewers');
    const epoch = lease?.granted ? lease.lease.epoch : 0;
    const mine = decision('rd-two-reviewers', { mutationId: 1, leaseEpoch: epoch, body: BODIES.fullRefund });
    const theirs = decision('rd-two-reviewers', { mutationId: 1, leaseEpoch: epoch, body: BODIES.partialRefund(5_000), reason: '买家使用后折断，部分退款。' });
    const a = await push('arbiter', randomUUID(), [mine]);
    const b = await push('supervisor', randomUUID(), [theirs]);
    expect(a.body.results[0]).toEqual({ status: 'accepted', decisionId: mine.decisionId, mutationId: 1, caseVersion: 2, effect: 'in_effect' });
    const c = b.body.results[0];
    expect(c?.status).toBe('conflict');
    if (c?.status !== 'conflict') return;
    expect(c.reason).toBe('already_decided');
    expect(c.current.decision?.decidedBy).toEqual({ id: STAFF.arbiter.id, name: STAFF.arbiter.name });
    expect(Math.abs((c.current.decision?.decidedAt ?? 0) - mine.decidedAt)).toBeLessThan(60_000); // the service's own time
    expect(c.current.decision?.body).toEqual(BODIES.fullRefund);
    expect(c.current.decision?.decisionId).toBe(mine.decisionId);
    expect(c.current.caseVersion).toBe(2);
  });

  it('answers each decision on its own: a conflict or rejection does not block the ones behind it', async () => {
    await ingest(violationCase('v-batch-1'), violationCase('v-batch-2'));
    await claim('moderator', 'v-batch-2');
    const res = await push('moderator', randomUUID(), [
      decision('v-batch-1', { mutationId: 1, body: BODIES.warning }), // not claimed
      decision('v-unknown', { mutationId: 2, body: BODIES.warning }),
      decision('v-batch-2', { mutationId: 3, body: BODIES.warning }),
    ]);
    expect(res.body.results.map((r) => [r.status, 'code' in r ? r.code : 'reason' in r ? r.reason : r.caseVersion])).toEqual([
      ['conflict', 'lease_lost'],
      ['rejected', 'not_found'],
      ['accepted', 2],
    ]);
  });

  it('refunds above the order amount are rejected with a clear message and change nothing', async () => {
    await ingest(refundDisputeCase('rd-too-much'));
    const [lease] = await claim('arbiter', 'rd-too-much');
    const d = decision('rd-too-much', { mutationId: 1, leaseEpoch: lease?.granted ? lease.lease.epoch : 0, body: BODIES.partialRefund(35_901) });
    const res = await push('arbiter', randomUUID(), [d]);
    const r = res.body.results[0];
    expect(r?.status === 'rejected' && r.code).toBe('invalid');
    expect(r?.status === 'rejected' && r.message).toMatch(/body\.outcome\.amountFen: ¥359\.01 is more than the ¥359\.00 paid/);
    const state = await caseState('refund_dispute', 'rd-too-much');
    expect(state?.type === 'upsert' && [state.case.version, state.case.status, state.lease?.holder.id]).toEqual([1, 'open', STAFF.arbiter.id]);
  });

  it('binds a client id to the staff member who first used it, and refuses a reused mutation id', async () => {
    await ingest(refundDisputeCase('rd-client-1'));
    const clientId = randomUUID();
    await claim('arbiter', 'rd-client-1');
    const first = await push('arbiter', clientId, [decision('rd-client-1', { mutationId: 1, body: BODIES.fullRefund })]);
    expect(first.body.results[0]?.status).toBe('accepted');
    const other = await push('arbiter2', clientId, [decision('rd-client-1', { mutationId: 2, body: BODIES.fullRefund })]);
    expect(other.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden', refusals: [{ code: 'client_of_other_staff', params: { clientId } }] });
    const reused = await push('arbiter', clientId, [decision('rd-client-1', { mutationId: 1, body: BODIES.fullRefund })]);
    expect(reused.body.results[0]).toMatchObject({ status: 'rejected', code: 'duplicate_id' });
  });

  it('refuses a batch holding a kind the role may not decide, applying nothing of it', async () => {
    await ingest(violationCase('v-mixed'), refundDisputeCase('rd-mixed'));
    await claim('moderator', 'v-mixed');
    const clientId = randomUUID();
    const res = await push('moderator', clientId, [
      decision('v-mixed', { mutationId: 1, body: BODIES.warning }),
      decision('rd-mixed', { mutationId: 2, body: BODIES.fullRefund }),
    ]);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'forbidden', message: expect.stringContaining('decisions[1].body.kind') });
    const state = await caseState('violation', 'v-mixed');
    expect(state?.type === 'upsert' && state.case.status).toBe('open');
    // No answer was stored: the same mutation is applied when sent on its own.
    const retry = await push('moderator', clientId, [decision('v-mixed', { mutationId: 1, body: BODIES.warning })]);
    expect(retry.body.results[0]?.status).toBe('accepted');
  });

  it('rejects a decision whose kind is not the case kind', async () => {
    await ingest(refundDisputeCase('rd-kind'));
    await claim('supervisor', 'rd-kind');
    const res = await push('supervisor', randomUUID(), [decision('rd-kind', { mutationId: 1, body: BODIES.warning })]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid', message: expect.stringContaining('body.kind: case rd-kind is a refund_dispute') });
  });
});
