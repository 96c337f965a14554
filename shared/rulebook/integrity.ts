/**
 * Checks across a whole rulebook that its parts' schemas cannot express: every cited clause
 * exists, ladders are monotone (a heavier or repeated offence is never treated more lightly),
 * caps cover the ladder, SLAs do not loosen with urgency, closures always need a second person.
 */
import { SEVERITIES } from '../domain';
import { comparePenalties } from './penalty';
import type { RulebookShape } from './schema';
import type { z } from 'zod';

export interface IntegrityProblem { path: Array<string | number>; message: string }

type Shape = z.infer<typeof RulebookShape>;

/** Every string under a key named `ref`, ending in `Ref`, or inside a `refs` object. */
function citedRefs(value: unknown, path: Array<string | number>, out: Array<{ path: Array<string | number>; ref: string }>, inRefs = false): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => citedRefs(v, [...path, i], out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    const here = [...path, key];
    if (typeof v === 'string' && (inRefs || key === 'ref' || key.endsWith('Ref'))) out.push({ path: here, ref: v });
    else citedRefs(v, here, out, key === 'refs');
  }
}

/** Every clause reference a rulebook section cites (for tests and tooling). */
export function refsCitedBy(section: unknown): string[] {
  const out: Array<{ path: Array<string | number>; ref: string }> = [];
  citedRefs(section, [], out);
  return out.map((c) => c.ref);
}

const MONEY_REMEDIES = new Set(['recover_refund', 'refund_fine', 'release_deposit']);

export function checkIntegrity(rb: Shape): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const problem = (path: Array<string | number>, message: string): void => { problems.push({ path, message }); };

  const known = new Set<string>();
  rb.clauses.forEach((c, i) => {
    if (known.has(c.ref)) problem(['clauses', i, 'ref'], `clause ${c.ref} is defined twice`);
    known.add(c.ref);
  });
  const cited: Array<{ path: Array<string | number>; ref: string }> = [];
  for (const section of ['violations', 'refunds', 'complaints', 'appeals', 'sla', 'fourEyes'] as const) citedRefs(rb[section], [section], cited);
  for (const { path, ref } of cited) if (!known.has(ref)) problem(path, `cites clause ${ref}, which the rulebook does not define`);

  for (const [category, rules] of Object.entries(rb.violations.categories)) {
    const at = ['violations', 'categories', category];
    let previousEntry = 0;
    for (const severity of SEVERITIES) {
      const entry = rules.entry[severity];
      if (entry >= rules.ladder.length) problem([...at, 'entry', severity], `entry ${entry} is beyond the ladder of ${rules.ladder.length} steps`);
      if (entry < previousEntry) problem([...at, 'entry', severity], `a ${severity} offence starts lower on the ladder than a lighter one`);
      previousEntry = entry;
    }
    rules.ladder.forEach((step, i) => {
      const previous = rules.ladder[i - 1];
      if (previous && comparePenalties(previous.outcome, step.outcome) > 0) problem([...at, 'ladder', i], `step ${i} is lighter than step ${i - 1}: the ladder must not descend`);
      const o = step.outcome;
      if (o.type === 'fine' && o.amountFen > rules.maxFineFen) problem([...at, 'ladder', i], 'fine above the category maximum');
      if (o.type === 'suspend_store' && o.days > rules.maxSuspendDays) problem([...at, 'ladder', i], 'suspension above the category maximum');
      if (o.type === 'deduct_points' && o.points > rules.maxPoints) problem([...at, 'ladder', i], 'points above the category maximum');
    });
  }

  for (const [type, rules] of Object.entries(rb.complaints.types)) {
    const at = ['complaints', 'types', type];
    if ((rules.test === 'none') !== (rules.remedy === null)) problem(at, 'a complaint type recommends a remedy exactly when it has a test for one');
    if (rules.remedy !== null && !rules.allowedRemedies.includes(rules.remedy)) problem([...at, 'remedy'], `recommends ${rules.remedy}, which it does not allow`);
  }
  for (const [remedy, rules] of Object.entries(rb.complaints.remedies)) {
    const movesMoney = rules.payer !== null && rules.payee !== null;
    if (MONEY_REMEDIES.has(remedy) !== movesMoney) problem(['complaints', 'remedies', remedy], MONEY_REMEDIES.has(remedy) ? 'a money remedy names its payer and payee' : 'this remedy moves no money');
    if (movesMoney && rules.payer === rules.payee) problem(['complaints', 'remedies', remedy], 'payer and payee must differ');
  }

  for (const [kind, rule] of Object.entries(rb.sla)) {
    rule.byPriorityMs.forEach((ms, i) => {
      const previous = rule.byPriorityMs[i - 1];
      if (previous !== undefined && ms < previous) problem(['sla', kind, 'byPriorityMs', i], 'a less urgent priority may not have a shorter SLA');
    });
  }

  if (!rb.fourEyes.alwaysOutcomes.includes('close_store')) problem(['fourEyes', 'alwaysOutcomes'], 'store closure always needs a second person');
  return problems;
}
