import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppealOutcome, ViolationOutcome } from '../domain';
import { penaltyAfterAppeal } from './appeals';
import { checkDecision } from './check';
import { AppealFacts, defaultFacts } from './facts';
import { ledgerEntries, netByParty } from './ledger';
import { comparePenalties } from './penalty';
import { recommend } from './recommend';
import { appealCase, arbPenaltyStep, fixtureRulebook, violationCase } from './test-fixtures';

const rb = fixtureRulebook();
const decide = (outcome: AppealOutcome) => ({ kind: 'appeal' as const, outcome });

const arbModify: fc.Arbitrary<AppealOutcome> = fc.record({
  fineFen: fc.option(fc.integer({ min: 0, max: 6_000_000 }), { nil: undefined }),
  suspendDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
}).filter((m) => m.fineFen !== undefined || m.suspendDays !== undefined).map((m) => ({ type: 'modify' as const, ...m }));
const arbAppealOutcome = fc.oneof(fc.constant<AppealOutcome>({ type: 'uphold' }), fc.constant<AppealOutcome>({ type: 'overturn' }), arbModify);

describe('appeals: modify never raises', () => {
  it('a modification that passes the re-check strictly lowers the fine or shortens the suspension, and never changes its kind', () => {
    fc.assert(fc.property(arbPenaltyStep, arbModify, (contested, modify) => {
      const c = appealCase(contested);
      const r = checkDecision(c, decide(modify), defaultFacts('appeal'), rb);
      if (!r.ok || modify.type !== 'modify') return;
      const after = penaltyAfterAppeal(c, modify);
      expect(after.type).toBe(contested.type);
      expect(comparePenalties(after, contested)).toBeLessThan(0);
    }), { numRuns: 1_000 });
    // The same, with modifications drawn close to the contested fine, on both sides of it.
    fc.assert(fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: -3, max: 3 }), (fine, delta) => {
      const c = appealCase({ type: 'fine', amountFen: fine });
      const modify: AppealOutcome = { type: 'modify', fineFen: Math.max(0, fine + delta) };
      const r = checkDecision(c, decide(modify), defaultFacts('appeal'), rb);
      expect(r.ok).toBe(fine + delta < fine && fine + delta >= 1);
    }), { numRuns: 300 });
  });

  it('refuses every modification that would raise or keep a fine or a suspension', () => {
    // Equal is the edge that matters: keeping the penalty is not a modification either.
    const arbMore = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 5_000_000 }), arbMore, (fine, more) => {
      const r = checkDecision(appealCase({ type: 'fine', amountFen: fine }), decide({ type: 'modify', fineFen: fine + more }), defaultFacts('appeal'), rb);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.violations[0]).toMatch(/^APL-3: a modification may only lower the fine/);
    }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 90 }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 90 })), (days, more) => {
      const r = checkDecision(appealCase({ type: 'suspend_store', days }), decide({ type: 'modify', suspendDays: Math.min(90, days + more) }), defaultFacts('appeal'), rb);
      expect(r.ok).toBe(false);
    }));
  });

  it('no appeal outcome leaves a penalty heavier than the one contested', () => {
    fc.assert(fc.property(arbPenaltyStep, arbAppealOutcome, (contested, outcome) => {
      const c = appealCase(contested);
      expect(comparePenalties(penaltyAfterAppeal(c, outcome), contested)).toBeLessThanOrEqual(0);
    }), { numRuns: 500 });
  });

  it('refuses changing the kind of penalty or lowering to nothing', () => {
    const fine = appealCase({ type: 'fine', amountFen: 30_000 });
    expect(checkDecision(fine, decide({ type: 'modify', suspendDays: 3 }), defaultFacts('appeal'), rb).ok).toBe(false);
    expect(checkDecision(fine, decide({ type: 'modify', fineFen: 0 }), defaultFacts('appeal'), rb)).toEqual({
      ok: false, violations: ['APL-2: lowering a fine to nothing is an overturn'],
      refusals: [{ code: 'modify_fine_to_nothing', params: { ruleRef: 'APL-2' }, message: 'APL-2: lowering a fine to nothing is an overturn' }],
    });
    const closure = appealCase({ type: 'close_store' });
    expect(checkDecision(closure, decide({ type: 'modify', suspendDays: 30 }), defaultFacts('appeal'), rb)).toEqual({
      ok: false, violations: ['APL-4: only a fine or a suspension can be modified; store closure is upheld or overturned'],
      refusals: [{
        code: 'modify_not_fine_or_suspension', params: { ruleRef: 'APL-4', contested: { kind: 'violation', outcome: { type: 'close_store' } } },
        message: 'APL-4: only a fine or a suspension can be modified; store closure is upheld or overturned',
      }],
    });
  });
});

describe('appeals: recommendations and the ledger', () => {
  it('overturns when the violation is not established, reversing the fine exactly', () => {
    const original = violationCase({ category: 'false_advertising', severity: 'serious', priors: 1 });
    const originalLedger = ledgerEntries(original, { kind: 'violation', outcome: { type: 'fine', amountFen: 30_000 } }, rb, 'VIO-C0-2.6');
    const c = appealCase({ type: 'fine', amountFen: 30_000 });
    const rec = recommend(c, AppealFacts.parse({ kind: 'appeal', violationEstablished: false }), rb);
    expect(rec.body.outcome).toEqual({ type: 'overturn' });
    expect(rec.ledger).toEqual([{ payer: 'platform', payee: 'merchant', amountFen: 30_000, ruleRef: 'APL-2', purpose: 'reversal' }]);
    expect(Object.values(netByParty([...originalLedger, ...rec.ledger])).every((n) => n === 0)).toBe(true);
  });

  it('modifies to the lighter fine or suspension the rulebook gives', () => {
    const fine = appealCase({ type: 'fine', amountFen: 100_000 });
    const lighter = recommend(fine, AppealFacts.parse({ kind: 'appeal', rulebookOutcome: { type: 'fine', amountFen: 30_000 } }), rb);
    expect(lighter.body.outcome).toEqual({ type: 'modify', fineFen: 30_000 });
    expect(lighter.ledger).toEqual([{ payer: 'platform', payee: 'merchant', amountFen: 70_000, ruleRef: 'APL-3', purpose: 'reversal' }]);
    const suspension = appealCase({ type: 'suspend_store', days: 15 });
    expect(recommend(suspension, AppealFacts.parse({ kind: 'appeal', rulebookOutcome: { type: 'suspend_store', days: 3 } }), rb).body.outcome).toEqual({ type: 'modify', suspendDays: 3 });
  });

  it('overturns when the rulebook gives a lighter penalty of another kind, upholds when it gives the same or heavier', () => {
    const c = appealCase({ type: 'suspend_store', days: 15 });
    const other = recommend(c, AppealFacts.parse({ kind: 'appeal', rulebookOutcome: { type: 'warning' } }), rb);
    expect(other.body.outcome).toEqual({ type: 'overturn' });
    expect(other.clauses.map((x) => x.ref)).toEqual(['APL-2', 'APL-4', 'APL-5']);
    expect(recommend(c, AppealFacts.parse({ kind: 'appeal', rulebookOutcome: { type: 'suspend_store', days: 15 } }), rb).body.outcome).toEqual({ type: 'uphold' });
    expect(recommend(c, defaultFacts('appeal'), rb).body.outcome).toEqual({ type: 'uphold' });
  });

  it('a recommendation passes its own re-check', () => {
    fc.assert(fc.property(arbPenaltyStep, fc.boolean(), fc.option(arbPenaltyStep, { nil: undefined }), (contested, established, should) => {
      const c = appealCase(contested);
      const f = AppealFacts.parse({ kind: 'appeal', violationEstablished: established, rulebookOutcome: should });
      const rec = recommend(c, f, rb);
      expect(checkDecision(c, rec.body, f, rb)).toMatchObject({ ok: true, departure: false });
    }), { numRuns: 300 });
  });

  it('returns a creator\'s fine to the creator', () => {
    const c = appealCase({ type: 'fine', amountFen: 5_000 } satisfies ViolationOutcome, 'creator');
    expect(ledgerEntries(c, decide({ type: 'overturn' }), rb)).toEqual([{ payer: 'platform', payee: 'creator', amountFen: 5_000, ruleRef: 'APL-5', purpose: 'reversal' }]);
  });
});
