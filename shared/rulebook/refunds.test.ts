import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AFTER_SALE_TYPES, DecisionBody, GUARANTEES, PRODUCT_CATEGORIES } from '../domain';
import { refundAmountFen } from './amounts';
import { checkDecision } from './check';
import { RefundFacts, type CaseFactsInput } from './facts';
import { netByParty } from './ledger';
import { fenOfBasisPoints, formatYuan } from './money';
import { recommend } from './recommend';
import { assessRefund } from './refunds';
import { arbRefundFactsInput, DAY, fixtureRulebook, HOUR, refundCase, type RefundOptions } from './test-fixtures';
import { LedgerEntry } from './types';

const rb = fixtureRulebook();
const facts = (f: Omit<Extract<CaseFactsInput, { kind: 'refund_dispute' }>, 'kind'> = {}): RefundFacts => RefundFacts.parse({ kind: 'refund_dispute', ...f });

const arbRefundCase = fc.record({
  category: fc.constantFrom(...PRODUCT_CATEGORIES),
  paidFen: fc.integer({ min: 1, max: 5_000_000 }),
  guarantees: fc.subarray([...GUARANTEES]),
  signed: fc.boolean(),
  requestedAfterMs: fc.integer({ min: 0, max: 90 * DAY }),
  requestType: fc.constantFrom(...AFTER_SALE_TYPES),
  requestFen: fc.integer({ min: 0, max: 6_000_000 }),
}).map((o: RefundOptions) => refundCase(o));

describe('refund disputes: properties', () => {
  it('recommends a valid outcome, never negative, never above the amount paid, that passes its own re-check', () => {
    fc.assert(fc.property(arbRefundCase, arbRefundFactsInput, (c, input) => {
      const f = RefundFacts.parse(input);
      const rec = recommend(c, f, rb);
      expect(DecisionBody.safeParse(rec.body).success).toBe(true);
      if (rec.body.kind !== 'refund_dispute') throw new Error('wrong kind');
      const amount = refundAmountFen(c.detail.order, rec.body.outcome);
      expect(amount).toBeGreaterThanOrEqual(0);
      expect(amount).toBeLessThanOrEqual(c.detail.order.amountPaidFen);
      expect(checkDecision(c, rec.body, f, rb)).toMatchObject({ ok: true, departure: false });
    }), { numRuns: 1_000 });
  });

  it('writes a ledger of positive integer entries in which the buyer never gets back more than was paid, beside freight', () => {
    fc.assert(fc.property(arbRefundCase, arbRefundFactsInput, (c, input) => {
      const rec = recommend(c, RefundFacts.parse(input), rb);
      for (const e of rec.ledger) expect(LedgerEntry.safeParse(e).success).toBe(true);
      const net = netByParty(rec.ledger);
      const freight = rec.ledger.filter((e) => e.purpose === 'freight').reduce((s, e) => s + e.amountFen, 0);
      expect(net.buyer - freight).toBeLessThanOrEqual(c.detail.order.amountPaidFen);
      expect(net.buyer).toBeGreaterThanOrEqual(0);
      expect(net.platform).toBe(0); // an advance is always settled
      expect(Object.values(net).reduce((s, n) => s + n, 0)).toBe(0);
    }), { numRuns: 500 });
  });

  it('refuses any refund or compensation above the amount paid', () => {
    fc.assert(fc.property(arbRefundCase, arbRefundFactsInput, fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (c, input, extra, fund) => {
      const amountFen = c.detail.order.amountPaidFen + extra;
      const body = { kind: 'refund_dispute' as const, outcome: fund ? { type: 'fund_compensation' as const, amountFen } : { type: 'partial_refund' as const, amountFen } };
      const r = checkDecision(c, body, RefundFacts.parse(input), rb);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.violations.some((v) => v.startsWith('REF-G-1:'))).toBe(true);
    }), { numRuns: 300 });
  });
});

describe('which guarantee applies', () => {
  it('7-day no-reason return within the window: return and refund by the merchant, freight by the insurer', () => {
    const c = refundCase({ category: 'apparel', paidFen: 39_900, requestedAfterMs: 5 * DAY });
    const rec = recommend(c, facts(), rb);
    expect(rec.body.outcome).toEqual({ type: 'return_and_refund' });
    expect(rec.ruleRef).toBe('REF-7D-1');
    expect(rec.costBearer).toBe('merchant');
    expect(rec.ledger).toEqual([
      { payer: 'merchant', payee: 'buyer', amountFen: 39_900, ruleRef: 'REF-7D-1', purpose: 'refund' },
      { payer: 'insurer', payee: 'buyer', amountFen: 1_200, ruleRef: 'REF-SI-1', purpose: 'freight' },
    ]);
  });

  it('7-day return after the window, or of worn goods, is rejected', () => {
    expect(recommend(refundCase({ requestedAfterMs: 8 * DAY }), facts(), rb).body.outcome).toEqual({ type: 'reject' });
    const worn = recommend(refundCase({ requestedAfterMs: 2 * DAY }), facts({ worn: true }), rb);
    expect(worn.body.outcome).toEqual({ type: 'reject' });
    expect(worn.ruleRef).toBe('REF-G-2');
    expect(worn.facts.map((f) => f.code)).toContain('seven_day_no_reason_not');
  });

  it('perishable fresh goods are excluded from 7-day return, but a quality defect is always refundable', () => {
    const c = refundCase({ category: 'food_fresh', guarantees: ['seven_day_no_reason'], requestType: 'refund_only' });
    const plain = assessRefund(c, facts(), rb);
    expect(plain.outcome).toEqual({ type: 'reject' });
    expect(plain.findings.find((x) => x.basis === 'seven_day_no_reason')?.ref).toBe('REF-7D-2');
    const defective = recommend(c, facts({ qualityDefect: true }), rb);
    expect(defective.body.outcome).toEqual({ type: 'full_refund' });
    expect(defective.ruleRef).toBe('REF-QD-1');
  });

  it('damaged fresh goods reported within 24 hours are compensated in proportion, without a return', () => {
    const c = refundCase({ category: 'food_fresh', paidFen: 12_345, guarantees: ['damaged_fresh'], requestType: 'refund_only', requestedAfterMs: 20 * HOUR });
    const rec = recommend(c, facts({ arrivedDamaged: true, damagedShareBp: 3_000 }), rb);
    // 30 % of ¥123.45 is ¥37.035, rounded half up to ¥37.04.
    expect(rec.body.outcome).toEqual({ type: 'partial_refund', amountFen: 3_704 });
    expect(rec.ruleRef).toBe('REF-DF-1');
    const late = recommend(refundCase({ category: 'food_fresh', guarantees: ['damaged_fresh'], requestType: 'refund_only', requestedAfterMs: 30 * HOUR }), facts({ arrivedDamaged: true }), rb);
    expect(late.body.outcome).toEqual({ type: 'reject' });
    const reportedInTime = recommend(refundCase({ category: 'food_fresh', guarantees: ['damaged_fresh'], requestType: 'refund_only', requestedAfterMs: 30 * HOUR }), facts({ arrivedDamaged: true, reportedWithinHours: 6 }), rb);
    expect(reportedInTime.body.outcome).toEqual({ type: 'full_refund' });
  });

  it('allergy return covers beauty and baby goods within 60 days, not apparel', () => {
    const beauty = recommend(refundCase({ category: 'beauty', guarantees: ['allergy_return'], requestedAfterMs: 45 * DAY }), facts({ allergyReaction: true }), rb);
    expect(beauty.body.outcome).toEqual({ type: 'return_and_refund' });
    expect(beauty.ruleRef).toBe('REF-AL-1');
    const late = recommend(refundCase({ category: 'beauty', guarantees: ['allergy_return'], requestedAfterMs: 61 * DAY }), facts({ allergyReaction: true }), rb);
    expect(late.body.outcome).toEqual({ type: 'reject' });
    const apparel = recommend(refundCase({ category: 'apparel', guarantees: ['allergy_return'], requestedAfterMs: DAY }), facts({ allergyReaction: true }), rb);
    expect(apparel.body.outcome).toEqual({ type: 'reject' });
  });

  it('breakage return covers every category except virtual and second-hand', () => {
    const rod = recommend(refundCase({ category: 'outdoor', paidFen: 68_000, guarantees: ['breakage_return'] }), facts({ arrivedDamaged: true }), rb);
    expect(rod.body.outcome).toEqual({ type: 'return_and_refund' });
    expect(rod.ruleRef).toBe('REF-BR-1');
    const used = recommend(refundCase({ category: 'second_hand', guarantees: ['breakage_return'] }), facts({ arrivedDamaged: true }), rb);
    expect(used.body.outcome).toEqual({ type: 'reject' });
  });

  it('a dead plant is paid by the guarantee fund when the merchant is not at fault, by the merchant when it is', () => {
    const c = refundCase({ category: 'plants', paidFen: 5_999, guarantees: ['dead_plant'], requestType: 'refund_only', requestedAfterMs: 20 * DAY });
    const fund = recommend(c, facts({ plantDied: true }), rb);
    // 80 % of ¥59.99 = ¥47.992 → ¥47.99.
    expect(fund.body.outcome).toEqual({ type: 'fund_compensation', amountFen: 4_799 });
    expect(fund.costBearer).toBe('platform_fund');
    expect(fund.ledger).toEqual([{ payer: 'platform_fund', payee: 'buyer', amountFen: 4_799, ruleRef: 'REF-DP-1', purpose: 'compensation' }]);
    const merchant = recommend(c, facts({ plantDied: true, merchantAtFault: true }), rb);
    expect(merchant.body.outcome).toEqual({ type: 'full_refund' });
    expect(merchant.costBearer).toBe('merchant');
  });

  it('live-stream truthfulness cover pays from the fund for a creator\'s false claim', () => {
    const c = refundCase({ category: 'jewelry', paidFen: 88_800, guarantees: ['live_truthfulness'], requestType: 'refund_only' });
    const rec = recommend(c, facts({ falseLiveClaim: true }), rb);
    expect(rec.body.outcome).toEqual({ type: 'fund_compensation', amountFen: 88_800 });
    expect(rec.ruleRef).toBe('REF-LT-1');
  });

  it('express refund: the platform advances and the merchant settles', () => {
    const c = refundCase({ paidFen: 20_000, guarantees: ['seven_day_no_reason', 'express_refund'] });
    expect(recommend(c, facts(), rb).ledger).toEqual([
      { payer: 'platform', payee: 'buyer', amountFen: 20_000, ruleRef: 'REF-ER-1', purpose: 'advance' },
      { payer: 'merchant', payee: 'platform', amountFen: 20_000, ruleRef: 'REF-7D-1', purpose: 'settlement' },
    ]);
  });

  it('goods never received are refunded in full; a request above the amount paid is capped', () => {
    const c = refundCase({ paidFen: 10_000, signed: false, requestType: 'refund_only', requestFen: 15_000 });
    const rec = recommend(c, facts({ notReceived: true }), rb);
    expect(rec.body.outcome).toEqual({ type: 'full_refund' });
    expect(rec.clauses.map((x) => x.ref)).toEqual(['REF-NR-1', 'REF-G-1']);
  });

  it('an established partial loss gives a partial refund', () => {
    const c = refundCase({ paidFen: 10_000, requestType: 'refund_only' });
    expect(recommend(c, facts({ qualityDefect: true, establishedLossFen: 2_500 }), rb).body.outcome).toEqual({ type: 'partial_refund', amountFen: 2_500 });
  });

  it('false evidence flags the buyer', () => {
    const rec = recommend(refundCase(), facts({ falseEvidence: true, qualityDefect: true }), rb);
    expect(rec.body.outcome).toEqual({ type: 'flag_malicious_buyer' });
    expect(rec.ledger).toEqual([]);
  });
});

describe('re-checking refund decisions', () => {
  it('refuses guarantee-fund compensation without a covering guarantee', () => {
    const r = checkDecision(refundCase(), { kind: 'refund_dispute', outcome: { type: 'fund_compensation', amountFen: 100 } }, facts(), rb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations[0]).toMatch(/^REF-G-5:/);
  });

  it('refuses flagging a buyer without false evidence', () => {
    const r = checkDecision(refundCase(), { kind: 'refund_dispute', outcome: { type: 'flag_malicious_buyer' } }, facts(), rb);
    expect(r).toMatchObject({
      ok: false, violations: ['REF-G-4: a buyer is flagged malicious only when false evidence or an abusive request is established'],
      refusals: [{ code: 'malicious_not_established', params: { ruleRef: 'REF-G-4' } }],
    });
  });

  it('a flag citing a reused photo is the recommended flag, not a departure', () => {
    const evidenceMatch = { sha256: 'a'.repeat(64), matchedCaseId: 'rd-other', matchedSha256: 'b'.repeat(64), distance: 18 };
    const r = checkDecision(refundCase(), { kind: 'refund_dispute', outcome: { type: 'flag_malicious_buyer', evidenceMatch } }, facts({ falseEvidence: true }), rb);
    expect(r).toMatchObject({ ok: true, departure: false });
  });

  it('refuses making the merchant refund damage the buyer caused', () => {
    const r = checkDecision(refundCase(), { kind: 'refund_dispute', outcome: { type: 'full_refund' } }, facts({ buyerCausedDamage: true }), rb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations[0]).toMatch(/^REF-G-2:/);
  });

  it('refuses charging the merchant for a dead plant it is not at fault for', () => {
    const c = refundCase({ category: 'plants', guarantees: ['dead_plant'], requestType: 'refund_only' });
    const r = checkDecision(c, { kind: 'refund_dispute', outcome: { type: 'full_refund' } }, facts({ plantDied: true }), rb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations[0]).toMatch(/^REF-DP-1:/);
  });

  it('allows a goodwill partial refund without a basis, flagged as a departure', () => {
    const c = refundCase({ requestedAfterMs: 10 * DAY });
    expect(checkDecision(c, { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 1_000 } }, facts(), rb)).toMatchObject({ ok: true, departure: true });
  });

  it('refuses facts or decisions of another kind', () => {
    expect(checkDecision(refundCase(), { kind: 'appeal', outcome: { type: 'uphold' } }, facts(), rb)).toMatchObject({
      ok: false, violations: ['the decision is for an appeal, not a refund dispute'], refusals: [{ code: 'decision_kind_mismatch', params: { caseKind: 'refund_dispute', decisionKind: 'appeal' } }],
    });
    expect(checkDecision(refundCase(), { kind: 'refund_dispute', outcome: { type: 'reject' } }, { kind: 'appeal', violationEstablished: true }, rb).ok).toBe(false);
  });
});

describe('money arithmetic', () => {
  it('basis points round half up in integer fen', () => {
    expect(fenOfBasisPoints(12_345, 3_000)).toBe(3_704);
    expect(fenOfBasisPoints(1, 5_000)).toBe(1);
    expect(fenOfBasisPoints(1, 4_999)).toBe(0);
    expect(fenOfBasisPoints(10_000_000_000, 10_000)).toBe(10_000_000_000);
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (a, bp) => {
      const share = fenOfBasisPoints(a, bp);
      expect(Number.isInteger(share)).toBe(true);
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(a);
      expect(Math.abs(share * 10_000 - a * bp)).toBeLessThanOrEqual(5_000);
    }));
  });

  it('formats yuan for messages', () => {
    expect(formatYuan(30_000)).toBe('¥300.00');
    expect(formatYuan(123_456_789)).toBe('¥1,234,567.89');
    expect(formatYuan(5)).toBe('¥0.05');
  });
});
