/**
 * What the rulebook gives for the violation an appeal contests: the same ladder as for the
 * violation itself (category × severity × prior offences in the window → step), applied to the
 * contested case with the facts its decision established. The console and the case service
 * both derive an appeal's `rulebookOutcome` with these functions, from the appeal's
 * `detail.contested.violation`: the service fills it from its record of the contested decision,
 * the console from the appeal as replicated (or the contested case, when it replicates that).
 */
import { refusal, type AppealCase, type ContestedViolation, type Merchant, type Refusal, type ViolationDetail } from '../domain';
import type { AppealFacts, CaseFacts, ViolationFacts } from './facts';
import { comparePenalties, describePenalty } from './penalty';
import type { Rulebook } from './schema';
import { penaltyFor, type PenaltyFinding } from './violations';

/** The contested violation as decided: the case's own findings, re-graded by the decision's facts. */
export function contestedViolationOf(c: { detail: ViolationDetail; merchant: Merchant }, facts: ViolationFacts | null): ContestedViolation {
  return {
    category: c.detail.violationCategory,
    severity: facts?.severity ?? c.detail.severity,
    harm: facts?.harm ?? c.detail.harm,
    subjectType: c.detail.subject.type,
    priorOffences: facts?.priorOffences ?? c.merchant.priorViolations,
  };
}

/** The ladder's finding for the contested violation; null when the appeal does not say what it was. */
export function contestedFinding(c: AppealCase, rb: Rulebook): PenaltyFinding | null {
  const v = c.detail.contested.violation;
  if (!v) return null;
  return penaltyFor({
    category: v.category, severity: v.severity, priorOffences: v.priorOffences, harm: v.harm, subjectIsCreator: v.subjectType === 'creator', confirmed: true,
  }, rb);
}

/**
 * The reviewer's appeal facts with `rulebookOutcome` computed from the contested violation when
 * the appeal carries it; as given otherwise.
 */
export function appealFactsFor(c: AppealCase, f: AppealFacts, rb: Rulebook): AppealFacts {
  const finding = contestedFinding(c, rb);
  return finding ? { ...f, rulebookOutcome: finding.outcome } : f;
}

/**
 * The facts an appeal is judged by: `rulebookOutcome` as the ladder gives it (`appealFactsFor`).
 * Refused when the decision states another one: it was judged from other data than this judge
 * has (the case service's record of the contested decision is what counts). Other kinds: as given.
 */
export function ladderFacts(c: AppealCase, facts: CaseFacts, rb: Rulebook): { facts: CaseFacts } | { refusal: Refusal } {
  if (facts.kind !== 'appeal') return { facts };
  const computed = appealFactsFor(c, facts, rb);
  const given = facts.rulebookOutcome;
  const ladder = computed.rulebookOutcome;
  if (given && ladder && (given.type !== ladder.type || comparePenalties(given, ladder) !== 0)) {
    const ruleRef = contestedFinding(c, rb)?.ruleRef ?? rb.appeals.refs.modifyLowers;
    return {
      refusal: refusal('rulebook_outcome_differs', { given: { kind: 'violation', outcome: given }, computed: { kind: 'violation', outcome: ladder }, ruleRef },
        `facts.rulebookOutcome: the decision states that the rulebook gives ${describePenalty(given).en} for the contested violation, and by the record of it the ladder gives ${describePenalty(ladder).en} (${ruleRef})`),
    };
  }
  return { facts: computed };
}
