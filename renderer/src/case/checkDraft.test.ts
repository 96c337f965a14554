import { describe, expect, it } from 'vitest';
import { appealCase, complaintCase, fixtureRulebook, order, refundCase } from '../../../shared/rulebook/test-fixtures';
import { judgeDraft } from '../../../shared/rulebook';
import { checkDraft } from './checkDraft';
import { emptyDraft, type DecisionDraft } from './decisionForm';

const rulebook = fixtureRulebook();
const ctx = { facts: null, justification: 'The evidence shows more than the rulebook assumes.', rulebook };
const draft = (kind: Parameters<typeof emptyDraft>[0], patch: Partial<DecisionDraft>): DecisionDraft => ({
  ...emptyDraft(kind), reason: 'Checked the photos and the chat', ...patch,
});
const codes = (r: ReturnType<typeof checkDraft>) => (r.ok ? [] : r.refusals.map((x) => x.code));

describe("the decision form's check (the shared judgement)", () => {
  it('keeps a partial refund and a fund compensation within what the buyer paid, on the amount field', () => {
    const c = refundCase({ paidFen: 19_900 });
    for (const outcome of ['partial_refund', 'fund_compensation']) {
      const over = checkDraft(c, draft('refund_dispute', { outcome, amountYuan: '199.01', ruleRef: 'REF-G-1' }), ctx);
      expect(codes(over)).toEqual(['amount_above_paid']);
      expect(!over.ok && over.errors.amountYuan).toEqual({ key: 'overPaid', values: { amount: 19_900 } });
    }
    const exact = checkDraft(c, draft('refund_dispute', { outcome: 'partial_refund', amountYuan: '199', ruleRef: 'REF-G-1' }), ctx);
    expect(codes(exact)).not.toContain('amount_above_paid');
  });

  it('keeps a complaint reversal within the contested amount, or what was paid when the complaint names none', () => {
    const contested = complaintCase({ complaintType: 'arbitrary_fine', contestedFen: 30_000 });
    const over = checkDraft(contested, draft('merchant_complaint', { outcome: 'reverse', extent: 'partial', remedy: 'refund_fine', amountYuan: '301', ruleRef: 'CMP-FN-1' }), ctx);
    expect(!over.ok && over.errors.amountYuan).toEqual({ key: 'overContested', values: { amount: 30_000 } });
    const unnamed = complaintCase({ complaintType: 'other', contestedFen: null, order: order({ paidFen: 10_000 }) });
    const overPaid = checkDraft(unnamed, draft('merchant_complaint', { outcome: 'reverse', extent: 'partial', remedy: 'recover_refund', amountYuan: '100.01', ruleRef: 'CMP-OT-1' }), ctx);
    expect(codes(overPaid)).toEqual(['amount_above_contested']);
    expect(!overPaid.ok && overPaid.errors.amountYuan).toEqual({ key: 'overContested', values: { amount: 10_000 } });
  });

  it('asks an appeal modification to lower the fine actually imposed', () => {
    const c = appealCase({ type: 'fine', amountFen: 50_000 });
    const notLower = checkDraft(c, draft('appeal', { outcome: 'modify', fineYuan: '500', ruleRef: 'APL-3' }), ctx);
    expect(!notLower.ok && notLower.errors.fineYuan).toEqual({ key: 'notLower', values: { amount: 50_000 } });
    const notFine = checkDraft(appealCase({ type: 'warning' }), draft('appeal', { outcome: 'modify', fineYuan: '200', ruleRef: 'APL-3' }), ctx);
    expect(codes(notFine)).toEqual(['imposed_not_fine_or_suspension']);
  });

  it('refuses a clause the rulebook lacks, and a departure without a justification, as the service does', () => {
    const c = refundCase({ paidFen: 19_900 });
    const clause = checkDraft(c, draft('refund_dispute', { outcome: 'reject', ruleRef: 'REF-ZZ-9' }), ctx);
    expect(codes(clause)).toEqual(['unknown_clause']);
    const body = { kind: 'refund_dispute' as const, outcome: { type: 'partial_refund' as const, amountFen: 100 } };
    expect(judgeDraft(c, body, undefined, rulebook)).toMatchObject({ ok: true, departure: true });
    const unjustified = checkDraft(c, draft('refund_dispute', { outcome: 'partial_refund', amountYuan: '1', ruleRef: 'REF-G-1' }), { ...ctx, justification: '' });
    expect(codes(unjustified)).toEqual(['departure_unjustified']);
    const justified = checkDraft(c, draft('refund_dispute', { outcome: 'partial_refund', amountYuan: '1', ruleRef: 'REF-G-1' }), ctx);
    expect(justified.ok && justified.justification).toBe(ctx.justification);
  });
});
