/** Four-eyes: held decisions, approvals and rejections by a supervisor other than the decider, pushed like decisions. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ViolationFacts } from '../shared/rulebook';
import { LedgerSummary, PushResponse, routes, type AuditEntry, type DecisionCommand } from '../shared/sync/protocol';
import { ledgerRecords } from './ledger';
import { decision, penaltyCase, STAFF } from './test-fixtures';
import {
  approval, BACKENDS, caseNow, claimEpoch, push, type TestDatabase, serveForTests, type TestService } from './test-helpers';

/** False advertising, serious, two priors: the ladder gives a ¥10,000 fine (VIO-FA-2.7), above the ¥5,000 four-eyes line. */
const twoPriors = ViolationFacts.parse({ kind: 'violation', priorOffences: 2 });
const bigFine = { kind: 'violation' as const, outcome: { type: 'fine' as const, amountFen: 1_000_000 } };
/** Extremely serious poor quality, two priors: store closure (VIO-PQ-2.8), always four-eyes. */
const closure = { kind: 'violation' as const, outcome: { type: 'close_store' as const } };

describe.each(BACKENDS)('four-eyes on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  /** Ingests a case and has `who` decide it; the held decision. */
  async function held(caseId: string, who: 'moderator' | 'supervisor', kind: 'fine' | 'closure'): Promise<DecisionCommand> {
    const c = kind === 'fine' ? penaltyCase(caseId, 'false_advertising', 'serious', `m-${caseId}`) : penaltyCase(caseId, 'poor_quality', 'extremely_serious', `m-${caseId}`);
    expect((await t.as('platform').post(routes.ingestCases, { cases: [c] })).status).toBe(200);
    const epoch = await claimEpoch(t.as(who), caseId);
    const d = kind === 'fine'
      ? decision(caseId, { mutationId: 1, leaseEpoch: epoch, body: bigFine, ruleRef: 'VIO-FA-2.7', facts: twoPriors })
      : decision(caseId, { mutationId: 1, leaseEpoch: epoch, body: closure, ruleRef: 'VIO-PQ-2.8', facts: twoPriors });
    const [answer] = await push(t.as(who), { decisions: [d] });
    expect(answer).toEqual({ status: 'accepted', decisionId: d.decisionId, mutationId: 1, caseVersion: 2, effect: 'awaiting_approval' });
    return d;
  }
  async function approvalsLogged(caseId: string) {
    const res = await t.as('supervisor').get<{ entries: AuditEntry[] }>(`${routes.audit}?limit=10000`);
    return res.body.entries.filter((e) => e.caseId === caseId && e.action === 'approval');
  }

  it('holds a store closure for approval: case awaiting approval, no ledger, no claims, a second decision conflicts', async () => {
    const d = await held('v-close-1', 'moderator', 'closure');
    const c = await caseNow(t, 'violation', 'v-close-1');
    expect(c.status).toBe('awaiting_approval');
    expect(c.lastDecision).toMatchObject({ decisionId: d.decisionId, approval: { state: 'pending', grounds: ['FE-1'] } });
    expect(c.history.at(-1)).toMatchObject({ event: 'awaiting_approval', detail: expect.stringContaining('FE-1') });
    expect(await ledgerRecords(tdb.db, { caseId: 'v-close-1' })).toEqual([]);
    const claim = await t.as('supervisor').post<{ results: unknown[] }>(routes.claim, { caseIds: ['v-close-1'] });
    expect(claim.body.results[0]).toMatchObject({ granted: false, reason: 'decided' });
    const [second] = await push(t.as('supervisor'), { decisions: [decision('v-close-1', { mutationId: 1, baseVersion: 2, leaseEpoch: 1, body: closure, ruleRef: 'VIO-PQ-2.8', facts: twoPriors })] });
    expect(second).toMatchObject({ status: 'conflict', reason: 'already_decided', current: { decision: { decisionId: d.decisionId, approval: { state: 'pending' } }, caseVersion: 2 } });
  });

  it('keeps a held case held when the platform re-ingests it; a case sent back is the platform\'s again', async () => {
    const d = await held('v-reingest-1', 'moderator', 'fine');
    const again = { ...penaltyCase('v-reingest-1', 'false_advertising', 'serious', 'm-v-reingest-1'), title: '虚假宣传：面料成分与吊牌不符（补充材料）' };
    expect((await t.as('platform').post(routes.ingestCases, { cases: [again] })).status).toBe(200);
    expect((await caseNow(t, 'violation', 'v-reingest-1')).status).toBe('awaiting_approval');
    expect((await push(t.as('supervisor'), { approvals: [approval(d, 1, 'reject')] }))[0]).toMatchObject({ effect: 'sent_back' });
    expect((await t.as('platform').post(routes.ingestCases, { cases: [{ ...again, title: '虚假宣传：面料成分与吊牌不符' }] })).status).toBe(200);
    expect((await caseNow(t, 'violation', 'v-reingest-1')).status).toBe('open');
  });

  it('refuses a supervisor approving their own decision, sent straight to the API, and changes nothing', async () => {
    const d = await held('v-own-1', 'supervisor', 'fine');
    const body = { clientId: randomUUID(), decisions: [], approvals: [approval(d, 1, 'approve')] };
    const res = await fetch(`${t.url}${routes.decisions}`, { method: 'POST', headers: { authorization: `Bearer ${t.tokens.supervisor}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = PushResponse.parse(await res.json()).results[0];
    expect(answer).toMatchObject({ status: 'rejected', code: 'forbidden', message: expect.stringMatching(/other than the one who made it, and decision .* is yours/) });
    expect((await caseNow(t, 'violation', 'v-own-1')).status).toBe('awaiting_approval');
    expect(await ledgerRecords(tdb.db, { caseId: 'v-own-1' })).toEqual([]);
    expect(await approvalsLogged('v-own-1')).toEqual([]);
  });

  it('refuses approvals from anyone but a supervisor', async () => {
    const d = await held('v-role-1', 'moderator', 'fine');
    const [answer] = await push(t.as('arbiter'), { approvals: [approval(d, 1, 'approve')] });
    expect(answer).toMatchObject({ status: 'rejected', code: 'forbidden', message: 'only a supervisor approves or rejects a held decision, not a arbiter' });
  });

  it('takes effect when another supervisor approves: decided, approver, time and reason recorded, ledger written, logged', async () => {
    const d = await held('v-approve-1', 'supervisor', 'fine');
    const a = approval(d, 1, 'approve', '连续第三次虚假宣传，罚款符合规则第7级。');
    const [answer] = await push(t.as('supervisor2'), { approvals: [a] });
    expect(answer).toEqual({ status: 'accepted', decisionId: a.decisionId, mutationId: 1, caseVersion: 3, effect: 'in_effect' });
    const c = await caseNow(t, 'violation', 'v-approve-1');
    expect(c.status).toBe('decided');
    expect(c.lastDecision?.approval).toEqual({ state: 'approved', grounds: ['FE-3'], by: { id: STAFF.supervisor2.id, name: STAFF.supervisor2.name }, at: expect.any(Number), reason: a.reason, approvalId: a.decisionId });
    expect(c.history.at(-1)).toMatchObject({ event: 'approved', actor: STAFF.supervisor2.name });
    const ledger = await ledgerRecords(tdb.db, { caseId: 'v-approve-1' });
    expect(ledger.map((e) => [e.payer, e.payee, e.amountFen, e.ruleRef, e.purpose, e.decisionId, e.merchantId])).toEqual([
      ['merchant', 'platform', 1_000_000, 'VIO-FA-2.7', 'fine', d.decisionId, 'm-v-approve-1'],
    ]);
    const sum = LedgerSummary.parse((await t.as('supervisor').get(`${routes.ledgerSummary}?by=payer&merchantId=m-v-approve-1`)).body);
    expect(sum.groups.map((g) => [g.key, g.totalFen])).toEqual([['merchant', 1_000_000]]);
    const [logged] = await approvalsLogged('v-approve-1');
    expect(logged).toMatchObject({ actor: { id: STAFF.supervisor2.id }, payload: { verdict: 'approve', heldDecisionId: d.decisionId, ledger: [{ amountFen: 1_000_000 }] } });
  });

  it('sends the case back to open on rejection, with the reason in its history and on the decision; it can then be decided again', async () => {
    const d = await held('v-reject-1', 'moderator', 'fine');
    const a = approval(d, 1, 'reject', '前序违规已过期，应按首次违规处理。');
    const [answer] = await push(t.as('supervisor'), { approvals: [a] });
    expect(answer).toMatchObject({ status: 'accepted', caseVersion: 3, effect: 'sent_back' });
    const c = await caseNow(t, 'violation', 'v-reject-1');
    expect(c.status).toBe('open');
    expect(c.lastDecision?.approval).toMatchObject({ state: 'rejected', by: { id: STAFF.supervisor.id }, reason: a.reason });
    expect(c.history.at(-1)).toMatchObject({ event: 'approval_rejected', detail: expect.stringContaining(a.reason) });
    expect(await ledgerRecords(tdb.db, { caseId: 'v-reject-1' })).toEqual([]);
    // Decided afresh with one prior offence, not two: ¥2,000 (VIO-FA-2.6), below the four-eyes line.
    const epoch = await claimEpoch(t.as('moderator'), 'v-reject-1');
    const again = decision('v-reject-1', { mutationId: 2, baseVersion: 3, leaseEpoch: epoch, body: { kind: 'violation', outcome: { type: 'fine', amountFen: 200_000 } }, ruleRef: 'VIO-FA-2.6', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 1 }) });
    expect((await push(t.as('moderator'), { decisions: [again] }))[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    expect((await ledgerRecords(tdb.db, { caseId: 'v-reject-1' })).map((e) => [e.amountFen, e.decisionId])).toEqual([[200_000, again.decisionId]]);
  });

  it('answers an approval pushed twice the same and applies it once; another supervisor\'s later answer conflicts', async () => {
    const d = await held('v-twice-1', 'moderator', 'fine');
    const clientId = randomUUID();
    const a = approval(d, 7, 'approve');
    const first = await push(t.as('supervisor'), { approvals: [a] }, clientId);
    const again = await push(t.as('supervisor'), { approvals: [a] }, clientId);
    expect(again).toEqual(first);
    expect(first[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    expect(await approvalsLogged('v-twice-1')).toHaveLength(1);
    expect(await ledgerRecords(tdb.db, { caseId: 'v-twice-1' })).toHaveLength(1);
    const [late] = await push(t.as('supervisor2'), { approvals: [approval(d, 1, 'reject')] });
    expect(late).toMatchObject({
      status: 'conflict', reason: 'already_decided',
      current: { caseVersion: 3, decision: { decisionId: d.decisionId, approval: { state: 'approved', by: { id: STAFF.supervisor.id } } } },
    });
    expect((await caseNow(t, 'violation', 'v-twice-1')).status).toBe('decided');
  });

  it('serializes two supervisors answering at once: one answer stands, the other conflicts', async () => {
    const d = await held('v-race-1', 'moderator', 'fine');
    const [x, y] = await Promise.all([
      push(t.as('supervisor'), { approvals: [approval(d, 1, 'approve')] }),
      push(t.as('supervisor2'), { approvals: [approval(d, 1, 'reject')] }),
    ]);
    expect([x[0]?.status, y[0]?.status].sort()).toEqual(['accepted', 'conflict']);
    expect(await approvalsLogged('v-race-1')).toHaveLength(1);
  });

  it('applies a console\'s approvals and decisions in mutation order; a case sent back is decided only under a new claim', async () => {
    const d = await held('v-order-1', 'moderator', 'fine');
    await t.as('platform').post(routes.ingestCases, { cases: [penaltyCase('v-order-2', 'poor_quality', 'serious', 'm-v-order-2')] });
    const other = decision('v-order-2', { mutationId: 4, leaseEpoch: await claimEpoch(t.as('supervisor'), 'v-order-2'), body: { kind: 'violation', outcome: { type: 'fine', amountFen: 30_000 } }, ruleRef: 'VIO-PQ-2.4', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 0 }) });
    const a = approval(d, 5, 'reject', '按首次违规重新处理。');
    // Under the epoch of the moderator's lease, which the supervisor never held (and which the held decision ended).
    const redo = decision('v-order-1', { mutationId: 6, baseVersion: 3, leaseEpoch: 1, body: { kind: 'violation', outcome: { type: 'fine', amountFen: 200_000 } }, ruleRef: 'VIO-FA-2.6', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 1 }) });
    const answers = await push(t.as('supervisor'), { decisions: [other, redo], approvals: [a] });
    expect(answers.map((r) => [r.decisionId, r.status])).toEqual([[other.decisionId, 'accepted'], [a.decisionId, 'accepted'], [redo.decisionId, 'conflict']]);
    expect(answers[2]).toMatchObject({ reason: 'lease_lost', message: 'leaseEpoch: you never held the claim on case v-order-1 under epoch 1; claim the case before deciding it' });
    const epoch = await claimEpoch(t.as('supervisor'), 'v-order-1');
    expect(epoch).toBe(2);
    const claimed = { ...redo, decisionId: randomUUID(), mutationId: 7, leaseEpoch: epoch };
    expect((await push(t.as('supervisor'), { decisions: [claimed] }))[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    expect((await caseNow(t, 'violation', 'v-order-1')).lastDecision?.decisionId).toBe(claimed.decisionId);
  });

  it('needs no lease for an approval (a held case cannot be claimed) and times it by the service, keeping the console\'s time only within bounds', async () => {
    const d = await held('v-approve-time', 'moderator', 'fine');
    expect((await t.as('supervisor').post<{ results: unknown[] }>(routes.claim, { caseIds: ['v-approve-time'] })).body.results[0]).toMatchObject({ granted: false, reason: 'decided' });
    const zero = { ...approval(d, 1, 'approve'), decidedAt: 0 };
    const future = { ...approval(d, 2, 'approve'), decidedAt: Date.UTC(2243, 0, 1) };
    const answers = await push(t.as('supervisor'), { approvals: [zero, future] });
    expect(answers).toMatchObject([
      { status: 'rejected', code: 'invalid', refusals: [{ code: 'decided_at_out_of_bounds', params: { decidedAt: 0 } }] },
      { status: 'rejected', code: 'invalid', refusals: [{ code: 'decided_at_out_of_bounds', params: { decidedAt: Date.UTC(2243, 0, 1) } }] },
    ]);
    const before = Date.now();
    const ok = approval(d, 3, 'approve');
    expect((await push(t.as('supervisor'), { approvals: [ok] }))[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    const at = (await caseNow(t, 'violation', 'v-approve-time')).lastDecision?.approval;
    expect(at?.state === 'approved' && at.at >= before - 1_000 && at.at <= Date.now() + 1_000).toBe(true);
    expect(at).not.toHaveProperty('decidedOfflineAt');
  });

  it('refuses an approval of a decision that needed none, or of one not on the case', async () => {
    await t.as('platform').post(routes.ingestCases, { cases: [penaltyCase('v-small-1', 'poor_quality', 'serious')] });
    const epoch = await claimEpoch(t.as('moderator'), 'v-small-1');
    const small = decision('v-small-1', { mutationId: 1, leaseEpoch: epoch, body: { kind: 'violation', outcome: { type: 'fine', amountFen: 30_000 } }, ruleRef: 'VIO-PQ-2.4', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 0 }) });
    expect((await push(t.as('moderator'), { decisions: [small] }))[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    const answers = await push(t.as('supervisor'), { approvals: [approval(small, 1, 'approve'), approval({ caseId: 'v-small-1', decisionId: randomUUID() }, 2, 'approve')] });
    expect(answers.map((r) => (r.status === 'rejected' ? [r.code, r.message] : r.status))).toEqual([
      ['invalid', `heldDecisionId: decision ${small.decisionId} needed no approval; it took effect when it was made`],
      ['not_found', expect.stringContaining('heldDecisionId: no decision')],
    ]);
  });

  it('refuses a push with neither decisions nor approvals, and a malformed approval, with 400', async () => {
    const none = await t.as('supervisor').post<{ message: string }>(routes.decisions, { clientId: randomUUID(), decisions: [], approvals: [] });
    expect([none.status, none.body.message]).toEqual([400, 'decisions: a push carries at least one decision or approval']);
    const bad = await t.as('supervisor').post<{ message: string }>(routes.decisions, { clientId: randomUUID(), approvals: [{ ...approval({ caseId: 'x', decisionId: randomUUID() }, 1, 'approve'), verdict: 'maybe' }] });
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('approvals[0].verdict')]);
  });
});
