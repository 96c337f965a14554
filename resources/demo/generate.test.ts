import { describe, expect, it } from 'vitest';
import { CaseInput } from '../../shared/domain';
import type { Guarantee } from '../../shared/domain';
import { generateCases } from './generate';
import { PRODUCTS } from './catalog';
import { TEST_NOW, smallPool } from './test-fixtures';
import { penaltyFor, slaMs } from '../../shared/rulebook';
import { loadRulebook } from '../rulebook';

const rulebook = loadRulebook();

const evidence = await smallPool();
const sample = [...generateCases(6_000, { seed: 42, now: TEST_NOW, evidence })];
const disputes = sample.flatMap((c) => (c.kind === 'refund_dispute' ? [c] : []));

describe('generateCases', () => {
  it('yields exactly the count asked, every case valid against CaseInput with a unique id', () => {
    expect(sample).toHaveLength(6_000);
    const failures = sample.map((c) => CaseInput.safeParse(c)).filter((r) => !r.success);
    expect(failures.map((f) => f.error?.issues[0])).toEqual([]);
    expect(new Set(sample.map((c) => c.id)).size).toBe(sample.length);
    expect([...generateCases(0, { evidence })]).toEqual([]);
    expect(() => generateCases(-1, { evidence }).next()).toThrow(/count/);
  });

  it('is deterministic: the same seed and clock give the same cases; another seed others', () => {
    const again = [...generateCases(300, { seed: 42, now: TEST_NOW, evidence })];
    expect(again).toEqual(sample.slice(0, 300));
    const other = [...generateCases(300, { seed: 43, now: TEST_NOW, evidence })];
    expect(other.slice(5).map((c) => c.title)).not.toEqual(sample.slice(5, 300).map((c) => c.title));
  });

  it('has violations most numerous, then refund disputes, merchant complaints, appeals', () => {
    const n = (kind: string) => sample.filter((c) => c.kind === kind).length;
    expect(n('violation')).toBeGreaterThan(n('refund_dispute'));
    expect(n('refund_dispute')).toBeGreaterThan(n('merchant_complaint'));
    expect(n('merchant_complaint')).toBeGreaterThan(n('appeal'));
    expect(n('appeal')).toBeGreaterThan(0);
  });

  it('spreads cases over recent days with the rulebook’s SLA for their priority, some already breached', () => {
    for (const c of sample) {
      expect(c.createdAt).toBeLessThanOrEqual(c.updatedAt);
      expect(c.updatedAt).toBeLessThanOrEqual(TEST_NOW);
      expect(c.createdAt).toBeGreaterThan(TEST_NOW - 15 * 86_400_000);
      expect(c.slaDueAt - c.createdAt).toBe(slaMs(c.kind, c.priority, rulebook));
    }
    const breached = sample.filter((c) => c.slaDueAt < TEST_NOW).length / sample.length;
    expect(breached).toBeGreaterThan(0.05);
    expect(breached).toBeLessThan(0.35);
    expect(new Set(sample.map((c) => c.priority))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('reuses merchants and buyers across cases, with consistent records', () => {
    const byMerchant = new Map<string, string[]>();
    for (const c of sample) byMerchant.set(c.merchant.id, [...(byMerchant.get(c.merchant.id) ?? []), JSON.stringify(c.merchant)]);
    const multi = [...byMerchant.values()].filter((v) => v.length >= 5);
    expect(multi.length).toBeGreaterThan(20);
    for (const records of byMerchant.values()) expect(new Set(records).size).toBe(1);
    const buyers = disputes.map((c) => c.buyer?.id);
    expect(new Set(buyers).size).toBeLessThan(buyers.length);
    expect(disputes.some((c) => c.buyer?.flaggedMalicious)).toBe(true);
    expect(disputes.every((c) => /^\d{3}\*{4}\d{4}$/.test(c.buyer?.phoneMasked ?? ''))).toBe(true);
    // The whole number and address, as the platform sends them for the service to mask: the number agrees with its mask.
    expect(disputes.every((c) => /^1[3-9]\d{9}$/.test(c.buyer?.phone ?? '') && c.buyer?.phone?.replace(/^(\d{3})\d{4}/, '$1****') === c.buyer?.phoneMasked)).toBe(true);
    expect(disputes.every((c) => /[区市县].*[号室栋]/.test(c.buyer?.address ?? ''))).toBe(true);
    expect(sample.some((c) => c.merchant.priorViolations >= 3)).toBe(true);
  });

  it('keeps money in integer fen and never asks a refund above the amount paid', () => {
    for (const c of sample) expect(Number.isSafeInteger(c.amountFen) && c.amountFen >= 0).toBe(true);
    for (const d of disputes) {
      const { order, request } = d.detail;
      expect(Number.isSafeInteger(order.amountPaidFen)).toBe(true);
      expect(order.amountPaidFen).toBeGreaterThan(0);
      expect(request.amountFen).toBeLessThanOrEqual(order.amountPaidFen);
      expect(d.amountFen).toBe(request.amountFen);
      if (request.type === 'exchange') expect(request.amountFen).toBe(0);
    }
    expect(disputes.some((d) => d.detail.request.amountFen > 0 && d.detail.request.amountFen < d.detail.order.amountPaidFen)).toBe(true);
  });

  it('prices orders within the range of their product', () => {
    for (const d of disputes) {
      const product = PRODUCTS[d.detail.order.category].find((p) => p.title === d.detail.order.productTitle);
      expect(product).toBeDefined();
      if (!product) continue;
      expect(d.detail.order.amountPaidFen).toBeGreaterThanOrEqual(product.minFen);
      expect(d.detail.order.amountPaidFen).toBeLessThanOrEqual(product.maxFen * 3);
    }
  });

  it('puts guarantees only where the programme and the law allow them', () => {
    const has = (gs: readonly Guarantee[], g: Guarantee) => gs.includes(g);
    for (const d of disputes) {
      const { category, guarantees, productTitle } = d.detail.order;
      const perishable = PRODUCTS[category].find((p) => p.title === productTitle)?.perishable === true;
      if (has(guarantees, 'allergy_return')) expect(['beauty', 'baby']).toContain(category);
      if (has(guarantees, 'dead_plant')) expect(category).toBe('plants');
      if (has(guarantees, 'damaged_fresh')) expect(perishable).toBe(true);
      if (perishable) expect(has(guarantees, 'seven_day_no_reason')).toBe(false);
      if (has(guarantees, 'breakage_return')) expect(['virtual', 'second_hand']).not.toContain(category);
      if (has(guarantees, 'door_pickup')) expect(has(guarantees, 'shipping_insurance')).toBe(true);
      if (category === 'virtual') expect(guarantees.filter((g) => ['shipping_insurance', 'door_pickup', 'seven_day_no_reason'].includes(g))).toEqual([]);
      expect(new Set(guarantees).size).toBe(guarantees.length);
    }
    const all = new Set(disputes.flatMap((d) => d.detail.order.guarantees));
    expect(all.size).toBe(10);
  });

  it('tells each dispute in time order: paid, delivered, signed, requested, escalated', () => {
    for (const d of disputes) {
      const { order, request, chat } = d.detail;
      expect(order.paidAt).toBeLessThanOrEqual(order.deliveredAt ?? Infinity);
      if (order.signedAt !== null) expect(order.deliveredAt).not.toBeNull();
      expect(order.signedAt ?? order.deliveredAt ?? 0).toBeLessThanOrEqual(request.requestedAt);
      expect(request.requestedAt).toBeLessThanOrEqual(d.createdAt);
      const logistics = order.logistics.map((e) => e.at);
      expect(logistics).toEqual([...logistics].sort((a, b) => a - b));
      expect(logistics.every((t) => t <= d.createdAt)).toBe(true);
      const chatTimes = chat.map((m) => m.at);
      expect(chatTimes).toEqual([...chatTimes].sort((a, b) => a - b));
      expect(chatTimes.every((t) => t <= d.createdAt)).toBe(true);
      if (order.returnWeightGrams !== null) expect(request.type).not.toBe('refund_only');
      expect(d.detail.buyerStatement.length).toBeGreaterThan(5);
      expect(d.detail.merchantStatement.length).toBeGreaterThan(5);
    }
    // Shipping-insurance arbitrage: an empty parcel weighs far less than the goods.
    expect(disputes.some((d) => d.detail.merchantStatement.includes('运费险') && (d.detail.order.returnWeightGrams ?? 1e9) < 200)).toBe(true);
  });

  it('describes violations with source, score, severity, creator reach and a claim', () => {
    const violations = sample.flatMap((c) => (c.kind === 'violation' ? [c] : []));
    for (const v of violations) {
      expect(v.detail.modelScore === null).toBe(v.detail.source !== 'automated');
      expect(v.detail.claim.length).toBeGreaterThan(5);
    }
    expect(new Set(violations.map((v) => v.detail.violationCategory)).size).toBe(9);
    expect(new Set(violations.map((v) => v.detail.source)).size).toBe(4);
    expect(new Set(violations.map((v) => v.detail.subject.type)).size).toBe(5);
    expect(new Set(violations.map((v) => v.detail.severity)).size).toBe(4);
    expect(violations.some((v) => v.detail.claim.includes('评论后优先发货'))).toBe(true);
    expect(violations.some((v) => (v.detail.creator?.followers ?? 0) > 1_000_000)).toBe(true);
  });

  it('proposes for a violation the fine the rulebook’s ladder gives, if any', () => {
    for (const v of sample) {
      if (v.kind !== 'violation') continue;
      const offence = { category: v.detail.violationCategory, severity: v.detail.severity, priorOffences: v.merchant.priorViolations, harm: v.detail.harm, subjectIsCreator: v.detail.subject.type === 'creator', confirmed: true };
      const { outcome } = penaltyFor(offence, rulebook);
      expect(v.amountFen).toBe(outcome.type === 'fine' ? outcome.amountFen : 0);
    }
  });

  it('has appeals contest an earlier decision by a moderator, citing a clause of the rulebook', () => {
    const appeals = sample.flatMap((c) => (c.kind === 'appeal' ? [c] : []));
    const clauses = new Set(rulebook.clauses.map((c) => c.ref));
    expect(appeals.length).toBeGreaterThan(100);
    for (const a of appeals) {
      expect(clauses.has(a.detail.contested.ruleRef)).toBe(true);
      expect(a.detail.contested.decidedBy.id).toMatch(/^mod-/);
      expect(a.detail.contested.decidedAt).toBeLessThan(a.createdAt);
    }
    expect(new Set(appeals.map((a) => a.detail.contested.decisionId)).size).toBe(appeals.length);
    expect(new Set(appeals.map((a) => a.detail.appellant.type))).toEqual(new Set(['merchant', 'creator']));
  });

  it('streams a large set without holding it: 50,000 cases counted one by one', () => {
    let count = 0;
    let last = '';
    for (const c of generateCases(50_000, { seed: 5, now: TEST_NOW, evidence })) {
      count++;
      last = c.id;
    }
    expect(count).toBe(50_000);
    expect(last).toMatch(/-0049999$/);
    // A case stays small: a million of them fit a benchmark.
    const sizes = sample.map((c) => Buffer.byteLength(JSON.stringify(c)));
    expect(Math.max(...sizes)).toBeLessThan(8 * 1024);
  });
});
