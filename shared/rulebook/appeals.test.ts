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

const arbNewPenalty: fc.Arbitrary<ViolationOutcome> = fc.oneof(arbPenaltyStep, fc.constant<ViolationOutcome>({ type: 'dismiss' }), fc.constant<ViolationOutcome>({ type: 'remove_creator' }));
const arbAmounts = fc.record({
  fineFen: fc.option(fc.integer({ min: 0, max: 6_000_000 }), { nil: undefined }),
  suspendDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
}).filter((m) => m.fineFen !== undefined || m.suspendDays !== undefined);
/** Amounts of the same kind, another penalty, or (wrongly) both. */
const arbModify: fc.Arbitrary<AppealOutcome> = fc.oneof(
  arbAmounts.map((m) => ({ type: 'modify' as const, ...m })),
  arbNewPenalty.map((penalty) => ({ type: 'modify' as const, penalty })),
  fc.tuple(arbAmounts, arbNewPenalty).map(([m, penalty]) => ({ type: 'modify' as const, ...m, penalty })),
);
const arbAppealOutcome = fc.oneof(fc.constant<AppealOutcome>({ type: 'uphold' }), fc.constant<AppealOutcome>({ type: 'overturn' }), arbModify);

describe('appeals: modify never raises', () => {
  it('a modification that passes the re-check strictly lightens the penalty: a lower fine, a shorter suspension or a lower step, never nothing and never a new fine', () => {
    const seen = { sameKind: 0, newKind: 0 };
    fc.assert(fc.property(arbPenaltyStep, arbModify, (contested, modify) => {
      const c = appealCase(contested);
      const r = checkDecision(c, decide(modify), defaultFacts('appeal'), rb);
      if (!r.ok || modify.type !== 'modify') return;
      const after = penaltyAfterAppeal(c, modify);
      expect(comparePenalties(after, contested)).toBeLessThan(0);
      expect(after.type).not.toBe('dismiss');
      if (after.type === 'fine') expect(contested.type).toBe('fine');
      if (after.type === contested.type) seen.sameKind++;
      else {
        seen.newKind++;
        expect(after).toEqual(modify.penalty);
      }
      // The money follows the penalty: what an appeal gives back is at most what was taken, and it takes nothing.
      const ledger = ledgerEntries(c, decide(modify), rb);
      for (const e of ledger) expect(e.purpose).toBe('reversal');
      const taken = contested.type === 'fine' ? contested.amountFen : 0;
      const left = after.type === 'fine' ? after.amountFen : 0;
      expect(ledger.reduce((n, e) => n + e.amountFen, 0)).toBe(taken - left);
    }), { numRuns: 2_000 });
    expect(seen.sameKind).toBeGreaterThan(5);
    expect(seen.newKind).toBeGreaterThan(20);
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

  it('refuses every modification to a penalty that is not a lower step', () => {
    fc.assert(fc.property(arbPenaltyStep, arbNewPenalty, (contested, penalty) => {
      const r = checkDecision(appealCase(contested), decide({ type: 'modify', penalty }), defaultFacts('appeal'), rb);
      if (comparePenalties(penalty, contested) >= 0) expect(r.ok).toBe(false);
      if (penalty.type === 'dismiss') expect(r.ok).toBe(false);
    }), { numRuns: 1_000 });
  });

  it('modifies product removal to a warning, returning nothing since nothing was taken; a fine to a warning returns the fine', () => {
    const removal = appealCase({ type: 'remove_product' });
    expect(checkDecision(removal, decide({ type: 'modify', penalty: { type: 'warning' } }), defaultFacts('appeal'), rb)).toMatchObject({ ok: true });
    expect(penaltyAfterAppeal(removal, { type: 'modify', penalty: { type: 'warning' } })).toEqual({ type: 'warning' });
    const fine = appealCase({ type: 'fine', amountFen: 30_000 });
    expect(ledgerEntries(fine, decide({ type: 'modify', penalty: { type: 'warning' } }), rb)).toEqual([{ payer: 'platform', payee: 'merchant', amountFen: 30_000, ruleRef: 'APL-3', purpose: 'reversal' }]);
    const suspension = appealCase({ type: 'suspend_store', days: 15 });
    expect(checkDecision(suspension, decide({ type: 'modify', penalty: { type: 'fine', amountFen: 100 } }), defaultFacts('appeal'), rb)).toMatchObject({
      ok: false, refusals: [{ code: 'modify_penalty_new_fine' }],
    });
    expect(checkDecision(removal, decide({ type: 'modify', penalty: { type: 'dismiss' } }), defaultFacts('appeal'), rb)).toMatchObject({ ok: false, refusals: [{ code: 'modify_penalty_to_nothing' }] });
    expect(checkDecision(removal, decide({ type: 'modify', penalty: { type: 'interrupt_live' } }), defaultFacts('appeal'), rb)).toMatchObject({ ok: false, refusals: [{ code: 'modify_penalty_not_lighter' }] });
    expect(checkDecision(removal, decide({ type: 'modify', penalty: { type: 'warning' }, suspendDays: 1 }), defaultFacts('appeal'), rb)).toMatchObject({ ok: false });
  });

  it('refuses a fine or days of another kind, or lowering to nothing', () => {
    const fine = appealCase({ type: 'fine', amountFen: 30_000 });
    expect(checkDecision(fine, decide({ type: 'modify', suspendDays: 3 }), defaultFacts('appeal'), rb).ok).toBe(false);
    expect(checkDecision(fine, decide({ type: 'modify', fineFen: 0 }), defaultFacts('appeal'), rb)).toEqual({
      ok: false, violations: ['APL-2: lowering a fine to nothing is an overturn'],
      refusals: [{ code: 'modify_fine_to_nothing', params: { ruleRef: 'APL-2' }, message: 'APL-2: lowering a fine to nothing is an overturn' }],
    });
    const closure = appealCase({ type: 'close_store' });
    expect(checkDecision(closure, decide({ type: 'modify', suspendDays: 30 }), defaultFacts('appeal'), rb)).toEqual({
      ok: false, violations: ['APL-4: a fine is lowered and a suspension shortened; store closure is modified only to a lighter kind of penalty, or upheld or overturned'],
      refusals: [{
        code: 'modify_not_fine_or_suspension', params: { ruleRef: 'APL-4', contested: { kind: 'violation', outcome: { type: 'close_store' } } },
        message: 'APL-4: a fine is lowered and a suspension shortened; store closure is modified only to a lighter kind of penalty, or upheld or overturned',
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

  it('modifies to a lighter penalty of another kind, overturns when that would be a new fine, upholds when it gives the same or heavier', () => {
    const c = appealCase({ type: 'suspend_store', days: 15 });
    const other = recommend(c, AppealFacts.parse({ kind: 'appeal', rulebookOutcome: { type: 'warning' } }), rb);
    expect(other.body.outcome).toEqual({ type: 'modify', penalty: { type: 'warning' } });
    expect(other.clauses.map((x) => x.ref)).toEqual(['APL-3']);
    const fine = recommend(c, AppealFacts.parse({ kind: 'appeal', rulebookOutcome: { type: 'fine', amountFen: 50_000 } }), rb);
    expect(fine.body.outcome).toEqual({ type: 'overturn' });
    expect(fine.clauses.map((x) => x.ref)).toEqual(['APL-2', 'APL-4', 'APL-5']);
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
