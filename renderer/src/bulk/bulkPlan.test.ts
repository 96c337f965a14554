import { describe, expect, it } from 'vitest';
import type { CaseRow } from '../../../shared/api';
import { emptyDraft } from '../case/decisionForm';
import { bulkRequest, chunk, decisionMoneyFen, planBulk } from './bulkPlan';

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

describe('bulk request', () => {
  const decision = { ...emptyDraft('violation'), reason: '同批次统一处理' };
  it("each case's own recommendation needs only a reason", () => {
    expect(bulkRequest({ mode: 'recommended', decision, justification: '' })).toEqual({ ok: true, choice: { mode: 'recommended' }, reason: '同批次统一处理' });
    expect(bulkRequest({ mode: 'recommended', decision: { ...decision, reason: '短' }, justification: '' })).toEqual({ ok: false, errors: { reason: { key: 'reasonShort' } } });
  });
  it('one common decision carries the justification when one is written, and says what is wrong with the fields', () => {
    const fine = { ...decision, outcome: 'fine', amountYuan: '300', ruleRef: 'vio-gen-2' };
    expect(bulkRequest({ mode: 'common', decision: fine, justification: '  ' })).toEqual({
      ok: true, reason: '同批次统一处理', choice: { mode: 'common', body: { kind: 'violation', outcome: { type: 'fine', amountFen: 30_000 } }, ruleRef: 'VIO-GEN-2' },
    });
    expect(bulkRequest({ mode: 'common', decision: fine, justification: '直播间多次复发' })).toMatchObject({ ok: true, choice: { justification: '直播间多次复发' } });
    const bad = bulkRequest({ mode: 'common', decision: { ...fine, amountYuan: '3.001', ruleRef: '' }, justification: '短' });
    expect(bad).toEqual({ ok: false, errors: { amountYuan: { key: 'amountPrecision' }, ruleRef: { key: 'ruleRef' }, justification: { key: 'reasonShort' } } });
  });
  it('names the money a decision moves', () => {
    expect(decisionMoneyFen({ kind: 'violation', outcome: { type: 'fine', amountFen: 12_345 } })).toBe(12_345);
    expect(decisionMoneyFen({ kind: 'violation', outcome: { type: 'warning' } })).toBeNull();
  });
});
