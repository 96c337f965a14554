/**
 * How a zod failure is put into words, the same in the console and the case service: the
 * field's path as code would write it (`decisions[0].body.outcome.amountFen`), then zod's message.
 */
import type { z } from 'zod';

/** `decisions[0].body.outcome.amountFen`; empty at the top level. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** The first problem: the field it is about (null at the top level) and what is wrong with it. */
export function describeIssue(error: z.ZodError): { field: string | null; detail: string } {
  const issue = error.issues[0];
  if (!issue) return { field: null, detail: 'invalid' };
  return { field: fieldPath(issue.path) || null, detail: issue.message };
}

/** Up to three problems, each `field: message` (`what` names the top level), e.g. `decisions[0].reason: a decision needs a written reason`. */
export function describeIssues(error: z.ZodError, what: string): string {
  const parts = error.issues.slice(0, 3).map((i) => `${fieldPath(i.path) || what}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return `${parts.join('; ')}${more}`;
}
