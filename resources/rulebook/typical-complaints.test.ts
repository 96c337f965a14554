/**
 * The five typical merchant complaints of domain.md, judged by the shipped rulebook: what the
 * original handling should have been, what the complaint's recommended outcome is, that the
 * re-check accepts it, and the money it moves.
 */
import { describe, expect, it } from 'vitest';
import type { DecisionBody } from '../../shared/domain';
import {
  checkDecision, ComplaintFacts, ledgerEntries, needsApproval, netByParty, recommend, RefundFacts, ViolationFacts, type LedgerEntry,
} from '../../shared/rulebook';
import { complaintCase, DAY, order, refundCase, violationCase } from '../../shared/rulebook/test-fixtures';
import { loadRulebook } from './index';

const rb = loadRulebook('2026.11');
const complaintFacts = (f: Partial<Omit<ComplaintFacts, 'kind'>>): ComplaintFacts => ComplaintFacts.parse({ kind: 'merchant_complaint', ...f });
const refundFacts = (f: Partial<Omit<RefundFacts, 'kind'>>): RefundFacts => RefundFacts.parse({ kind: 'refund_dispute', ...f });
const reverse = (remedy: 'recover_refund' | 'refund_fine', amountFen: number): DecisionBody => ({ kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy, amountFen } });
const settled = (...ledgers: LedgerEntry[][]): number => netByParty(ledgers.flat()).merchant;

describe('1. a buyer wore shoes for days, then was refunded', () => {
  const shoes = { category: 'apparel' as const, paidFen: 39_900, guarantees: ['seven_day_no_reason' as const, 'shipping_insurance' as const] };
  const dispute = refundCase({ ...shoes, requestedAfterMs: 5 * DAY });
  const complaint = complaintCase({ complaintType: 'arbitrary_refund', contestedFen: 39_900, order: order(shoes) });

  it('the rulebook would not have refunded worn goods, and refuses a merchant-paid refund for them', () => {
    const rec = recommend(dispute, refundFacts({ worn: true }), rb);
    expect(rec.body.outcome).toEqual({ type: 'reject' });
    expect(rec.ruleRef).toBe('REF-GEN-2');
    expect(rec.facts.map((f) => f.code)).toContain('seven_day_no_reason_not');
    const refused = checkDecision(dispute, { kind: 'refund_dispute', outcome: { type: 'return_and_refund' } }, refundFacts({ worn: true }), rb);
    expect(refused.ok).toBe(false);
  });

  it('the complaint is reversed and the refund recovered, making the merchant whole', () => {
    const f = complaintFacts({ worn: true, merchantEvidenceCredible: true });
    const rec = recommend(complaint, f, rb);
    expect(rec.body).toEqual(reverse('recover_refund', 39_900));
    expect(rec.ruleRef).toBe('CMP-RF-1');
    expect(rec.ledger).toEqual([{ payer: 'platform_fund', payee: 'merchant', amountFen: 39_900, ruleRef: 'CMP-RF-1', purpose: 'remedy' }]);
    expect(checkDecision(complaint, rec.body, f, rb)).toMatchObject({ ok: true, departure: false });
    expect(needsApproval(rec.body, rb)).toBe(false);
    const original = ledgerEntries(dispute, { kind: 'refund_dispute', outcome: { type: 'return_and_refund' } }, rb, 'REF-7D-1');
    expect(settled(original, rec.ledger)).toBe(0);
  });
});

describe('2. a damaged fishing rod, ruled for the buyer although the merchant had photos of the damage', () => {
  const rod = { category: 'outdoor' as const, paidFen: 68_000, guarantees: ['breakage_return' as const, 'seven_day_no_reason' as const] };
  const complaint = complaintCase({ complaintType: 'arbitrary_refund', contestedFen: 68_000, order: order(rod) });

  it('where the buyer\'s unboxing evidence shows it arrived broken, breakage return applies and the ruling is upheld', () => {
    const dispute = refundCase({ ...rod, requestedAfterMs: DAY });
    const original = recommend(dispute, refundFacts({ arrivedDamaged: true }), rb);
    expect(original.body.outcome).toEqual({ type: 'return_and_refund' });
    expect(original.ruleRef).toBe('REF-BR-1');
    const f = complaintFacts({ returnedDamaged: true, merchantEvidenceCredible: true, arrivedDamaged: true });
    const rec = recommend(complaint, f, rb);
    expect(rec.body.outcome).toEqual({ type: 'uphold' });
    expect(rec.ruleRef).toBe('CMP-GEN-1');
    expect(rec.facts.map((x) => x.code)).toContain('arrived_damaged');
    expect(rec.ledger).toEqual([]);
    // Reversing anyway is the arbiter's call, but it is a departure that needs a written reason.
    expect(checkDecision(complaint, reverse('recover_refund', 68_000), f, rb)).toMatchObject({ ok: true, departure: true });
  });

  it('where the merchant\'s photos show the buyer broke it and nothing shows it arrived broken, the refund is recovered', () => {
    const f = complaintFacts({ returnedDamaged: true, buyerCausedDamage: true, merchantEvidenceCredible: true });
    const rec = recommend(complaint, f, rb);
    expect(rec.body).toEqual(reverse('recover_refund', 68_000));
    expect(rec.ledger).toEqual([{ payer: 'platform_fund', payee: 'merchant', amountFen: 68_000, ruleRef: 'CMP-RF-1', purpose: 'remedy' }]);
  });
});

describe('3. a ¥300 fine because the buyer damaged the product after delivery', () => {
  const violation = violationCase({ category: 'poor_quality', severity: 'serious' });

  it('the ladder gives ¥300 for the alleged violation, but none once the buyer is shown to have caused the damage', () => {
    const alleged = recommend(violation, ViolationFacts.parse({ kind: 'violation' }), rb);
    expect(alleged.body.outcome).toEqual({ type: 'fine', amountFen: 30_000 });
    const onReview = ViolationFacts.parse({ kind: 'violation', violationConfirmed: false });
    expect(recommend(violation, onReview, rb).body.outcome).toEqual({ type: 'dismiss' });
    expect(checkDecision(violation, alleged.body, onReview, rb)).toMatchObject({
      ok: false, violations: ['VIO-GEN-4: no violation is established, so no penalty may be imposed'], refusals: [{ code: 'violation_not_established', params: { ruleRef: 'VIO-GEN-4' } }],
    });
  });

  it('the complaint refunds the fine and the ledger nets to nothing', () => {
    const fine = ledgerEntries(violation, { kind: 'violation', outcome: { type: 'fine', amountFen: 30_000 } }, rb, 'VIO-PQ-2.4');
    expect(fine).toEqual([{ payer: 'merchant', payee: 'platform', amountFen: 30_000, ruleRef: 'VIO-PQ-2.4', purpose: 'fine' }]);
    const complaint = complaintCase({ complaintType: 'arbitrary_fine', contestedFen: 30_000, order: order({ category: 'home', paidFen: 15_900 }) });
    const f = complaintFacts({ ruleBroken: false, buyerCausedDamage: true });
    const rec = recommend(complaint, f, rb);
    expect(rec.body).toEqual(reverse('refund_fine', 30_000));
    expect(rec.ledger).toEqual([{ payer: 'platform', payee: 'merchant', amountFen: 30_000, ruleRef: 'CMP-FN-1', purpose: 'remedy' }]);
    expect(checkDecision(complaint, rec.body, f, rb)).toMatchObject({ ok: true, departure: false });
    expect(netByParty([...fine, ...rec.ledger])).toMatchObject({ merchant: 0, platform: 0 });
    // Recovering a "refund" is not a remedy for a fine.
    expect(checkDecision(complaint, reverse('recover_refund', 30_000), f, rb).ok).toBe(false);
  });
});

describe('4. a merchant forced to refund a product that came back damaged, with evidence', () => {
  const lamp = { category: 'home' as const, paidFen: 128_000, guarantees: ['seven_day_no_reason' as const, 'express_refund' as const] };
  const dispute = refundCase({ ...lamp, requestedAfterMs: 3 * DAY });
  const complaint = complaintCase({ complaintType: 'excessive_protection', contestedFen: 128_000, order: order(lamp) });

  it('the refund should not have been charged to the merchant', () => {
    const f = refundFacts({ buyerCausedDamage: true });
    expect(recommend(dispute, f, rb).body.outcome).toEqual({ type: 'reject' });
    const forced = checkDecision(dispute, { kind: 'refund_dispute', outcome: { type: 'return_and_refund' } }, f, rb);
    expect(forced.ok).toBe(false);
    if (!forced.ok) expect(forced.violations[0]).toMatch(/^REF-GEN-2:/);
  });

  it('the complaint recovers the refund the platform advanced and settled', () => {
    const f = complaintFacts({ returnedDamaged: true, merchantEvidenceCredible: true });
    const rec = recommend(complaint, f, rb);
    expect(rec.body).toEqual(reverse('recover_refund', 128_000));
    expect(rec.ruleRef).toBe('CMP-EP-1');
    const original = ledgerEntries(dispute, { kind: 'refund_dispute', outcome: { type: 'return_and_refund' } }, rb, 'REF-7D-1');
    expect(original.map((e) => e.purpose)).toEqual(['advance', 'settlement']);
    expect(settled(original, rec.ledger)).toBe(0);
    expect(checkDecision(complaint, rec.body, f, rb)).toMatchObject({ ok: true, departure: false });
  });
});

describe('5. a penalty notice with no prior notice, where the merchant broke no rule', () => {
  it('the fine is refunded, with the missing notice on record', () => {
    const complaint = complaintCase({ complaintType: 'arbitrary_fine', contestedFen: 200_000, order: null });
    const f = complaintFacts({ ruleBroken: false, priorNotice: false });
    const rec = recommend(complaint, f, rb);
    expect(rec.body).toEqual(reverse('refund_fine', 200_000));
    expect(rec.facts.map((x) => x.code)).toEqual(['no_rule_broken', 'no_prior_notice', 'remedy_amount', 'recommended']);
    expect(rec.ledger).toEqual([{ payer: 'platform', payee: 'merchant', amountFen: 200_000, ruleRef: 'CMP-FN-1', purpose: 'remedy' }]);
    expect(checkDecision(complaint, rec.body, f, rb)).toMatchObject({ ok: true, departure: false });
  });

  it('a store closed that way is restored, which needs a supervisor', () => {
    const complaint = complaintCase({ complaintType: 'arbitrary_closure', contestedFen: null, order: null });
    const rec = recommend(complaint, complaintFacts({ ruleBroken: false, priorNotice: false }), rb);
    expect(rec.body).toEqual({ kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy: 'restore_store' } });
    expect(rec.ledger).toEqual([]);
    expect(needsApproval(rec.body, rb)).toBe(true);
  });

  it('but where the rule was broken, the missing notice alone does not undo the penalty', () => {
    const complaint = complaintCase({ complaintType: 'arbitrary_fine', contestedFen: 200_000, order: null });
    const rec = recommend(complaint, complaintFacts({ ruleBroken: true, priorNotice: false }), rb);
    expect(rec.body.outcome).toEqual({ type: 'uphold' });
    expect(rec.clauses.map((c) => c.ref)).toEqual(['CMP-GEN-1', 'CMP-FN-1', 'CMP-GEN-3']);
  });
});
