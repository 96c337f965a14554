/**
 * The demo follows the shipped rulebook, so what the console recommends and checks agrees
 * with the data: SLA deadlines come from its table (by kind and priority, 1 most urgent) and
 * penalties (proposed fines, decisions under appeal) from its category ladders.
 */
import type { CaseKind, Severity, ViolationCategory, ViolationOutcome } from '../../shared/domain';
import { penaltyFor, slaMs } from '../../shared/rulebook';
import { loadRulebook } from '../rulebook';

const rulebook = loadRulebook();

export function slaFor(kind: CaseKind, priority: number): number {
  return slaMs(kind, priority, rulebook);
}

/** What the rulebook gives for a confirmed offence, and the ladder clause it cites. */
export function ladderPenalty(offence: { category: ViolationCategory; severity: Severity; priorOffences: number; harm: boolean; subjectIsCreator: boolean }): { outcome: ViolationOutcome; ruleRef: string } {
  const found = penaltyFor({ ...offence, confirmed: true }, rulebook);
  return { outcome: found.outcome, ruleRef: found.ruleRef };
}
