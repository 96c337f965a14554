import { describe, expect, it } from 'vitest';
import { Rulebook } from './schema';
import { fixtureRulebook } from './test-fixtures';

/** A deep copy to break, so each test starts from a valid rulebook. */
function copy(): Rulebook {
  return structuredClone(fixtureRulebook());
}

function problems(rb: unknown): string[] {
  const r = Rulebook.safeParse(rb);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the rulebook schema', () => {
  it('accepts the inline fixture', () => {
    expect(problems(copy())).toEqual([]);
  });

  it('refuses a cited clause the rulebook does not define, and a clause defined twice', () => {
    const rb = copy();
    rb.clauses = rb.clauses.filter((c) => c.ref !== 'REF-DP-1');
    expect(problems(rb)).toEqual(['refunds.deadPlant.ref: cites clause REF-DP-1, which the rulebook does not define']);
    const twice = copy();
    const [first] = twice.clauses;
    if (first) twice.clauses.push({ ...first });
    expect(problems(twice)[0]).toMatch(/is defined twice/);
  });

  it('refuses a ladder that descends', () => {
    const rb = copy();
    const ladder = rb.violations.categories.false_advertising.ladder;
    ladder.splice(5, 2, ...ladder.slice(5, 7).reverse());
    expect(problems(rb)).toEqual(['violations.categories.false_advertising.ladder.6: step 6 is lighter than step 5: the ladder must not descend']);
  });

  it('refuses a graver severity entering lower on the ladder', () => {
    const rb = copy();
    rb.violations.categories.blind_box.entry.serious = 0;
    expect(problems(rb)).toContain('violations.categories.blind_box.entry.serious: a serious offence starts lower on the ladder than a lighter one');
  });

  it('refuses a ladder fine above the category maximum, and an entry beyond the ladder', () => {
    const rb = copy();
    rb.violations.categories.price_fraud.maxFineFen = 1;
    rb.violations.categories.price_fraud.entry.extremely_serious = 99;
    expect(problems(rb).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a dismissal as a ladder step', () => {
    const rb = copy();
    (rb.violations.categories.price_fraud.ladder as unknown[])[0] = { ref: 'VIO-C4-2.1', outcome: { type: 'dismiss' } };
    expect(problems(rb)).toContain('violations.categories.price_fraud.ladder.0.outcome: dismissal is not a step of the penalty ladder');
  });

  it('refuses four-eyes data without store closure', () => {
    const rb = copy();
    rb.fourEyes.alwaysOutcomes = ['remove_creator'];
    expect(problems(rb)).toEqual(['fourEyes.alwaysOutcomes: store closure always needs a second person']);
  });

  it('refuses an SLA that loosens with urgency, and a remedy a type does not allow', () => {
    const rb = copy();
    rb.sla.appeal.byPriorityMs = [5 * 3_600_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000];
    rb.complaints.types.arbitrary_fine.remedy = 'restore_store';
    expect(problems(rb)).toEqual([
      'complaints.types.arbitrary_fine.remedy: recommends restore_store, which it does not allow',
      'sla.appeal.byPriorityMs.1: a less urgent priority may not have a shorter SLA',
    ]);
  });

  it('refuses a money remedy without payer and payee, and shares above the whole', () => {
    const rb = copy();
    rb.complaints.remedies.refund_fine = { ref: 'CMP-RM-2', payer: null, payee: null };
    expect(problems(rb)).toEqual(['complaints.remedies.refund_fine: a money remedy names its payer and payee']);
    const bp = copy();
    bp.refunds.deadPlant.compensationBp = 10_001;
    expect(problems(bp).length).toBe(1);
  });
});
