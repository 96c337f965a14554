/** Service levels: how long each queue may take to decide a case, by kind and priority (1 most urgent). */
import type { CaseKind, RuleRef } from '../domain';
import type { Rulebook } from './schema';

export function slaMs(kind: CaseKind, priority: number, rb: Rulebook): number {
  const byPriority = rb.sla[kind].byPriorityMs;
  // Priorities outside 1..5 are clamped: the case schema allows only 1..5.
  const index = Math.min(Math.max(Math.trunc(priority), 1), byPriority.length) - 1;
  return byPriority[index] ?? byPriority[4];
}

/** When a case created at `createdAt` is due. */
export function slaDueAt(c: { kind: CaseKind; priority: number; createdAt: number }, rb: Rulebook): number {
  return c.createdAt + slaMs(c.kind, c.priority, rb);
}

export function slaRef(kind: CaseKind, rb: Rulebook): RuleRef {
  return rb.sla[kind].ref;
}
