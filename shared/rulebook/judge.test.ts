import { describe, expect, it } from 'vitest';
import type { DecisionBody } from '../domain';
import { judgeDecision } from './judge';
import { appealCase, complaintCase, fixtureRulebook, order, refundCase } from './test-fixtures';

const rb = fixtureRulebook();
const codes = (j: ReturnType<typeof judgeDecision>) => (j.ok ? [] : j.refusals.map((r) => r.code));

describe('judgeDecision', () => {
  it('holds refunds and fund compensation to what was paid, with the amounts as parameters', () => {
    const c = refundCase({ paidFen: 10_000 });
    for (const type of ['partial_refund', 'fund_compensation'] as const) {
      const j = judgeDecision(c, { body: { kind: 'refund_dispute', outcome: { type, amountFen: 10_001 } }, ruleRef: 'REF-G-1' }, rb);
      expect(j).toMatchObject({ ok: false, refusals: [{ code: 'amount_above_paid', params: { amountFen: 10_001, paidFen: 10_000 } }] });
    }
  });

  it('holds a complaint reversal to the contested amount, else to what was paid', () => {
    const reverse = (amountFen: number): DecisionBody => ({ kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'partial', remedy: 'recover_refund', amountFen } });
    const unnamed = complaintCase({ complaintType: 'other', contestedFen: null, order: order({ paidFen: 8_000 }) });
    expect(judgeDecision(unnamed, { body: reverse(8_001) }, rb)).toMatchObject({ ok: false, refusals: [{ code: 'amount_above_contested', params: { contestedFen: 8_000 } }] });
    const neither = complaintCase({ complaintType: 'other', contestedFen: null, order: null });
    expect(codes(judgeDecision(neither, { body: reverse(8_001) }, rb))).not.toContain('amount_above_contested');
  });

  it('measures an appeal modification against the penalty the case says was imposed', () => {
    const c = appealCase({ type: 'suspend_store', days: 7 });
    const j = judgeDecision(c, { body: { kind: 'appeal', outcome: { type: 'modify', suspendDays: 7 } }, ruleRef: 'APL-3' }, rb);
    expect(j).toMatchObject({ ok: false, refusals: [{ code: 'imposed_days_not_shorter', params: { days: 7, contestedDays: 7 } }] });
  });

  it('judges a draft (no clause cited yet): a departure is reported, and refused once the decision cites a clause without a justification', () => {
    const c = refundCase({ paidFen: 10_000 });
    const body: DecisionBody = { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 1 } };
    expect(judgeDecision(c, { body }, rb)).toMatchObject({ ok: true, departure: true });
    expect(codes(judgeDecision(c, { body, ruleRef: 'REF-G-1' }, rb))).toEqual(['departure_unjustified']);
    expect(judgeDecision(c, { body, ruleRef: 'REF-G-1', justification: 'The buyer kept most of the goods.' }, rb)).toMatchObject({ ok: true, departure: true });
    expect(codes(judgeDecision(c, { body, ruleRef: 'REF-ZZ-1' }, rb))).toEqual(['unknown_clause']);
  });

  it('refuses facts of another kind and follows the recommendation with its approval grounds', () => {
    const c = refundCase({ paidFen: 10_000 });
    expect(codes(judgeDecision(c, { body: { kind: 'refund_dispute', outcome: { type: 'reject' } }, facts: { kind: 'appeal', violationEstablished: true } }, rb))).toEqual(['facts_kind_mismatch']);
    const followed = judgeDecision(c, { body: { kind: 'refund_dispute', outcome: { type: 'reject' } } }, rb);
    if (!followed.ok) throw new Error(followed.message);
    const same = judgeDecision(c, { body: followed.recommended.body, ruleRef: followed.recommended.ruleRef }, rb);
    expect(same).toMatchObject({ ok: true, departure: false, approvalGrounds: [] });
  });
});
