import { describe, expect, it } from 'vitest';
import { emptyDraft, validateDraft, type DecisionDraft, type DecisionLimits } from './decisionForm';

const noLimits: DecisionLimits = { amountPaidFen: null, contestedFen: null, originalFineFen: null, originalSuspendDays: null };
const base = (kind: Parameters<typeof emptyDraft>[0], patch: Partial<DecisionDraft>): DecisionDraft => ({
  ...emptyDraft(kind), ruleRef: 'VIO-FA-2.1', reason: 'Claims efficacy without proof', ...patch,
});

describe('decision form validation', () => {
  it('builds a fine in integer fen from yuan', () => {
    const r = validateDraft('violation', base('violation', { outcome: 'fine', amountYuan: '300.10' }), noLimits);
    expect(r).toEqual({ ok: true, body: { kind: 'violation', outcome: { type: 'fine', amountFen: 30010 } }, ruleRef: 'VIO-FA-2.1', reason: 'Claims efficacy without proof' });
  });
  it('requires a rule citation in the rulebook format and a written reason', () => {
    const r = validateDraft('violation', base('violation', { ruleRef: 'fa 2', reason: ' ok ' }), noLimits);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.ruleRef?.key).toBe('ruleRef');
      expect(r.errors.reason?.key).toBe('reasonShort');
    }
    const lower = validateDraft('violation', base('violation', { ruleRef: ' vio-fa-2.1 ' }), noLimits);
    expect(lower.ok && lower.ruleRef).toBe('VIO-FA-2.1');
  });
  it('checks days and points ranges', () => {
    const days = validateDraft('violation', base('violation', { outcome: 'suspend_store', days: '91' }), noLimits);
    expect(!days.ok && days.errors.days?.key).toBe('daysRange');
    const pts = validateDraft('violation', base('violation', { outcome: 'deduct_points', points: '12' }), noLimits);
    expect(pts.ok && pts.body).toEqual({ kind: 'violation', outcome: { type: 'deduct_points', points: 12 } });
  });
  it('keeps a partial refund within what the buyer paid', () => {
    const limits = { ...noLimits, amountPaidFen: 19_900 };
    const over = validateDraft('refund_dispute', base('refund_dispute', { outcome: 'partial_refund', amountYuan: '199.01' }), limits);
    expect(!over.ok && over.errors.amountYuan).toEqual({ key: 'overPaid', values: { amount: 19_900 } });
    const exact = validateDraft('refund_dispute', base('refund_dispute', { outcome: 'partial_refund', amountYuan: '199' }), limits);
    expect(exact.ok && exact.body).toEqual({ kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 19_900 } });
    const zero = validateDraft('refund_dispute', base('refund_dispute', { outcome: 'partial_refund', amountYuan: '0.00' }), limits);
    expect(!zero.ok && zero.errors.amountYuan?.key).toBe('amountZero');
  });
  it('builds complaint reversals with extent, remedy and an optional amount for a full one', () => {
    const full = validateDraft('merchant_complaint', base('merchant_complaint', { outcome: 'reverse', extent: 'full', remedy: 'refund_fine' }), { ...noLimits, contestedFen: 30_000 });
    expect(full.ok && full.body).toEqual({ kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy: 'refund_fine' } });
    const partial = validateDraft('merchant_complaint', base('merchant_complaint', { outcome: 'reverse', extent: 'partial', remedy: 'refund_fine' }), noLimits);
    expect(!partial.ok && partial.errors.amountYuan?.key).toBe('amountEmpty');
    const over = validateDraft('merchant_complaint', base('merchant_complaint', { outcome: 'reverse', extent: 'partial', amountYuan: '301' }), { ...noLimits, contestedFen: 30_000 });
    expect(!over.ok && over.errors.amountYuan?.key).toBe('overContested');
  });
  it('asks an appeal modification to lower the fine or shorten the suspension', () => {
    const limits = { ...noLimits, originalFineFen: 50_000 };
    const none = validateDraft('appeal', base('appeal', { outcome: 'modify' }), limits);
    expect(!none.ok && none.errors.fineYuan?.key).toBe('modifyNeedsOne');
    const notLower = validateDraft('appeal', base('appeal', { outcome: 'modify', fineYuan: '500' }), limits);
    expect(!notLower.ok && notLower.errors.fineYuan?.key).toBe('notLower');
    const ok = validateDraft('appeal', base('appeal', { outcome: 'modify', fineYuan: '200' }), limits);
    expect(ok.ok && ok.body).toEqual({ kind: 'appeal', outcome: { type: 'modify', fineFen: 20_000 } });
  });
  it('refuses an outcome of another kind', () => {
    const r = validateDraft('appeal', base('appeal', { outcome: 'fine' }), noLimits);
    expect(!r.ok && r.errors.outcome?.key).toBe('required');
  });
});
