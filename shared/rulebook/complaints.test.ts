import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_REMEDIES, COMPLAINT_TYPES, type MerchantComplaintOutcome } from '../domain';
import { remedyCapFen, reversalAmountFen } from './amounts';
import { checkDecision } from './check';
import { allowedRemedies } from './complaints';
import { ComplaintFacts } from './facts';
import { recommend } from './recommend';
import { complaintCase, fixtureRulebook, order } from './test-fixtures';

const rb = fixtureRulebook();
const facts = (f: Partial<Omit<ComplaintFacts, 'kind'>> = {}): ComplaintFacts => ComplaintFacts.parse({ kind: 'merchant_complaint', ...f });
const decide = (outcome: MerchantComplaintOutcome) => ({ kind: 'merchant_complaint' as const, outcome });

const arbFacts = fc.record({
  ruleBroken: fc.boolean(), priorNotice: fc.option(fc.boolean(), { nil: undefined }), worn: fc.boolean(), returnedDamaged: fc.boolean(),
  buyerCausedDamage: fc.boolean(), arrivedDamaged: fc.boolean(), merchantEvidenceCredible: fc.boolean(), depositObligationsOpen: fc.boolean(),
  establishedAmountFen: fc.option(fc.integer({ min: 1, max: 500_000 }), { nil: undefined }),
}).map((f) => facts(f));

const arbComplaint = fc.record({
  complaintType: fc.constantFrom(...COMPLAINT_TYPES),
  contestedFen: fc.option(fc.integer({ min: 0, max: 400_000 }), { nil: null }),
  paidFen: fc.option(fc.integer({ min: 1, max: 400_000 }), { nil: null }),
  depositFen: fc.integer({ min: 0, max: 1_000_000 }),
}).map(({ complaintType, contestedFen, paidFen, depositFen }) => complaintCase({ complaintType, contestedFen, depositFen, order: paidFen === null ? null : order({ paidFen }) }));

describe('merchant complaints: properties', () => {
  it('a recommendation passes its own re-check and gives back no more than the contested amount', () => {
    fc.assert(fc.property(arbComplaint, arbFacts, (c, f) => {
      const rec = recommend(c, f, rb);
      expect(checkDecision(c, rec.body, f, rb)).toMatchObject({ ok: true, departure: false });
      if (rec.body.kind !== 'merchant_complaint') throw new Error('wrong kind');
      const outcome = rec.body.outcome;
      if (outcome.type === 'reverse') {
        expect(allowedRemedies(c.detail.complaintType, rb)).toContain(outcome.remedy);
        const cap = remedyCapFen(c, outcome.remedy);
        expect(reversalAmountFen(c, outcome)).toBeLessThanOrEqual(cap ?? 0);
      }
      for (const e of rec.ledger) expect(e.amountFen).toBeGreaterThan(0);
    }), { numRuns: 500 });
  });

  it('refuses every remedy a complaint type does not allow, and any amount above the cap', () => {
    fc.assert(fc.property(arbComplaint, arbFacts, fc.constantFrom(...COMPLAINT_REMEDIES), fc.integer({ min: 1, max: 100_000 }), (c, f, remedy, extra) => {
      const allowed = allowedRemedies(c.detail.complaintType, rb).includes(remedy);
      const r = checkDecision(c, decide({ type: 'reverse', extent: 'full', remedy }), f, rb);
      if (!allowed) expect(r.ok).toBe(false);
      const cap = remedyCapFen(c, remedy);
      if (cap !== null) {
        const above = checkDecision(c, decide({ type: 'reverse', extent: 'partial', remedy, amountFen: cap + extra }), f, rb);
        expect(above.ok).toBe(false);
      }
    }), { numRuns: 300 });
  });
});

describe('merchant complaints: examples', () => {
  it('a refund of goods the buyer wore is reversed and recovered from the guarantee fund', () => {
    const c = complaintCase({ complaintType: 'arbitrary_refund', contestedFen: 39_900 });
    const rec = recommend(c, facts({ worn: true, merchantEvidenceCredible: true }), rb);
    expect(rec.body.outcome).toEqual({ type: 'reverse', extent: 'full', remedy: 'recover_refund', amountFen: 39_900 });
    expect(rec.ledger).toEqual([{ payer: 'platform_fund', payee: 'merchant', amountFen: 39_900, ruleRef: 'CMP-RF-1', purpose: 'remedy' }]);
    expect(rec.costBearer).toBe('platform_fund');
  });

  it('upholds when the buyer shows the goods arrived damaged, whatever the merchant\'s photos', () => {
    const c = complaintCase({ complaintType: 'arbitrary_refund', contestedFen: 68_000 });
    const rec = recommend(c, facts({ returnedDamaged: true, merchantEvidenceCredible: true, arrivedDamaged: true }), rb);
    expect(rec.body.outcome).toEqual({ type: 'uphold' });
    expect(rec.ruleRef).toBe('CMP-G-1');
    expect(rec.ledger).toEqual([]);
  });

  it('reverses only the established part', () => {
    const c = complaintCase({ complaintType: 'excessive_protection', contestedFen: 50_000 });
    const rec = recommend(c, facts({ buyerCausedDamage: true, merchantEvidenceCredible: true, establishedAmountFen: 20_000 }), rb);
    expect(rec.body.outcome).toEqual({ type: 'reverse', extent: 'partial', remedy: 'recover_refund', amountFen: 20_000 });
  });

  it('a fine for a rule not broken is refunded; a broken rule without notice still stands', () => {
    const c = complaintCase({ complaintType: 'arbitrary_fine', contestedFen: 30_000, order: null });
    expect(recommend(c, facts({ ruleBroken: false }), rb).ledger).toEqual([{ payer: 'platform', payee: 'merchant', amountFen: 30_000, ruleRef: 'CMP-FN-1', purpose: 'remedy' }]);
    const stands = recommend(c, facts({ ruleBroken: true, priorNotice: false }), rb);
    expect(stands.body.outcome).toEqual({ type: 'uphold' });
    expect(stands.clauses.map((x) => x.ref)).toContain('CMP-G-3');
  });

  it('a wrongful closure restores the store; a deposit is released only up to what is held', () => {
    const closure = complaintCase({ complaintType: 'arbitrary_closure', contestedFen: null, order: null });
    const rec = recommend(closure, facts({ ruleBroken: false }), rb);
    expect(rec.body.outcome).toEqual({ type: 'reverse', extent: 'full', remedy: 'restore_store' });
    expect(rec.ledger).toEqual([]);
    const deposit = complaintCase({ complaintType: 'withheld_deposit', contestedFen: 900_000, depositFen: 200_000, order: null });
    expect(recommend(deposit, facts({ depositObligationsOpen: false }), rb).body.outcome).toEqual({ type: 'reverse', extent: 'full', remedy: 'release_deposit', amountFen: 200_000 });
    expect(recommend(deposit, facts(), rb).body.outcome).toEqual({ type: 'uphold' });
  });

  it('refuses a remedy the complaint type does not allow, with the clause', () => {
    const c = complaintCase({ complaintType: 'arbitrary_fine', contestedFen: 30_000 });
    const r = checkDecision(c, decide({ type: 'reverse', extent: 'full', remedy: 'restore_store' }), facts({ ruleBroken: false }), rb);
    expect(r).toMatchObject({
      ok: false, violations: ['CMP-FN-1: "restore the store" is not a remedy for a complaint of arbitrary fine; allowed: refund the fine'],
      refusals: [{ code: 'remedy_not_allowed', params: { ruleRef: 'CMP-FN-1', remedy: 'restore_store', complaintType: 'arbitrary_fine', remedies: ['refund_fine'] } }],
    });
  });

  it('checks full and partial amounts', () => {
    const c = complaintCase({ complaintType: 'arbitrary_refund', contestedFen: 39_900 });
    const f = facts({ worn: true, merchantEvidenceCredible: true });
    expect(checkDecision(c, decide({ type: 'reverse', extent: 'full', remedy: 'recover_refund' }), f, rb)).toMatchObject({ ok: true, departure: false });
    expect(checkDecision(c, decide({ type: 'reverse', extent: 'full', remedy: 'recover_refund', amountFen: 10_000 }), f, rb).ok).toBe(false);
    expect(checkDecision(c, decide({ type: 'reverse', extent: 'partial', remedy: 'recover_refund' }), f, rb).ok).toBe(false);
    expect(checkDecision(c, decide({ type: 'reverse', extent: 'partial', remedy: 'recover_refund', amountFen: 10_000 }), f, rb)).toMatchObject({ ok: true, departure: true });
    expect(checkDecision(c, decide({ type: 'uphold' }), f, rb)).toMatchObject({ ok: true, departure: true });
  });

  it('a recovered refund is capped by what the buyer paid', () => {
    const c = complaintCase({ complaintType: 'arbitrary_refund', contestedFen: 50_000, order: order({ paidFen: 40_000 }) });
    expect(remedyCapFen(c, 'recover_refund')).toBe(40_000);
  });
});
