/**
 * Escalation and hand-off over real HTTP: the holder passes a case with a note; the lease passes
 * with it (to the named reviewer, or to the supervisors' pool), the move is in the feed and the
 * decision log, the same command sent again gets the same answer, and a decision made on the
 * case before the move meets it as a conflict.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditPage, PushResponse, routes, type EscalationCommand, type PushResult } from '../shared/sync/protocol';
import { BODIES, decision, refundDisputeCase, STAFF, type StaffKey } from './test-fixtures';
import { BACKENDS, caseNow, claimEpoch, serveForTests, type TestService } from './test-helpers';

describe.each(BACKENDS)('escalation and hand-off on %s', (backend) => {
  let t: TestService;
  serveForTests(backend, (env) => ({ t } = env));

  const ingest = async (id: string) => expect((await t.as('platform').post(routes.ingestCases, { cases: [refundDisputeCase(id)] })).status).toBe(200);
  const move = (caseId: string, leaseEpoch: number, o: Partial<EscalationCommand> = {}): EscalationCommand => ({
    decisionId: randomUUID(), mutationId: 1, caseId, baseVersion: 1, leaseEpoch, decidedAt: Date.now(), move: 'escalate', note: '买家与商家证据矛盾，请主管裁决。', ...o,
  });
  async function pushAs(who: StaffKey, body: object, clientId = randomUUID()): Promise<PushResult[]> {
    const res = await t.as(who).post(routes.decisions, { clientId, decisions: [], ...body });
    expect(res.status, res.text).toBe(200);
    return PushResponse.parse(res.body).results;
  }
  const logOf = async (caseId: string) =>
    AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?after=0&limit=10000`)).body).entries.filter((e) => e.caseId === caseId);

  it('escalates to the supervisors: the note is on the case, nobody holds it, only a supervisor may claim it, and the log has the move', async () => {
    await ingest('rd-esc-pool');
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-esc-pool');
    const cmd = move('rd-esc-pool', epoch);
    const clientId = randomUUID();
    expect(await pushAs('arbiter', { escalations: [cmd] }, clientId)).toMatchObject([{ status: 'accepted', decisionId: cmd.decisionId, caseVersion: 2 }]);
    // Sent again (a lost answer): the same answer, applied once.
    expect(await pushAs('arbiter', { escalations: [cmd] }, clientId)).toMatchObject([{ status: 'accepted', caseVersion: 2 }]);
    const c = await caseNow(t, 'refund_dispute', 'rd-esc-pool');
    expect(c.escalation).toMatchObject({ move: 'escalate', by: { id: STAFF.arbiter.id }, note: '买家与商家证据矛盾，请主管裁决。', to: null });
    expect(c.status).toBe('open');
    expect(await claimEpoch(t.as('arbiter2'), 'rd-esc-pool')).toBe(0);
    expect(await claimEpoch(t.as('arbiter'), 'rd-esc-pool')).toBe(0);
    expect(await claimEpoch(t.as('supervisor'), 'rd-esc-pool')).toBeGreaterThan(0);
    const log = await logOf('rd-esc-pool');
    expect(log.filter((e) => e.action === 'escalation')).toHaveLength(1);
    expect(log.find((e) => e.action === 'escalation')?.payload).toMatchObject({ escalation: { note: '买家与商家证据矛盾，请主管裁决。', to: null }, fromEpoch: epoch });
  });

  it('hands off to another arbiter: the lease passes to them under a new epoch, they decide without claiming, the mover cannot decide any more', async () => {
    await ingest('rd-esc-hand');
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-esc-hand');
    const late = decision('rd-esc-hand', { mutationId: 2, leaseEpoch: epoch, body: BODIES.fullRefund });
    const hand = move('rd-esc-hand', epoch, { move: 'handoff', toStaffId: STAFF.arbiter2.id, note: '该买家是赵敏跟进的老客户，转交处理。' });
    // The hand-off first, then a decision the mover made on the version before it: a conflict, nothing lost.
    const answers = await pushAs('arbiter', { decisions: [late], escalations: [hand] });
    expect(answers.map((a) => a.status)).toEqual(['accepted', 'conflict']);
    const c = await caseNow(t, 'refund_dispute', 'rd-esc-hand');
    expect(c.escalation).toMatchObject({ move: 'handoff', to: { id: STAFF.arbiter2.id, name: STAFF.arbiter2.name } });
    const byTheNewHolder = decision('rd-esc-hand', { mutationId: 1, leaseEpoch: epoch + 1, baseVersion: 2, body: BODIES.fullRefund });
    expect(await pushAs('arbiter2', { decisions: [byTheNewHolder] })).toMatchObject([{ status: 'accepted' }]);
    expect((await logOf('rd-esc-hand')).map((e) => e.action)).toEqual(['handoff', 'decision']);
  });

  it('refuses a move by someone who does not hold the case, to someone who cannot decide it, or to oneself', async () => {
    await ingest('rd-esc-bad');
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-esc-bad');
    const notHolder = await pushAs('arbiter2', { escalations: [move('rd-esc-bad', epoch)] });
    expect(notHolder).toMatchObject([{ status: 'conflict', reason: 'lease_lost' }]);
    const [toModerator, toSelf, toArbiterAsEscalation] = await pushAs('arbiter', {
      escalations: [
        move('rd-esc-bad', epoch, { mutationId: 1, move: 'handoff', toStaffId: STAFF.moderator.id }),
        move('rd-esc-bad', epoch, { mutationId: 2, move: 'handoff', toStaffId: STAFF.arbiter.id }),
        move('rd-esc-bad', epoch, { mutationId: 3, move: 'escalate', toStaffId: STAFF.arbiter2.id }),
      ],
    });
    expect(toModerator).toMatchObject({ status: 'rejected', code: 'invalid', refusals: [{ code: 'handoff_cannot_decide' }] });
    expect(toSelf).toMatchObject({ status: 'rejected', refusals: [{ code: 'escalation_to_self' }] });
    expect(toArbiterAsEscalation).toMatchObject({ status: 'rejected', refusals: [{ code: 'escalation_not_supervisor' }] });
    expect((await caseNow(t, 'refund_dispute', 'rd-esc-bad')).escalation).toBeUndefined();
    expect(await logOf('rd-esc-bad')).toEqual([]);
  });
});
