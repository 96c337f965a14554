/**
 * Which rulebook judges a decision: the latest version in force at the time it is made.
 * A decision records its version, and the case service re-checks it against that same one.
 */
import type { Rulebook } from './schema';

export function rulebookInForce(rulebooks: readonly Rulebook[], at: number): Rulebook | null {
  let best: Rulebook | null = null;
  for (const rb of rulebooks) {
    if (rb.effectiveFrom > at) continue;
    if (!best || rb.effectiveFrom > best.effectiveFrom || (rb.effectiveFrom === best.effectiveFrom && rb.version > best.version)) best = rb;
  }
  return best;
}
