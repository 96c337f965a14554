import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, VIOLATION_CATEGORIES, type AppealCase, type ViolationOutcome } from '../domain';
import { appealFactsFor, contestedViolationOf, ladderFacts } from './contested';
import { AppealFacts, ViolationFacts, defaultFacts } from './facts';
import { recommend } from './recommend';
import { appealCase, fixtureRulebook, violationCase } from './test-fixtures';

const rb = fixtureRulebook();

/** An appeal against `outcome` decided on `original`, saying what that violation was, as decided with `facts`. */
function appealOn(original: ReturnType<typeof violationCase>, outcome: ViolationOutcome, facts: ViolationFacts | null): AppealCase {
  const c = appealCase(outcome);
  return { ...c, detail: { ...c.detail, contested: { ...c.detail.contested, violation: contestedViolationOf(original, facts) } } };
}

describe('the ladder for a contested violation', () => {
  it('gives what the rulebook recommends for the violation itself, decided with the same facts', () => {
    fc.assert(fc.property(
      fc.constantFrom(...VIOLATION_CATEGORIES), fc.constantFrom(...SEVERITIES), fc.integer({ min: 0, max: 6 }), fc.boolean(), fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      (category, severity, priors, harm, priorOffences) => {
        const original = violationCase({ category, severity, priors, harm });
        const facts = ViolationFacts.parse({ kind: 'violation', priorOffences });
        const ladder = recommend(original, facts, rb).body.outcome;
        const appeal = appealOn(original, { type: 'close_store' }, facts);
        expect(appealFactsFor(appeal, defaultFacts('appeal'), rb).rulebookOutcome).toEqual(ladder);
      },
    ), { numRuns: 300 });
  });

  it('recommends lowering an over-heavy fine to the ladder\'s, with the ladder\'s facts and clauses', () => {
    // The first false-advertising offence the ladder fines for: the contested fine is five times that.
    const original = [0, 1, 2, 3, 4].map((priors) => violationCase({ category: 'false_advertising', severity: 'serious', priors }))
      .find((c) => recommend(c, defaultFacts('violation'), rb).body.outcome.type === 'fine');
    if (!original) throw new Error('the fixture ladder never fines a serious false advertisement');
    const ladder = recommend(original, defaultFacts('violation'), rb);
    const fine = ladder.body.kind === 'violation' && ladder.body.outcome.type === 'fine' ? ladder.body.outcome.amountFen : 0;
    const appeal = appealOn(original, { type: 'fine', amountFen: fine * 5 }, null);
    const facts = appealFactsFor(appeal, defaultFacts('appeal'), rb);
    const rec = recommend(appeal, facts, rb);
    expect(rec.body).toEqual({ kind: 'appeal', outcome: { type: 'modify', fineFen: fine } });
    expect(rec.facts.map((f) => f.code)).toEqual(expect.arrayContaining(['contested', 'violation', 'prior_offences', 'ladder_step', 'rulebook_outcome', 'rulebook_lighter']));
    expect(rec.clauses.map((c) => c.ref)).toEqual(expect.arrayContaining([rec.ruleRef, ladder.ruleRef]));
  });

  it('leaves the facts as given when the appeal does not say what the violation was', () => {
    const stated = AppealFacts.parse({ kind: 'appeal', rulebookOutcome: { type: 'warning' } });
    expect(appealFactsFor(appealCase({ type: 'fine', amountFen: 30_000 }), stated, rb)).toEqual(stated);
    expect(ladderFacts(appealCase({ type: 'fine', amountFen: 30_000 }), stated, rb)).toEqual({ facts: stated });
  });

  it('refuses a stated rulebook outcome the ladder does not give, with both in the refusal', () => {
    const original = violationCase({ category: 'false_advertising', severity: 'serious', priors: 0 });
    const ladder = recommend(original, defaultFacts('violation'), rb).body.outcome;
    const appeal = appealOn(original, { type: 'close_store' }, null);
    const judged = ladderFacts(appeal, AppealFacts.parse({ kind: 'appeal', rulebookOutcome: { type: 'warning' } }), rb);
    expect(judged).toMatchObject({
      refusal: { code: 'rulebook_outcome_differs', params: { given: { kind: 'violation', outcome: { type: 'warning' } }, computed: { kind: 'violation', outcome: ladder } } },
    });
    expect(ladderFacts(appeal, AppealFacts.parse({ kind: 'appeal', rulebookOutcome: ladder }), rb)).toEqual({ facts: AppealFacts.parse({ kind: 'appeal', rulebookOutcome: ladder }) });
  });
});
