import { describe, expect, it } from 'vitest';
import { draftFromBody, emptyDraft, lighterPenaltyTypes, validateDraft, type DecisionDraft } from './decisionForm';
const base = (kind: Parameters<typeof emptyDraft>[0], patch: Partial<DecisionDraft>): DecisionDraft => ({
  ...emptyDraft(kind), ruleRef: 'VIO-FA-2.1', reason: 'Claims efficacy without proof', ...patch,
});

describe('decision form validation', () => {
  it('builds a fine in integer fen from yuan', () => {
    const r = validateDraft('violation', base('violation', { outcome: 'fine', amountYuan: '300.10' }));
    expect(r).toEqual({ ok: true, body: { kind: 'violation', outcome: { type: 'fine', amountFen: 30010 } }, ruleRef: 'VIO-FA-2.1', reason: 'Claims efficacy without proof' });
  });
  it('requires a rule citation in the rulebook format and a written reason', () => {
    const r = validateDraft('violation', base('violation', { ruleRef: 'fa 2', reason: ' ok ' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.ruleRef?.key).toBe('ruleRef');
      expect(r.errors.reason?.key).toBe('reasonShort');
    }
    const lower = validateDraft('violation', base('violation', { ruleRef: ' vio-fa-2.1 ' }));
    expect(lower.ok && lower.ruleRef).toBe('VIO-FA-2.1');
  });
  it('checks days and points ranges', () => {
    const days = validateDraft('violation', base('violation', { outcome: 'suspend_store', days: '91' }));
    expect(!days.ok && days.errors.days?.key).toBe('daysRange');
    const pts = validateDraft('violation', base('violation', { outcome: 'deduct_points', points: '12' }));
    expect(pts.ok && pts.body).toEqual({ kind: 'violation', outcome: { type: 'deduct_points', points: 12 } });
  });
  it('builds a partial refund in fen and refuses an amount of nothing', () => {
    const exact = validateDraft('refund_dispute', base('refund_dispute', { outcome: 'partial_refund', amountYuan: '199' }));
    expect(exact.ok && exact.body).toEqual({ kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 19_900 } });
    const zero = validateDraft('refund_dispute', base('refund_dispute', { outcome: 'partial_refund', amountYuan: '0.00' }));
    expect(!zero.ok && zero.errors.amountYuan?.key).toBe('amountZero');
  });
  it('builds complaint reversals with extent, remedy and an optional amount for a full one', () => {
    const full = validateDraft('merchant_complaint', base('merchant_complaint', { outcome: 'reverse', extent: 'full', remedy: 'refund_fine' }));
    expect(full.ok && full.body).toEqual({ kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy: 'refund_fine' } });
    const partial = validateDraft('merchant_complaint', base('merchant_complaint', { outcome: 'reverse', extent: 'partial', remedy: 'refund_fine' }));
    expect(!partial.ok && partial.errors.amountYuan?.key).toBe('amountEmpty');
  });
  it('asks an appeal modification to name a fine or a suspension', () => {
    const none = validateDraft('appeal', base('appeal', { outcome: 'modify' }));
    expect(!none.ok && none.errors.fineYuan?.key).toBe('modifyNeedsOne');
    const ok = validateDraft('appeal', base('appeal', { outcome: 'modify', fineYuan: '200' }));
    expect(ok.ok && ok.body).toEqual({ kind: 'appeal', outcome: { type: 'modify', fineFen: 20_000 } });
  });
  it('modifies an appeal to a lighter kind of penalty, with that penalty\'s own days, and offers only the steps below', () => {
    const warning = validateDraft('appeal', base('appeal', { outcome: 'modify', penaltyType: 'warning', fineYuan: '200' }));
    expect(warning.ok && warning.body).toEqual({ kind: 'appeal', outcome: { type: 'modify', penalty: { type: 'warning' } } });
    const restrict = validateDraft('appeal', base('appeal', { outcome: 'modify', penaltyType: 'restrict_traffic', days: '7' }));
    expect(restrict.ok && restrict.body).toEqual({ kind: 'appeal', outcome: { type: 'modify', penalty: { type: 'restrict_traffic', days: 7 } } });
    const noDays = validateDraft('appeal', base('appeal', { outcome: 'modify', penaltyType: 'restrict_traffic' }));
    expect(!noDays.ok && noDays.errors.days?.key).toBe('daysRange');
    expect(draftFromBody({ kind: 'appeal', outcome: { type: 'modify', penalty: { type: 'restrict_traffic', days: 7 } } }, 'APL-3', emptyDraft('appeal'))).toMatchObject({ outcome: 'modify', penaltyType: 'restrict_traffic', days: '7' });
    expect(lighterPenaltyTypes('remove_product')).toEqual(['warning']);
    expect(lighterPenaltyTypes('suspend_store')).toEqual(['warning', 'remove_product', 'interrupt_live', 'restrict_traffic', 'deduct_points']);
  });
  it('refuses an outcome of another kind', () => {
    const r = validateDraft('appeal', base('appeal', { outcome: 'fine' }));
    expect(!r.ok && r.errors.outcome?.key).toBe('required');
  });
});
