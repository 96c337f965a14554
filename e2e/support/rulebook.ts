/**
 * The right decision for a case, as the shipped rulebook recommends it for the facts of the
 * case alone (nothing further established): the outcome and the clause to cite. The case
 * service re-checks every decision against the rulebook and refuses a departure that carries
 * no written justification, so these are the decisions a reviewer makes without one.
 */
import { loadRulebook } from '../../resources/rulebook';
import type { Case, DecisionBody, RuleRef } from '../../shared/domain';
import { approvalGrounds, defaultFacts, recommend } from '../../shared/rulebook';

export interface RightDecision {
  body: DecisionBody;
  ruleRef: RuleRef;
  /** Heavy enough to need a supervisor's approval: the case then waits in `awaiting_approval`. */
  needsApproval: boolean;
}

export function rightDecision(c: Case): RightDecision {
  const rb = loadRulebook();
  const r = recommend(c, defaultFacts(c.kind), rb);
  return { body: r.body, ruleRef: r.ruleRef, needsApproval: approvalGrounds(r.body, rb).length > 0 };
}

/** The status a case takes once the service accepts this decision. */
export function statusAfter(d: RightDecision): 'decided' | 'awaiting_approval' {
  return d.needsApproval ? 'awaiting_approval' : 'decided';
}
