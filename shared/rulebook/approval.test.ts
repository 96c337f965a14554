import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_KINDS } from '../domain';
import { approvalGrounds, needsApproval } from './approval';
import { slaDueAt, slaMs } from './sla';
import { arbRulebook, fixtureRulebook, HOUR, T0 } from './test-fixtures';

const rb = fixtureRulebook();

describe('four-eyes', () => {
  it('every store closure needs approval, in any valid rulebook', () => {
    fc.assert(fc.property(arbRulebook, (book) => {
      expect(needsApproval({ kind: 'violation', outcome: { type: 'close_store' } }, book)).toBe(true);
      expect(approvalGrounds({ kind: 'violation', outcome: { type: 'close_store' } }, book)[0]?.ref).toBe(book.fourEyes.refs.closure);
    }), { numRuns: 100 });
  });

  it('fines and suspensions need approval exactly above their thresholds, in any valid rulebook', () => {
    fc.assert(fc.property(arbRulebook, fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 90 }), (book, amountFen, days) => {
      expect(needsApproval({ kind: 'violation', outcome: { type: 'fine', amountFen } }, book)).toBe(amountFen > book.fourEyes.fineAboveFen);
      expect(needsApproval({ kind: 'violation', outcome: { type: 'suspend_store', days } }, book)).toBe(days > book.fourEyes.suspensionAboveDays);
    }), { numRuns: 200 });
  });

  it('light penalties, refunds and appeals take effect at once', () => {
    expect(needsApproval({ kind: 'violation', outcome: { type: 'warning' } }, rb)).toBe(false);
    expect(needsApproval({ kind: 'violation', outcome: { type: 'fine', amountFen: 50_000 } }, rb)).toBe(false);
    expect(needsApproval({ kind: 'violation', outcome: { type: 'fine', amountFen: 50_001 } }, rb)).toBe(true);
    expect(needsApproval({ kind: 'refund_dispute', outcome: { type: 'full_refund' } }, rb)).toBe(false);
    expect(needsApproval({ kind: 'appeal', outcome: { type: 'overturn' } }, rb)).toBe(false);
  });

  it('large fund compensation and restoring a store need approval', () => {
    expect(needsApproval({ kind: 'refund_dispute', outcome: { type: 'fund_compensation', amountFen: 100_001 } }, rb)).toBe(true);
    expect(needsApproval({ kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy: 'restore_store' } }, rb)).toBe(true);
    expect(needsApproval({ kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy: 'refund_fine' } }, rb)).toBe(false);
  });

  it('creator removal needs approval when the rulebook says so', () => {
    expect(needsApproval({ kind: 'violation', outcome: { type: 'remove_creator' } }, rb)).toBe(false);
    const strict = { ...rb, fourEyes: { ...rb.fourEyes, alwaysOutcomes: ['close_store', 'remove_creator'] as Array<'close_store' | 'remove_creator'> } };
    expect(needsApproval({ kind: 'violation', outcome: { type: 'remove_creator' } }, strict)).toBe(true);
  });
});

describe('SLA', () => {
  it('is never shorter for a less urgent priority', () => {
    for (const kind of CASE_KINDS) {
      for (let p = 1; p < 5; p += 1) expect(slaMs(kind, p, rb)).toBeLessThanOrEqual(slaMs(kind, p + 1, rb));
    }
  });

  it('gives the due time from creation', () => {
    expect(slaMs('violation', 1, rb)).toBe(HOUR);
    expect(slaDueAt({ kind: 'refund_dispute', priority: 2, createdAt: T0 }, rb)).toBe(T0 + 4 * HOUR);
    expect(slaMs('violation', 9, rb)).toBe(16 * HOUR);
  });
});
