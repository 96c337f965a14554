/**
 * Merchant complaints bound to the decision they contest: it must exist and concern the same
 * merchant, its author cannot decide the complaint, and what comes back is bounded by what it
 * took, less what complaints and appeals already gave back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseInput, type MerchantComplaintOutcome } from '../shared/domain';
import { AppealFacts, ComplaintFacts, ViolationFacts } from '../shared/rulebook';
import { routes, type DecisionCommand, type PushResult } from '../shared/sync/protocol';
import { ledgerRecords } from './ledger';
import { appealCase, BODIES, decision, merchant, merchantComplaintCase, order, penaltyCase, refundDisputeCase, STAFF, type StaffKey } from './test-fixtures';
import { BACKENDS, claimEpoch, push, serveForTests, type TestDatabase, type TestService } from './test-helpers';

const FINE = 30_000;
const refundFine = (o: Partial<Extract<MerchantComplaintOutcome, { type: 'reverse' }>> = {}) =>
  ({ kind: 'merchant_complaint' as const, outcome: { type: 'reverse' as const, extent: 'full' as const, remedy: 'refund_fine' as const, ...o } });
const fineRuling = { ruleRef: 'CMP-FN-1', facts: ComplaintFacts.parse({ kind: 'merchant_complaint', ruleBroken: false }) };
const refundRuling = { ruleRef: 'CMP-RF-1', facts: ComplaintFacts.parse({ kind: 'merchant_complaint', worn: true, merchantEvidenceCredible: true }) };

describe.each(BACKENDS)('merchant complaints on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  const ingest = async (...cases: CaseInput[]) => expect((await t.as('platform').post(routes.ingestCases, { cases })).status).toBe(200);

  /** A ¥300 fine (poor quality, serious, first offence: VIO-PQ-2.4) on `merchantId`, decided by `who`. */
  async function fined(caseId: string, merchantId: string, who: StaffKey = 'moderator'): Promise<DecisionCommand> {
    await ingest(penaltyCase(caseId, 'poor_quality', 'serious', merchantId));
    const d = decision(caseId, { mutationId: 1, leaseEpoch: await claimEpoch(t.as(who), caseId), body: { kind: 'violation', outcome: { type: 'fine', amountFen: FINE } }, ruleRef: 'VIO-PQ-2.4', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 0 }) });
    expect((await push(t.as(who), { decisions: [d] }))[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    return d;
  }
  /** A full refund of the ¥359 rod on `merchantId`, decided by `who`. */
  async function refunded(caseId: string, merchantId: string, who: StaffKey = 'arbiter'): Promise<DecisionCommand> {
    await ingest(refundDisputeCase(caseId, { merchant: merchant(merchantId) }));
    const d = decision(caseId, { mutationId: 1, leaseEpoch: await claimEpoch(t.as(who), caseId), body: BODIES.fullRefund });
    expect((await push(t.as(who), { decisions: [d] }))[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
    return d;
  }
  function complaint(id: string, merchantId: string, contested: { decisionId?: string; amountFen: number | null; relatedCaseId?: string | null }, type: 'arbitrary_fine' | 'arbitrary_refund' = 'arbitrary_fine'): CaseInput {
    const base = merchantComplaintCase(id);
    if (base.kind !== 'merchant_complaint') throw new Error('a complaint');
    const { decisionId, ...rest } = contested;
    return CaseInput.parse({
      ...base, merchant: merchant(merchantId), amountFen: contested.amountFen ?? 0,
      detail: { ...base.detail, complaintType: type, ...(type === 'arbitrary_refund' ? { order: order() } : {}), contested: { ...base.detail.contested, relatedCaseId: null, ...rest, ...(decisionId ? { decisionId } : {}) } },
    });
  }
  async function decide(who: StaffKey, caseId: string, body: DecisionCommand['body'], ruling: Pick<DecisionCommand, 'ruleRef' | 'facts'> & { justification?: string } = fineRuling): Promise<PushResult | undefined> {
    const epoch = await claimEpoch(t.as(who), caseId);
    if (epoch === 0) return undefined; // not a case this role may claim
    const [answer] = await push(t.as(who), { decisions: [decision(caseId, { mutationId: 1, leaseEpoch: epoch, body, ...ruling })] });
    if (answer?.status !== 'accepted') await t.as(who).post(routes.release, { caseIds: [caseId] });
    return answer;
  }
  const merchantNet = async (merchantId: string, party = 'merchant') => {
    const rows = await tdb.db.query<{ net: number | null }>(
      `SELECT sum(CASE WHEN payee = $2 THEN amount_fen WHEN payer = $2 THEN -amount_fen ELSE 0 END)::bigint AS net FROM ledger_entries WHERE merchant_id = $1`, [merchantId, party]);
    return Number(rows[0]?.net ?? 0);
  };
  /** Per contested decision: its entries and those of every decision contesting it, each party's net, and their sum. */
  const balance = async (decisionId: string) => {
    const rows = await tdb.db.query<{ party: string; net: number }>(
      `WITH e AS (SELECT l.* FROM ledger_entries l JOIN decisions d ON d.decision_id = l.decision_id WHERE d.decision_id = $1 OR d.contests = $1)
       SELECT p AS party, sum(CASE WHEN payee = p THEN amount_fen ELSE -amount_fen END)::bigint AS net
       FROM e, LATERAL (VALUES (e.payer), (e.payee)) AS v(p) GROUP BY p`, [decisionId]);
    return Object.fromEntries(rows.map((r) => [r.party, Number(r.net)]));
  };

  it('bounds a reversal by the money the contested decision took: ¥3,000 asked back on a ¥300 fine is refused, the full reversal returns ¥300', async () => {
    const f = await fined('v-cmp-big', 'm-cmp-big');
    await ingest(complaint('mcp-big', 'm-cmp-big', { decisionId: f.decisionId, amountFen: 300_000 }));
    expect(await decide('arbiter', 'mcp-big', refundFine({ amountFen: 300_000 }))).toMatchObject({
      status: 'rejected', code: 'invalid', refusals: [{ code: 'reversal_above_remaining', params: { amountFen: 300_000, paidFen: FINE, returnedFen: 0 } }],
    });
    expect(await decide('arbiter', 'mcp-big', refundFine())).toMatchObject({ status: 'accepted' });
    expect((await ledgerRecords(tdb.db, { caseId: 'mcp-big' })).map((e) => [e.payer, e.payee, e.amountFen])).toEqual([['platform', 'merchant', FINE]]);
    expect(await merchantNet('m-cmp-big')).toBe(0);
    expect(await balance(f.decisionId)).toEqual({ merchant: 0, platform: 0 });
  });

  it('refuses a money reversal for a complaint naming no decision or one that does not exist, and nothing moves', async () => {
    await ingest(complaint('mcp-none', 'm-cmp-none', { amountFen: FINE }), complaint('mcp-ghost', 'm-cmp-none', { decisionId: '0b0c3a77-3a5d-4b44-9d3e-2f0a6c1e9b11', amountFen: FINE, relatedCaseId: 'v-does-not-exist' }));
    expect(await decide('arbiter', 'mcp-none', refundFine({ amountFen: FINE }))).toMatchObject({ status: 'rejected', code: 'invalid', refusals: [{ code: 'complaint_names_no_decision', params: { remedy: 'refund_fine' } }] });
    expect(await decide('arbiter', 'mcp-ghost', refundFine({ amountFen: FINE }))).toMatchObject({ status: 'rejected', code: 'not_found', refusals: [{ code: 'contested_decision_not_found' }] });
    // Upholding needs no decision: there is nothing to reverse.
    expect(await decide('arbiter', 'mcp-ghost', { kind: 'merchant_complaint', outcome: { type: 'uphold' } }, { ...fineRuling, facts: ComplaintFacts.parse({ kind: 'merchant_complaint' }), ruleRef: 'CMP-GEN-1' })).toMatchObject({ status: 'accepted' });
    expect(await merchantNet('m-cmp-none')).toBe(0);
  });

  it('refunds one fine once: a second complaint, and then an appeal overturning it, give nothing more back', async () => {
    const f = await fined('v-cmp-twice', 'm-cmp-twice');
    await ingest(complaint('mcp-twice-1', 'm-cmp-twice', { decisionId: f.decisionId, amountFen: FINE }), complaint('mcp-twice-2', 'm-cmp-twice', { decisionId: f.decisionId, amountFen: FINE }));
    expect(await decide('arbiter', 'mcp-twice-1', refundFine({ amountFen: FINE }))).toMatchObject({ status: 'accepted' });
    expect(await decide('arbiter2', 'mcp-twice-2', refundFine({ amountFen: FINE }))).toMatchObject({ status: 'rejected', refusals: [{ code: 'reversal_above_remaining', params: { amountFen: FINE, paidFen: FINE, returnedFen: FINE } }] });
    expect(await decide('arbiter2', 'mcp-twice-2', refundFine())).toMatchObject({ status: 'rejected', refusals: [{ code: 'reversal_above_remaining' }] });
    const appeal = appealCase('apl-cmp-twice', STAFF.moderator, { merchant: merchant('m-cmp-twice') });
    if (appeal.kind !== 'appeal') throw new Error('an appeal');
    await ingest({ ...appeal, detail: { ...appeal.detail, appellant: { ...appeal.detail.appellant, id: 'm-cmp-twice' }, contested: { ...appeal.detail.contested, caseId: f.caseId, decisionId: f.decisionId, outcome: { type: 'fine', amountFen: FINE }, ruleRef: 'VIO-PQ-2.4' } } });
    expect(await decide('arbiter2', 'apl-cmp-twice', { kind: 'appeal', outcome: { type: 'overturn' } }, { ruleRef: 'APL-2', facts: AppealFacts.parse({ kind: 'appeal', violationEstablished: false }) })).toMatchObject({ status: 'accepted' });
    expect(await ledgerRecords(tdb.db, { caseId: 'apl-cmp-twice' })).toEqual([]);
    expect(await merchantNet('m-cmp-twice')).toBe(0);
    expect(await balance(f.decisionId)).toEqual({ merchant: 0, platform: 0 });
  });

  it('refuses the contested decision\'s author, and a decision of another merchant', async () => {
    const r = await refunded('rd-cmp-own', 'm-cmp-own', 'arbiter');
    await ingest(complaint('mcp-own', 'm-cmp-own', { decisionId: r.decisionId, amountFen: 35_900 }, 'arbitrary_refund'), complaint('mcp-other', 'm-cmp-someone-else', { decisionId: r.decisionId, amountFen: 35_900 }, 'arbitrary_refund'));
    const recover = { kind: 'merchant_complaint' as const, outcome: { type: 'reverse' as const, extent: 'full' as const, remedy: 'recover_refund' as const, amountFen: 35_900 } };
    expect(await decide('arbiter', 'mcp-own', recover, refundRuling)).toMatchObject({
      status: 'rejected', code: 'forbidden', refusals: [{ code: 'complaint_by_author', params: { decisionId: r.decisionId, name: STAFF.arbiter.name } }],
    });
    expect(await decide('arbiter2', 'mcp-other', recover, refundRuling)).toMatchObject({ status: 'rejected', code: 'invalid', refusals: [{ code: 'contested_other_merchant', params: { merchantId: 'm-cmp-own' } }] });
    expect(await decide('arbiter2', 'mcp-own', recover, refundRuling)).toMatchObject({ status: 'accepted' });
    // The merchant paid the refund and was given it back by the fund; the buyer keeps it.
    expect(await balance(r.decisionId)).toEqual({ merchant: 0, buyer: 35_900, platform_fund: -35_900 });
  });

  it('never gives a merchant back more than it paid, nor a buyer more than the order, over random complaints and appeals of one decision', async () => {
    const step = fc.record({
      kind: fc.constantFrom('complaint', 'appeal'),
      who: fc.constantFrom<StaffKey>('moderator', 'arbiter', 'arbiter2', 'supervisor'),
      full: fc.boolean(),
      amountFen: fc.integer({ min: 1, max: 400_000 }),
      appeal: fc.constantFrom('overturn', 'modify', 'uphold'),
    });
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.array(step, { minLength: 1, maxLength: 4 }), async (isFine, steps) => {
      run += 1;
      const m = `m-prop-${backend}-${run}`;
      const original = isFine ? await fined(`v-prop-${run}`, m, 'moderator') : await refunded(`rd-prop-${run}`, m, 'arbiter');
      const paid = isFine ? FINE : 35_900;
      for (const [i, s] of steps.entries()) {
        const id = `${s.kind}-prop-${run}-${i}`;
        if (s.kind === 'complaint') {
          await ingest(complaint(id, m, { decisionId: original.decisionId, amountFen: s.amountFen }, isFine ? 'arbitrary_fine' : 'arbitrary_refund'));
          const remedy = isFine ? 'refund_fine' as const : 'recover_refund' as const;
          const outcome = s.full ? { type: 'reverse' as const, extent: 'full' as const, remedy } : { type: 'reverse' as const, extent: 'partial' as const, remedy, amountFen: s.amountFen };
          await decide(s.who, id, { kind: 'merchant_complaint', outcome }, { ...(isFine ? fineRuling : refundRuling), justification: '按证据认定的金额处理。' });
        } else {
          const base = appealCase(id, STAFF.moderator, { merchant: merchant(m) });
          if (base.kind !== 'appeal') throw new Error('an appeal');
          const contestedOutcome = isFine ? { type: 'fine' as const, amountFen: FINE } : { type: 'warning' as const };
          await ingest({ ...base, detail: { ...base.detail, appellant: { ...base.detail.appellant, id: m }, contested: { ...base.detail.contested, caseId: original.caseId, decisionId: original.decisionId, outcome: contestedOutcome, ruleRef: original.ruleRef } } });
          const body = s.appeal === 'modify' ? { kind: 'appeal' as const, outcome: { type: 'modify' as const, fineFen: Math.max(1, Math.min(FINE - 1, s.amountFen % FINE)) } } : { kind: 'appeal' as const, outcome: { type: s.appeal } };
          const ruling = s.appeal === 'overturn' ? { ruleRef: 'APL-2', facts: AppealFacts.parse({ kind: 'appeal', violationEstablished: false }) } : { ruleRef: s.appeal === 'modify' ? 'APL-3' : 'APL-1', facts: AppealFacts.parse({ kind: 'appeal' }) };
          await decide(s.who, id, body, { ...ruling, justification: '复核后依证据处理。' });
        }
      }
      const net = await balance(original.decisionId);
      expect(net.merchant ?? 0).toBeLessThanOrEqual(0);
      expect(net.merchant ?? 0).toBeGreaterThanOrEqual(-paid);
      expect(net.buyer ?? 0).toBeLessThanOrEqual(35_900);
      expect(Object.values(net).reduce((a, b) => a + b, 0)).toBe(0);
      expect(await merchantNet(m)).toBe(net.merchant ?? 0);
    }), { numRuns: 10 });
  }, 240_000);
});
