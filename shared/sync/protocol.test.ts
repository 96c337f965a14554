/**
 * The push answer from a newer service: a conflict reason or rejection code this side does not
 * know still parses (one unknown answer must not fail the whole batch's answer), known ones are
 * recognised, and a malformed code is still refused.
 */
import { describe, expect, it } from 'vitest';
import { isKnownConflictReason, isKnownRejectCode, PushResponse } from './protocol';

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const current = { decision: null, caseVersion: 3, lease: null };

describe('PushResponse', () => {
  it('parses a conflict reason and a rejection code from a newer service beside known ones', () => {
    const parsed = PushResponse.parse({
      results: [
        { status: 'accepted', decisionId: id(1), mutationId: 1, caseVersion: 2 },
        { status: 'conflict', decisionId: id(2), mutationId: 2, reason: 'merchant_settled', message: 'the merchant settled with the buyer before the decision arrived', current },
        { status: 'conflict', decisionId: id(3), mutationId: 3, reason: 'lease_lost', current },
        { status: 'rejected', decisionId: id(4), mutationId: 4, code: 'rate_limited', message: 'too many decisions this minute' },
      ],
    });
    const [, newer, known, rejected] = parsed.results;
    expect(newer).toMatchObject({ status: 'conflict', reason: 'merchant_settled', message: 'the merchant settled with the buyer before the decision arrived' });
    expect(known).toMatchObject({ status: 'conflict', reason: 'lease_lost' });
    expect(known && 'message' in known).toBe(false);
    expect(rejected).toMatchObject({ status: 'rejected', code: 'rate_limited' });
    expect(isKnownConflictReason('merchant_settled')).toBe(false);
    expect(isKnownConflictReason('lease_lost')).toBe(true);
    expect(isKnownRejectCode('rate_limited')).toBe(false);
    expect(isKnownRejectCode('forbidden')).toBe(true);
  });

  it('still refuses a reason that is not a code', () => {
    for (const reason of ['', 'Lease Lost', 'x'.repeat(65), 'lease-lost']) {
      expect(PushResponse.safeParse({ results: [{ status: 'conflict', decisionId: id(1), mutationId: 1, reason, current }] }).success, reason).toBe(false);
    }
  });
});
