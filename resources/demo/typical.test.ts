import { describe, expect, it } from 'vitest';
import { CaseInput } from '../../shared/domain';
import type { MerchantComplaintCase } from '../../shared/domain';
import { TYPICAL_COMPLAINT_IDS, generateCases, typicalComplaints } from './generate';
import { TEST_NOW, smallPool } from './test-fixtures';

const pool = await smallPool();
const themeOf = new Map(pool.images.map((i) => [i.sha256, i.theme]));
const typical = typicalComplaints(TEST_NOW, pool) as Array<Omit<MerchantComplaintCase, 'version' | 'lastDecision'>>;
const byId = (n: number) => {
  const c = typical.find((t) => t.id === TYPICAL_COMPLAINT_IDS[n - 1]);
  if (!c) throw new Error(`typical complaint ${n} missing`);
  return c;
};
const merchantThemes = (c: (typeof typical)[number]) => c.evidence.filter((r) => r.party === 'merchant').map((r) => themeOf.get(r.sha256));

describe('the five typical complaints', () => {
  it('are five valid, open merchant complaints, each with the merchant’s evidence', () => {
    expect(typical.map((c) => c.id)).toEqual([...TYPICAL_COMPLAINT_IDS]);
    for (const c of typical) {
      expect(CaseInput.safeParse(c).success).toBe(true);
      expect(c.kind).toBe('merchant_complaint');
      expect(c.status).toBe('open');
      expect(merchantThemes(c).length).toBeGreaterThan(0);
      expect(c.slaDueAt).toBeGreaterThan(TEST_NOW);
      expect(c.detail.contested.actedAt).toBeLessThan(c.createdAt);
    }
  });

  it('1: worn shoes refunded — the merchant shows new shoes and the worn soles that came back', () => {
    const c = byId(1);
    expect(c.detail.complaintType).toBe('arbitrary_refund');
    expect(c.detail.order?.productTitle).toContain('鞋');
    expect(c.detail.statement).toContain('穿');
    expect(merchantThemes(c)).toEqual(expect.arrayContaining(['shoes_new', 'shoe_soles_worn']));
    expect(c.detail.contested.amountFen).toBe(c.detail.order?.amountPaidFen);
  });

  it('2: a damaged fishing rod ruled for the buyer despite the merchant’s photos of the break', () => {
    const c = byId(2);
    expect(c.detail.order?.productTitle).toContain('钓竿');
    expect(c.detail.contested.action).toContain('支持买家');
    expect(merchantThemes(c)).toContain('fishing_rod_broken_merchant');
    expect(c.detail.order?.returnWeightGrams).toBeGreaterThan(0);
  });

  it('3: a ¥300 fine (30000 fen) for damage the buyer caused after delivery', () => {
    const c = byId(3);
    expect(c.detail.complaintType).toBe('arbitrary_fine');
    expect(c.detail.contested.amountFen).toBe(30_000);
    expect(c.amountFen).toBe(30_000);
    expect(c.detail.statement).toContain('签收');
    expect(c.detail.order?.signedAt).toBeLessThan(c.detail.contested.actedAt);
  });

  it('4: a forced refund of a product that came back damaged, with the merchant’s unboxing evidence', () => {
    const c = byId(4);
    expect(c.detail.contested.action).toContain('强制退款');
    expect(merchantThemes(c)).toContain('item_damaged_return');
    expect(c.detail.order?.logistics.some((e) => e.event.includes('退货已签收'))).toBe(true);
  });

  it('5: a penalty with no prior notice; the merchant says it broke no rule', () => {
    const c = byId(5);
    expect(c.detail.statement).toContain('没有收到任何预警或整改通知');
    expect(c.detail.statement).toContain('没有违反任何规则');
    expect(merchantThemes(c)).toContain('penalty_notice');
  });

  it('open every generated demo set, identical to typicalComplaints(now)', () => {
    const first = [...generateCases(8, { seed: 99, now: TEST_NOW, evidence: pool })];
    expect(first.slice(0, 5)).toEqual(typical);
    expect(first[5]?.id).not.toContain('typical');
  });
});
