import { describe, expect, it } from 'vitest';
import type { CaseRow } from '../../../shared/api';
import { chunk, planBulk } from './bulkPlan';

const row = (id: string, patch: Partial<CaseRow> = {}): CaseRow => ({
  id, kind: 'violation', status: 'open', priority: 3, createdAt: 0, updatedAt: 0, slaDueAt: 0, category: 'beauty', region: 'guangdong', amountFen: 0,
  merchantId: 'M1', merchantName: 'Shop', title: id, severity: 'minor', leaseHolder: null, leaseExpiresAt: null, pending: false, inConflict: false, ...patch,
});

describe('bulk plan', () => {
  it('previews which cases change and which are skipped, with the reason', () => {
    const me = { id: 'S1', name: 'Li Wei' };
    const now = 1_000;
    const plan = planBulk([
      row('a'), row('b', { status: 'decided' }), row('c', { leaseHolder: 'Zhang', leaseExpiresAt: 5_000 }), row('d', { leaseHolder: 'Zhang', leaseExpiresAt: 500 }),
      row('e', { pending: true }), row('f', { leaseHolder: 'S1', leaseExpiresAt: 5_000 }), row('g', { inConflict: true }),
    ], me, now);
    expect(plan.change.map((r) => r.id)).toEqual(['a', 'd', 'f']);
    expect(plan.skip.map((s) => [s.row.id, s.reason])).toEqual([['b', 'not_open'], ['c', 'held_by_other'], ['e', 'pending'], ['g', 'in_conflict']]);
  });
  it('chunks ids for the claim channel', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
