import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, SUBJECT_TYPES, VIOLATION_CATEGORIES, ViolationOutcome, type Severity } from '../domain';
import { checkDecision } from './check';
import { defaultFacts, ViolationFacts } from './facts';
import { comparePenalties, penaltyRank } from './penalty';
import { recommend } from './recommend';
import { arbRulebook, fixtureRulebook, violationCase } from './test-fixtures';
import { penaltyFor, type Offence } from './violations';

const rb = fixtureRulebook();

const arbOffence: fc.Arbitrary<Offence> = fc.record({
  category: fc.constantFrom(...VIOLATION_CATEGORIES),
  severity: fc.constantFrom(...SEVERITIES),
  priorOffences: fc.integer({ min: 0, max: 30 }),
  harm: fc.boolean(),
  subjectIsCreator: fc.boolean(),
  confirmed: fc.constant(true),
});

const heavier = (s: Severity, t: Severity): boolean => SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(t);

describe('the penalty ladder', () => {
  it('is never lighter for a more severe offence, in any valid rulebook', () => {
    fc.assert(fc.property(arbRulebook, arbOffence, fc.constantFrom(...SEVERITIES), (book, o, other) => {
      const [lo, hi] = heavier(other, o.severity) ? [o.severity, other] : [other, o.severity];
      const lighter = penaltyFor({ ...o, severity: lo }, book).outcome;
      const graver = penaltyFor({ ...o, severity: hi }, book).outcome;
      expect(comparePenalties(lighter, graver)).toBeLessThanOrEqual(0);
    }), { numRuns: 300 });
  });

  it('is never lighter for more repeat offences, in any valid rulebook', () => {
    fc.assert(fc.property(arbRulebook, arbOffence, fc.integer({ min: 0, max: 30 }), (book, o, more) => {
      const first = penaltyFor(o, book).outcome;
      const repeated = penaltyFor({ ...o, priorOffences: o.priorOffences + more }, book).outcome;
      expect(comparePenalties(first, repeated)).toBeLessThanOrEqual(0);
    }), { numRuns: 300 });
  });

  it('is never lighter when harm resulted', () => {
    fc.assert(fc.property(arbRulebook, arbOffence, (book, o) => {
      expect(comparePenalties(penaltyFor({ ...o, harm: false }, book).outcome, penaltyFor({ ...o, harm: true }, book).outcome)).toBeLessThanOrEqual(0);
    }), { numRuns: 200 });
  });

  it('gives valid outcomes with amounts never negative and within the category caps', () => {
    fc.assert(fc.property(arbRulebook, arbOffence, (book, o) => {
      const found = penaltyFor(o, book);
      expect(ViolationOutcome.safeParse(found.outcome).success).toBe(true);
      const rules = book.violations.categories[o.category];
      if (found.outcome.type === 'fine') {
        expect(found.outcome.amountFen).toBeGreaterThan(0);
        expect(found.outcome.amountFen).toBeLessThanOrEqual(rules.maxFineFen);
      }
      if (found.outcome.type === 'suspend_store') expect(found.outcome.days).toBeLessThanOrEqual(rules.maxSuspendDays);
      expect(book.clauses.some((c) => c.ref === found.ruleRef)).toBe(true);
    }), { numRuns: 200 });
  });

  it('gives a first minor offence without harm a warning, whatever the category', () => {
    for (const category of VIOLATION_CATEGORIES) {
      const found = penaltyFor({ category, severity: 'minor', priorOffences: 0, harm: false, subjectIsCreator: false, confirmed: true }, rb);
      expect(found.outcome).toEqual({ type: 'warning' });
      expect(found.ruleRef).toBe('VIO-G-2');
    }
  });

  it('counts a first inducement offence with harm, and climbs two steps per repeat there', () => {
    const o: Offence = { category: 'inducement_interaction', severity: 'minor', priorOffences: 0, harm: true, subjectIsCreator: false, confirmed: true };
    expect(penaltyFor(o, rb).outcome).toEqual({ type: 'warning' });
    expect(penaltyFor({ ...o, priorOffences: 1 }, rb).outcome).toEqual({ type: 'interrupt_live' });
    expect(penaltyFor({ ...o, priorOffences: 2 }, rb).outcome).toEqual({ type: 'deduct_points', points: 4 });
    expect(penaltyFor({ ...o, priorOffences: 50 }, rb).outcome).toEqual({ type: 'close_store' });
  });

  it('removes a creator rather than closing a store at the top of the ladder', () => {
    const o: Offence = { category: 'false_advertising', severity: 'extremely_serious', priorOffences: 9, harm: true, subjectIsCreator: true, confirmed: true };
    const found = penaltyFor(o, rb);
    expect(found.outcome).toEqual({ type: 'remove_creator' });
    expect(found.refs).toContain('VIO-G-4');
  });

  it('dismisses when the violation is not confirmed', () => {
    const c = violationCase({ severity: 'serious' });
    const rec = recommend(c, ViolationFacts.parse({ kind: 'violation', violationConfirmed: false }), rb);
    expect(rec.body).toEqual({ kind: 'violation', outcome: { type: 'dismiss' } });
    expect(rec.ledger).toEqual([]);
  });
});

describe('recommending and re-checking violation decisions', () => {
  it('a recommendation always passes its own re-check, without departure', () => {
    fc.assert(fc.property(
      fc.constantFrom(...VIOLATION_CATEGORIES), fc.constantFrom(...SEVERITIES), fc.integer({ min: 0, max: 12 }), fc.boolean(), fc.constantFrom(...SUBJECT_TYPES),
      (category, severity, priors, harm, subjectType) => {
        const c = violationCase({ category, severity, priors, harm, subjectType });
        const facts = defaultFacts('violation');
        const rec = recommend(c, facts, rb);
        expect(checkDecision(c, rec.body, facts, rb)).toMatchObject({ ok: true, departure: false });
        const fine = rec.body.kind === 'violation' && rec.body.outcome.type === 'fine' ? rec.body.outcome.amountFen : 0;
        expect(rec.ledger.reduce((s, e) => s + e.amountFen, 0)).toBe(fine);
      }), { numRuns: 200 });
  });

  it('explains a fine with its ladder clause, the category clause and the repeat clause', () => {
    const c = violationCase({ category: 'false_advertising', severity: 'serious', priors: 1 });
    const rec = recommend(c, defaultFacts('violation'), rb);
    expect(rec.body).toEqual({ kind: 'violation', outcome: { type: 'fine', amountFen: 30_000 } });
    expect(rec.ruleRef).toBe('VIO-C0-2.6');
    expect(rec.clauses.map((x) => x.ref)).toEqual(['VIO-C0-2.6', 'VIO-C0-1', 'VIO-G-3']);
    expect(rec.facts.map((f) => f.code)).toEqual(['violation', 'prior_offences', 'harm', 'ladder_step', 'recommended']);
    expect(rec.ledger).toEqual([{ payer: 'merchant', payee: 'platform', amountFen: 30_000, ruleRef: 'VIO-C0-2.6', purpose: 'fine' }]);
    expect(rec.costBearer).toBe('merchant');
  });

  it('charges a fine on a creator to the creator', () => {
    const c = violationCase({ category: 'false_advertising', severity: 'serious', priors: 1, subjectType: 'creator' });
    expect(recommend(c, defaultFacts('violation'), rb).ledger[0]?.payer).toBe('creator');
  });

  it('refuses a fine above the category maximum', () => {
    const c = violationCase({ severity: 'extremely_serious', priors: 0 });
    const r = checkDecision(c, { kind: 'violation', outcome: { type: 'fine', amountFen: 100_001 } }, defaultFacts('violation'), rb);
    expect(r).toMatchObject({
      ok: false, violations: ['VIO-C0-1: a fine of ¥1,000.01 is above the false or exaggerated advertising maximum of ¥1,000.00'],
      refusals: [{ code: 'fine_above_maximum', params: { ruleRef: 'VIO-C0-1', amountFen: 100_001, maxFen: 100_000, category: 'false_advertising' } }],
    });
  });

  it('refuses a suspension above the category maximum', () => {
    const c = violationCase({ severity: 'extremely_serious' });
    const r = checkDecision(c, { kind: 'violation', outcome: { type: 'suspend_store', days: 30 } }, defaultFacts('violation'), rb);
    expect(r.ok).toBe(false);
  });

  it('refuses any penalty where no violation is established', () => {
    const c = violationCase();
    const r = checkDecision(c, { kind: 'violation', outcome: { type: 'warning' } }, ViolationFacts.parse({ kind: 'violation', violationConfirmed: false }), rb);
    expect(r).toMatchObject({ ok: false, violations: ['VIO-G-1: no violation is established, so no penalty may be imposed'], refusals: [{ code: 'violation_not_established', params: { ruleRef: 'VIO-G-1' } }] });
  });

  it('refuses removing a creator where the case has none', () => {
    const c = violationCase({ severity: 'extremely_serious', priors: 5 });
    const r = checkDecision(c, { kind: 'violation', outcome: { type: 'remove_creator' } }, defaultFacts('violation'), rb);
    expect(r).toMatchObject({ ok: false, violations: ['VIO-G-5: there is no creator in this case to remove'], refusals: [{ code: 'no_creator_to_remove', params: { ruleRef: 'VIO-G-5' } }] });
  });

  it('refuses a penalty far above the ladder (an arbitrary closure) but allows a lighter one as a departure', () => {
    const c = violationCase({ severity: 'general' });
    const closure = checkDecision(c, { kind: 'violation', outcome: { type: 'close_store' } }, defaultFacts('violation'), rb);
    expect(closure.ok).toBe(false);
    if (!closure.ok) expect(closure.violations[0]).toMatch(/^VIO-G-6: store closure is 6 rungs above the product removal/);
    const lighter = checkDecision(c, { kind: 'violation', outcome: { type: 'warning' } }, defaultFacts('violation'), rb);
    expect(lighter).toMatchObject({ ok: true, departure: true });
    const slightlyHeavier = checkDecision(c, { kind: 'violation', outcome: { type: 'restrict_traffic', days: 3 } }, defaultFacts('violation'), rb);
    expect(slightlyHeavier).toMatchObject({ ok: true, departure: true });
  });

  it('uses re-graded severity and prior count from the facts', () => {
    const c = violationCase({ severity: 'minor' });
    const rec = recommend(c, ViolationFacts.parse({ kind: 'violation', severity: 'serious', priorOffences: 2 }), rb);
    expect(rec.body.outcome).toEqual({ type: 'fine', amountFen: 100_000 }); // serious starts at step 5, two repeats: step 7
  });

  it('monotone in the shipped-style ladder: rank never falls across all inputs of the fixture', () => {
    for (const category of VIOLATION_CATEGORIES) {
      let previous = -1;
      for (const severity of SEVERITIES) {
        const rank = penaltyRank(penaltyFor({ category, severity, priorOffences: 0, harm: true, subjectIsCreator: false, confirmed: true }, rb).outcome);
        expect(rank).toBeGreaterThanOrEqual(previous);
        previous = rank;
      }
    }
  });
});
