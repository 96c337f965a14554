import { describe, expect, it } from 'vitest';
import { generateCases } from './generate';
import { CATEGORY_SHARES, COMPLAINT_TYPE_SHARES, REGION_SHARES } from './shares';
import { TEST_NOW, smallPool } from './test-fixtures';

const evidence = await smallPool();
const cases = [...generateCases(20_000, { seed: 9, now: TEST_NOW, evidence })];

/** Observed share in percent of each value. */
function sharesOf<T extends string>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return new Map([...counts].map(([k, n]) => [k, (100 * n) / values.length]));
}

function expectShares<T extends string>(observed: Map<T, number>, expected: Readonly<Partial<Record<T, number>>>, tolerancePct: number): void {
  for (const [key, share] of Object.entries(expected) as Array<[T, number]>) {
    const got = observed.get(key) ?? 0;
    expect({ key, got: Math.round(got * 100) / 100, close: Math.abs(got - share) <= tolerancePct }).toEqual({ key, got: expect.any(Number), close: true });
  }
}

describe('published shares in 20,000 generated cases', () => {
  it('complaint types follow the 2025 figures (arbitrary refunds 46.15 %, …)', () => {
    const complaints = cases.flatMap((c) => (c.kind === 'merchant_complaint' ? [c.detail.complaintType] : []));
    expect(complaints.length).toBeGreaterThan(1_500);
    // ~2,000 complaints: a binomial share moves ±1.1 points at most around 46 %; allow 3.
    expectShares(sharesOf(complaints), COMPLAINT_TYPE_SHARES, 3);
    const observed = sharesOf(complaints);
    expect(observed.get('arbitrary_refund')).toBeGreaterThan(observed.get('excessive_protection') ?? 100);
  });

  it('regions: Guangdong 23.08 %, Shandong 16.67 %, Zhejiang 12.82 %, the rest spread', () => {
    const observed = sharesOf(cases.map((c) => c.region));
    expectShares(observed, REGION_SHARES, 1.5);
    expect(observed.get('guangdong')).toBeGreaterThan(observed.get('shandong') ?? 100);
    expect(observed.get('shandong')).toBeGreaterThan(observed.get('zhejiang') ?? 100);
    for (const c of cases) expect(c.merchant.region).toBe(c.region);
  });

  it('categories: apparel 16.67 %, food and fresh 12.82 %, outdoor 7.69 %, 3C 6.41 %, beauty 3.85 %', () => {
    expectShares(sharesOf(cases.map((c) => c.category)), CATEGORY_SHARES, 1.5);
  });

  it('applies the region and category shares to every kind of case', () => {
    // Thousands of cases per kind: within 2.5 points of the published share.
    for (const kind of ['violation', 'refund_dispute', 'merchant_complaint'] as const) {
      const ofKind = cases.filter((c) => c.kind === kind);
      expectShares(sharesOf(ofKind.map((c) => c.region)), { guangdong: REGION_SHARES.guangdong, shandong: REGION_SHARES.shandong }, 2.5);
      expectShares(sharesOf(ofKind.map((c) => c.category)), { apparel: CATEGORY_SHARES.apparel, food_fresh: CATEGORY_SHARES.food_fresh }, 2.5);
    }
  });

  it('the share tables themselves add up to 100 %', () => {
    for (const table of [COMPLAINT_TYPE_SHARES, REGION_SHARES, CATEGORY_SHARES]) {
      expect(Object.values(table).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
    }
  });
});
