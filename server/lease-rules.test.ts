/**
 * Who may decide under which lease, and whose clock times a decision: only the reviewer who held
 * the lease of the epoch a decision carries, within that lease; the time of record is the
 * service's, the console's kept only as "decided offline at".
 */
import { describe, expect, it } from 'vitest';
import type { CaseInput } from '../shared/domain';
import { beijingDateZh } from '../shared/statement';
import { MAX_CLOCK_SKEW_MS, routes, statementPath, type DecisionCommand } from '../shared/sync/protocol';
import { appealCase, BODIES, decision, refundDisputeCase, STAFF, type StaffKey } from './test-fixtures';
import { BACKENDS, caseNow, claimEpoch, push, serveForTests, type TestDatabase, type TestService } from './test-helpers';

const MINUTE = 60_000;

describe.each(BACKENDS)('lease and time rules on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  const ingest = async (...cases: CaseInput[]) => expect((await t.as('platform').post(routes.ingestCases, { cases })).status).toBe(200);
  const release = async (who: StaffKey, caseId: string) => expect((await t.as(who).post(routes.release, { caseIds: [caseId] })).status).toBe(200);
  const fullRefund = (caseId: string, o: Partial<DecisionCommand> = {}) => decision(caseId, { mutationId: 1, body: BODIES.fullRefund, ...o });

  it('refuses a decision on a released case by a reviewer who never held its lease, whatever their role', async () => {
    await ingest(refundDisputeCase('rd-never-held'));
    expect(await claimEpoch(t.as('arbiter'), 'rd-never-held')).toBe(1);
    await release('arbiter', 'rd-never-held');
    for (const who of ['arbiter2', 'supervisor'] as const) {
      const [answer] = await push(t.as(who), { decisions: [fullRefund('rd-never-held', { leaseEpoch: 1 })] });
      expect(answer).toMatchObject({
        status: 'conflict', reason: 'lease_lost', current: { lease: null, decision: null },
        message: 'leaseEpoch: you never held the claim on case rd-never-held under epoch 1; claim the case before deciding it',
      });
    }
    // Never claimed at all: epoch 0 is nobody's lease.
    await ingest(refundDisputeCase('rd-never-claimed'));
    const [none] = await push(t.as('arbiter'), { decisions: [fullRefund('rd-never-claimed', { leaseEpoch: 1 })] });
    expect(none).toMatchObject({ status: 'conflict', reason: 'lease_lost' });
    expect((await caseNow(t, 'refund_dispute', 'rd-never-held')).status).toBe('open');
  });

  it('refuses an appeal decided under a lease its decider never held', async () => {
    await ingest(appealCase('apl-never-held', STAFF.moderator));
    expect(await claimEpoch(t.as('arbiter'), 'apl-never-held')).toBe(1);
    await release('arbiter', 'apl-never-held');
    const [answer] = await push(t.as('arbiter2'), { decisions: [decision('apl-never-held', { mutationId: 1, leaseEpoch: 1, body: { kind: 'appeal', outcome: { type: 'uphold' } } })] });
    expect(answer).toMatchObject({ status: 'conflict', reason: 'lease_lost' });
  });

  it('accepts a decision its author made under a lease and sent after releasing it (an outbox), but not one timed after the release', async () => {
    await ingest(refundDisputeCase('rd-sent-late'), refundDisputeCase('rd-after-release'));
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-sent-late');
    const made = fullRefund('rd-sent-late', { leaseEpoch: epoch, decidedAt: Date.now() });
    await release('arbiter', 'rd-sent-late');
    expect((await push(t.as('arbiter'), { decisions: [made] }))[0]).toMatchObject({ status: 'accepted' });

    const e2 = await claimEpoch(t.as('arbiter'), 'rd-after-release');
    await release('arbiter', 'rd-after-release');
    const late = fullRefund('rd-after-release', { leaseEpoch: e2, decidedAt: Date.now() + MAX_CLOCK_SKEW_MS + 2 * MINUTE });
    const [answer] = await push(t.as('arbiter'), { decisions: [late] });
    expect(answer).toMatchObject({ status: 'rejected', code: 'invalid', refusals: [{ code: 'decided_at_out_of_bounds', params: { decidedAt: late.decidedAt } }] });
    expect(answer?.status === 'rejected' && answer.message).toMatch(/^decidedAt: .* is after .*; the case service keeps a console's time only within the lease under which it was decided \(epoch 1\)/);
  });

  it('refuses a time in 2243 or before the lease began; records the service\'s time, which the notice prints', async () => {
    await ingest(refundDisputeCase('rd-far-future'));
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-far-future');
    const future = fullRefund('rd-far-future', { leaseEpoch: epoch, decidedAt: Date.UTC(2243, 0, 1) });
    const before = fullRefund('rd-far-future', { leaseEpoch: epoch, mutationId: 2, decidedAt: Date.now() - MAX_CLOCK_SKEW_MS - 10 * MINUTE });
    const [a, b] = await push(t.as('arbiter'), { decisions: [future, before] });
    expect(a).toMatchObject({ status: 'rejected', code: 'invalid', refusals: [{ code: 'decided_at_out_of_bounds', params: { decidedAt: future.decidedAt } }] });
    expect(b).toMatchObject({ status: 'rejected', code: 'invalid', refusals: [{ code: 'decided_at_out_of_bounds', params: { decidedAt: before.decidedAt } }] });
    // A console clock a minute fast is within the skew allowed: accepted, timed by the service.
    const sentAt = Date.now();
    const ok = fullRefund('rd-far-future', { leaseEpoch: epoch, mutationId: 3, decidedAt: sentAt + MINUTE });
    expect((await push(t.as('arbiter'), { decisions: [ok] }))[0]).toMatchObject({ status: 'accepted' });
    const recorded = (await caseNow(t, 'refund_dispute', 'rd-far-future')).lastDecision;
    expect(recorded?.decidedAt).toBeGreaterThanOrEqual(sentAt - 1_000);
    expect(recorded?.decidedAt).toBeLessThan(ok.decidedAt);
    expect(recorded).not.toHaveProperty('decidedOfflineAt');
    const notice = await t.as('arbiter').get<string>(`${statementPath(ok.decisionId)}?format=notice`);
    expect(notice.text).toContain(`作出日期${beijingDateZh(recorded?.decidedAt ?? 0)}`);
  });

  it('keeps the console\'s time as "decided offline at" for a decision made under an offline checkout and sent hours later', async () => {
    await ingest(refundDisputeCase('rd-offline'));
    const res = await t.as('arbiter').post<{ results: Array<{ lease: { epoch: number } }> }>(routes.claim, { caseIds: ['rd-offline'], mode: 'offline' });
    const epoch = res.body.results[0]?.lease.epoch ?? 0;
    // The checkout began three hours ago (the history as it would stand), and the decision was made an hour into it.
    await tdb.db.query(`UPDATE lease_grants SET granted_at = granted_at - $2 WHERE case_id = $1`, ['rd-offline', 180 * MINUTE]);
    const madeAt = Date.now() - 120 * MINUTE;
    const d = fullRefund('rd-offline', { leaseEpoch: epoch, decidedAt: madeAt });
    expect((await push(t.as('arbiter'), { decisions: [d] }))[0]).toMatchObject({ status: 'accepted' });
    const recorded = (await caseNow(t, 'refund_dispute', 'rd-offline')).lastDecision;
    expect(recorded?.decidedOfflineAt).toBe(madeAt);
    expect(recorded?.decidedAt).toBeGreaterThan(madeAt + 100 * MINUTE);
  });

  it('refuses a second decision under a lease a decision ended: a case sent back is claimed again', async () => {
    await ingest(refundDisputeCase('rd-ended'));
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-ended');
    expect((await push(t.as('arbiter'), { decisions: [fullRefund('rd-ended', { leaseEpoch: epoch })] }))[0]).toMatchObject({ status: 'accepted' });
    const rows = await tdb.db.query<{ ended_by: string; holder_id: string }>(`SELECT ended_by, holder_id FROM lease_grants WHERE case_id = 'rd-ended'`);
    expect(rows).toEqual([{ ended_by: 'decision', holder_id: STAFF.arbiter.id }]);
  });
});
