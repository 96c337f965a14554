import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, describeIssues, fieldPath } from './issues';

const Push = z.object({ decisions: z.array(z.object({ reason: z.string().min(1, 'a decision needs a written reason'), amountFen: z.number().int() })) });

describe('zod issues in words', () => {
  it('writes a path as code would: names joined by dots, indexes in brackets', () => {
    expect(fieldPath(['decisions', 0, 'body', 'outcome', 'amountFen'])).toBe('decisions[0].body.outcome.amountFen');
    expect(fieldPath([2, 'id'])).toBe('[2].id');
    expect(fieldPath([])).toBe('');
  });

  it('names the first bad field, or none at the top level', () => {
    const bad = Push.safeParse({ decisions: [{ reason: 'ok', amountFen: 1 }, { reason: '', amountFen: 1 }] });
    expect(!bad.success && describeIssue(bad.error)).toEqual({ field: 'decisions[1].reason', detail: 'a decision needs a written reason' });
    const top = Push.safeParse('nonsense');
    expect(!top.success && describeIssue(top.error).field).toBeNull();
  });

  it('lists up to three problems and counts the rest', () => {
    const bad = Push.safeParse({ decisions: [1, 2, 3, 4, 5].map(() => ({ reason: '', amountFen: 0.5 })) });
    expect(!bad.success && describeIssues(bad.error, 'push')).toMatch(/^decisions\[0\]\.reason: a decision needs a written reason; decisions\[0\]\.amountFen: .+; decisions\[1\]\.reason: .+ \(and 7 more problems\)$/);
    const top = z.string().safeParse(1);
    expect(!top.success && describeIssues(top.error, 'the body')).toMatch(/^the body: /);
  });
});
