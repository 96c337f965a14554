/** Looking up clause texts and writing facts in both languages. */
import type { RuleRef } from '../domain';
import type { Rulebook } from './schema';
import type { ClauseText, Fact } from './types';

const indexes = new WeakMap<Rulebook, Map<string, ClauseText>>();

function index(rb: Rulebook): Map<string, ClauseText> {
  let byRef = indexes.get(rb);
  if (!byRef) {
    byRef = new Map(rb.clauses.map((c) => [c.ref, { ref: c.ref, text_zh: c.text_zh, text_en: c.text_en }]));
    indexes.set(rb, byRef);
  }
  return byRef;
}

/** The clause `ref` of the rulebook. A parsed rulebook defines every clause it cites. */
export function clause(rb: Rulebook, ref: RuleRef): ClauseText {
  const found = index(rb).get(ref);
  if (!found) throw new Error(`rulebook ${rb.version} has no clause ${ref}`);
  return found;
}

/** The clauses of `refs`, each once, in order of first citation. */
export function clauses(rb: Rulebook, refs: readonly RuleRef[]): ClauseText[] {
  return [...new Set(refs)].map((ref) => clause(rb, ref));
}

export function hasClause(rb: Rulebook, ref: string): boolean {
  return index(rb).has(ref);
}

export function fact(code: string, text_zh: string, text_en: string): Fact {
  return { code, text_zh, text_en };
}

/** "3 days 4 hours" / "3天4小时" for windows measured from sign-off. */
export function duration(ms: number): { zh: string; en: string } {
  const hours = Math.floor(Math.max(0, ms) / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (days === 0) return { zh: `${rest}小时`, en: `${rest} hours` };
  return { zh: `${days}天${rest}小时`, en: `${days} days ${rest} hours` };
}
