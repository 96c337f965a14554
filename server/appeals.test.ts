/** Appeals: never by the contested decision's author (or approver), checked against the service's own record; ledgers reversed or lowered. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CaseInput, type StaffRef } from '../shared/domain';
import { AppealFacts, ViolationFacts } from '../shared/rulebook';
import { LedgerSummary, PushResponse, routes, statementPath, type DecisionCommand } from '../shared/sync/protocol';
import { ledgerRecords } from './ledger';
import { appealCase, decision, merchant, penaltyCase, STAFF, type StaffKey } from './test-fixtures';
import {
  approval, BACKENDS, caseNow, claimEpoch, push, type TestDatabase, serveForTests, type TestService } from './test-helpers';

const fineOf = (amountFen: number) => ({ type: 'fine' as const, amountFen });

/** An appeal by the store `merchantId` against decision `d`, naming `decidedBy` as its author (true or not). */
function appealAgainst(id: string, d: DecisionCommand, decidedBy: StaffRef, merchantId: string): CaseInput {
  const base = appealCase(id);
  if (base.kind !== 'appeal' || d.body.kind !== 'violation') throw new Error('an appeal against a penalty');
  return CaseInput.parse({
    ...base,
    merchant: merchant(merchantId),
    detail: {
      ...base.detail,
      appellant: { type: 'merchant', id: merchantId, name: '粤钓渔具专营店' },
      contested: { caseId: d.caseId, decisionId: d.decisionId, decidedBy, decidedAt: d.decidedAt, outcome: d.body.outcome, ruleRef: d.ruleRef },
    },
  });
}

describe.each(BACKENDS)('appeals on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  const ingest = async (...cases: CaseInput[]) => expect((await t.as('platform').post(routes.ingestCases, { cases })).status).toBe(200);

  /**
   * A ¥1,000 fine for serious poor quality with one prior (VIO-PQ-2.5), decided by `who`; with
   * `overHeavy`, the same fine for a first offence, where the ladder gives ¥300 (VIO-PQ-2.4).
   */
  async function fined(caseId: string, who: StaffKey, merchantId: string, overHeavy = false): Promise<DecisionCommand> {
    await ingest(penaltyCase(caseId, 'poor_quality', 'serious', merchantId));
    const epoch = await claimEpoch(t.as(who), caseId);
    const ruling = overHeavy
      ? { facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 0 }), justification: '抽检批次量大，从重处罚。' }
      : { facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 1 }) };
    const d = decision(caseId, { mutationId: 1, leaseEpoch: epoch, body: { kind: 'violation', outcome: fineOf(100_000) }, ruleRef: 'VIO-PQ-2.5', ...ruling });
    expect((await push(t.as(who), { decisions: [d] }))[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    return d;
  }
  async function decideAppeal(who: StaffKey, caseId: string, body: DecisionCommand['body'], more: Partial<DecisionCommand> = {}) {
    const epoch = await claimEpoch(t.as(who), caseId);
    const d = decision(caseId, { mutationId: 1, leaseEpoch: epoch, body, ...more });
    const answer = (await push(t.as(who), { decisions: [d] }))[0];
    // A refused reviewer lets go, so the next one can claim.
    if (answer?.status !== 'accepted') await t.as(who).post(routes.release, { caseIds: [caseId] });
    return { d, answer };
  }
  const moneyOf = async (caseId: string) => (await ledgerRecords(tdb.db, { caseId })).map((e) => [e.payer, e.payee, e.amountFen, e.ruleRef, e.purpose]);
  const netOfMerchant = async (merchantId: string) => {
    const s = LedgerSummary.parse((await t.as('supervisor').get(`${routes.ledgerSummary}?by=merchant&merchantId=${merchantId}`)).body);
    return s.groups[0]?.net;
  };

  it('refuses an appeal decided by the contested decision\'s author, sent straight to the API, by the service\'s own record', async () => {
    const original = await fined('v-apl-own', 'supervisor', 'm-apl-own');
    // The appeal names someone else as the author; the service's record says it was this supervisor.
    await ingest(appealAgainst('apl-own', original, STAFF.moderator, 'm-apl-own'));
    const epoch = await claimEpoch(t.as('supervisor'), 'apl-own');
    const d = decision('apl-own', { mutationId: 1, leaseEpoch: epoch, body: { kind: 'appeal', outcome: { type: 'overturn' } } });
    const res = await fetch(`${t.url}${routes.decisions}`, {
      method: 'POST', headers: { authorization: `Bearer ${t.tokens.supervisor}`, 'content-type': 'application/json' }, body: JSON.stringify({ clientId: randomUUID(), decisions: [d] }),
    });
    expect(PushResponse.parse(await res.json()).results[0]).toMatchObject({
      status: 'rejected', code: 'forbidden', message: `an appeal is decided by someone other than who made the contested decision ${original.decisionId} (${STAFF.supervisor.name})`,
    });
    expect((await caseNow(t, 'appeal', 'apl-own')).status).toBe('open');
    expect(await moneyOf('apl-own')).toEqual([]);
  });

  it('falls back to the author the appeal names when the service has no record of the contested decision', async () => {
    await ingest(appealCase('apl-unknown', STAFF.arbiter));
    const own = await decideAppeal('arbiter', 'apl-unknown', { kind: 'appeal', outcome: { type: 'uphold' } });
    expect(own.answer).toMatchObject({ status: 'rejected', code: 'forbidden', message: expect.stringContaining(`(${STAFF.arbiter.name})`) });
    const other = await decideAppeal('arbiter2', 'apl-unknown', { kind: 'appeal', outcome: { type: 'uphold' } });
    expect(other.answer).toMatchObject({ status: 'accepted', effect: 'in_effect' });
  });

  it('overturning reverses the contested decision\'s ledger entries: the merchant\'s money nets to zero; a second appeal of it is refused', async () => {
    const original = await fined('v-apl-over', 'moderator', 'm-apl-over');
    expect(await moneyOf('v-apl-over')).toEqual([['merchant', 'platform', 100_000, 'VIO-PQ-2.5', 'fine']]);
    await ingest(appealAgainst('apl-over', original, STAFF.moderator, 'm-apl-over'), appealAgainst('apl-over-again', original, STAFF.moderator, 'm-apl-over'));
    const { answer } = await decideAppeal('arbiter', 'apl-over', { kind: 'appeal', outcome: { type: 'overturn' } }, { ruleRef: 'APL-2', facts: AppealFacts.parse({ kind: 'appeal', violationEstablished: false }) });
    expect(answer).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    expect(await moneyOf('apl-over')).toEqual([['platform', 'merchant', 100_000, 'APL-2', 'reversal']]);
    expect(await netOfMerchant('m-apl-over')).toMatchObject({ merchant: 0, platform: 0 });
    const again = await decideAppeal('arbiter2', 'apl-over-again', { kind: 'appeal', outcome: { type: 'overturn' } }, { ruleRef: 'APL-2', facts: AppealFacts.parse({ kind: 'appeal', violationEstablished: false }) });
    expect(again.answer).toMatchObject({ status: 'rejected', code: 'invalid', message: expect.stringContaining(`was already decided on appeal (decision ${(await caseNow(t, 'appeal', 'apl-over')).lastDecision?.decisionId}`) });
  });

  it('two appeals of one decision decided at once: one overturns it, the other is refused, and the fine is returned once', async () => {
    const original = await fined('v-apl-race', 'moderator', 'm-apl-race');
    await ingest(appealAgainst('apl-race-1', original, STAFF.moderator, 'm-apl-race'), appealAgainst('apl-race-2', original, STAFF.moderator, 'm-apl-race'));
    const overturn = { kind: 'appeal' as const, outcome: { type: 'overturn' as const } };
    const more = { ruleRef: 'APL-2', facts: AppealFacts.parse({ kind: 'appeal', violationEstablished: false }) };
    const [a, b] = await Promise.all([decideAppeal('arbiter', 'apl-race-1', overturn, more), decideAppeal('arbiter2', 'apl-race-2', overturn, more)]);
    expect([a.answer?.status, b.answer?.status].sort()).toEqual(['accepted', 'rejected']);
    expect(await netOfMerchant('m-apl-race')).toMatchObject({ merchant: 0, platform: 0 });
  });

  it('a modification only lowers the fine, and writes the difference back to the merchant', async () => {
    const original = await fined('v-apl-mod', 'moderator', 'm-apl-mod', true);
    await ingest(appealAgainst('apl-mod', original, STAFF.moderator, 'm-apl-mod'));
    const epoch = await claimEpoch(t.as('arbiter'), 'apl-mod');
    const raise = decision('apl-mod', { mutationId: 1, leaseEpoch: epoch, body: { kind: 'appeal', outcome: { type: 'modify', fineFen: 150_000 } }, ruleRef: 'APL-3', facts: AppealFacts.parse({ kind: 'appeal' }), justification: '商家态度恶劣。' });
    const lower = decision('apl-mod', { mutationId: 2, leaseEpoch: epoch, body: { kind: 'appeal', outcome: { type: 'modify', fineFen: 30_000 } } });
    const answers = await push(t.as('arbiter'), { decisions: [raise, lower] });
    expect(answers[0]).toMatchObject({
      status: 'rejected', code: 'invalid', message: expect.stringContaining('a modification lowers the fine, and ¥1500.00 is not below ¥1000.00'),
      refusals: [{ code: 'imposed_fine_not_lower', params: { fineFen: 150_000, contestedFen: 100_000 } }],
    });
    expect(answers[1]).toMatchObject({ status: 'accepted' });
    expect(await moneyOf('apl-mod')).toEqual([['platform', 'merchant', 70_000, 'APL-3', 'reversal']]);
    expect(await netOfMerchant('m-apl-mod')).toMatchObject({ merchant: -30_000, platform: 30_000 });
    expect((await caseNow(t, 'appeal', 'apl-mod')).lastDecision).toMatchObject({ body: { outcome: { type: 'modify', fineFen: 30_000 } }, departure: false });
  });

  it('a modification may put a lighter kind of penalty in place: a fine becomes a warning, the fine goes back, and the notice says so; never a heavier one', async () => {
    const original = await fined('v-apl-warn', 'moderator', 'm-apl-warn');
    await ingest(appealAgainst('apl-warn', original, STAFF.moderator, 'm-apl-warn'));
    const epoch = await claimEpoch(t.as('arbiter'), 'apl-warn');
    const more = { ruleRef: 'APL-3', facts: AppealFacts.parse({ kind: 'appeal' }), justification: '首次违规且已整改，改为警告。' };
    const heavier = decision('apl-warn', { mutationId: 1, leaseEpoch: epoch, body: { kind: 'appeal', outcome: { type: 'modify', penalty: { type: 'suspend_store', days: 3 } } }, ...more });
    const warning = decision('apl-warn', { mutationId: 2, leaseEpoch: epoch, body: { kind: 'appeal', outcome: { type: 'modify', penalty: { type: 'warning' } } }, ...more });
    const answers = await push(t.as('arbiter'), { decisions: [heavier, warning] });
    expect(answers[0]).toMatchObject({ status: 'rejected', code: 'invalid', refusals: [{ code: 'modify_penalty_not_lighter' }] });
    expect(answers[1]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    expect(await moneyOf('apl-warn')).toEqual([['platform', 'merchant', 100_000, 'APL-3', 'reversal']]);
    expect(await netOfMerchant('m-apl-warn')).toMatchObject({ merchant: 0, platform: 0 });
    const notice = await t.as('arbiter').get(`${statementPath(warning.decisionId)}?format=notice`);
    expect(notice.status).toBe(200);
    expect(String(notice.body)).toContain('原处罚（罚款¥1,000.00）变更为警告');
  });

  it('judges an appeal by the ladder for the contested violation as recorded, whatever the console states', async () => {
    const original = await fined('v-apl-lad', 'moderator', 'm-apl-lad', true);
    // The appeal case does not say what the violation was: the service's record does.
    await ingest(appealAgainst('apl-lad', original, STAFF.moderator, 'm-apl-lad'));
    const heavier = AppealFacts.parse({ kind: 'appeal', rulebookOutcome: fineOf(100_000) });
    const claimed = await decideAppeal('arbiter', 'apl-lad', { kind: 'appeal', outcome: { type: 'uphold' } }, { ruleRef: 'APL-1', facts: heavier });
    expect(claimed.answer).toMatchObject({
      status: 'rejected', code: 'invalid',
      refusals: [{ code: 'rulebook_outcome_differs', params: { given: { kind: 'violation', outcome: fineOf(100_000) }, computed: { kind: 'violation', outcome: fineOf(30_000) }, ruleRef: 'VIO-PQ-2.4' } }],
    });
    // A console that states no rulebook outcome (an older one) is judged by the ladder: upholding departs from it.
    const silent = await decideAppeal('arbiter', 'apl-lad', { kind: 'appeal', outcome: { type: 'uphold' } }, { ruleRef: 'APL-1', facts: AppealFacts.parse({ kind: 'appeal' }) });
    expect(silent.answer).toMatchObject({
      status: 'rejected', code: 'invalid',
      refusals: [{ code: 'departure_unjustified', params: { version: '2026.11', recommended: { kind: 'appeal', outcome: { type: 'modify', fineFen: 30_000 } }, ruleRef: 'APL-3' } }],
    });
    const lowered = await decideAppeal('arbiter', 'apl-lad', { kind: 'appeal', outcome: { type: 'modify', fineFen: 30_000 } }, { ruleRef: 'APL-3', facts: AppealFacts.parse({ kind: 'appeal' }) });
    expect(lowered.answer).toMatchObject({ status: 'accepted' });
    expect((await caseNow(t, 'appeal', 'apl-lad')).lastDecision).toMatchObject({ departure: false });
  });

  it('bars the supervisor who approved the contested decision too, and reverses the approved fine on overturn', async () => {
    await ingest(penaltyCase('v-apl-fe', 'false_advertising', 'serious', 'm-apl-fe'));
    const epoch = await claimEpoch(t.as('moderator'), 'v-apl-fe');
    const original = decision('v-apl-fe', { mutationId: 1, leaseEpoch: epoch, body: { kind: 'violation', outcome: fineOf(1_000_000) }, ruleRef: 'VIO-FA-2.7', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 2 }) });
    expect((await push(t.as('moderator'), { decisions: [original] }))[0]).toMatchObject({ effect: 'awaiting_approval' });
    expect((await push(t.as('supervisor2'), { approvals: [approval(original, 1, 'approve')] }))[0]).toMatchObject({ effect: 'in_effect' });
    await ingest(appealAgainst('apl-fe', original, STAFF.moderator, 'm-apl-fe'));
    const approver = await decideAppeal('supervisor2', 'apl-fe', { kind: 'appeal', outcome: { type: 'overturn' } });
    expect(approver.answer).toMatchObject({ status: 'rejected', code: 'forbidden', message: expect.stringContaining(`who approved the contested decision ${original.decisionId} (${STAFF.supervisor2.name})`) });
    const { answer } = await decideAppeal('arbiter', 'apl-fe', { kind: 'appeal', outcome: { type: 'overturn' } }, { ruleRef: 'APL-2', facts: AppealFacts.parse({ kind: 'appeal', violationEstablished: false }) });
    expect(answer).toMatchObject({ status: 'accepted' });
    expect(await netOfMerchant('m-apl-fe')).toMatchObject({ merchant: 0, platform: 0 });
  });

  it('refuses an appeal of a decision that is not in effect', async () => {
    await ingest(penaltyCase('v-apl-held', 'false_advertising', 'serious', 'm-apl-held'));
    const epoch = await claimEpoch(t.as('moderator'), 'v-apl-held');
    const held = decision('v-apl-held', { mutationId: 1, leaseEpoch: epoch, body: { kind: 'violation', outcome: fineOf(1_000_000) }, ruleRef: 'VIO-FA-2.7', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 2 }) });
    expect((await push(t.as('moderator'), { decisions: [held] }))[0]).toMatchObject({ effect: 'awaiting_approval' });
    await ingest(appealAgainst('apl-held', held, STAFF.moderator, 'm-apl-held'));
    const { answer } = await decideAppeal('arbiter', 'apl-held', { kind: 'appeal', outcome: { type: 'uphold' } });
    expect(answer).toMatchObject({ status: 'rejected', code: 'invalid', message: expect.stringContaining('is not in effect (awaiting approval)') });
  });
});
