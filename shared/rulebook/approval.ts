/**
 * Four-eyes: which decisions take effect only after a supervisor other than the decider
 * approves. Store closure always does, whatever the rulebook data says.
 */
import type { DecisionBody, RuleRef } from '../domain';
import { formatYuan } from './money';
import type { Rulebook } from './schema';
import type { ApprovalGround } from './types';

/** Why a decision needs a second person; empty when it takes effect at once. */
export function approvalGrounds(body: DecisionBody, rb: Rulebook): ApprovalGround[] {
  const fe = rb.fourEyes;
  const grounds: ApprovalGround[] = [];
  const ground = (ref: RuleRef, message: string): void => { grounds.push({ ref, message }); };
  switch (body.kind) {
    case 'violation': {
      const o = body.outcome;
      if (o.type === 'close_store' || (o.type === 'remove_creator' && fe.alwaysOutcomes.includes('remove_creator'))) {
        ground(fe.refs.closure, o.type === 'close_store' ? 'a store closure always needs a supervisor\'s approval' : 'removing a creator always needs a supervisor\'s approval');
      }
      if (o.type === 'suspend_store' && o.days > fe.suspensionAboveDays) ground(fe.refs.suspension, `a suspension above ${fe.suspensionAboveDays} days needs a supervisor's approval`);
      if (o.type === 'fine' && o.amountFen > fe.fineAboveFen) ground(fe.refs.fine, `a fine above ${formatYuan(fe.fineAboveFen)} needs a supervisor's approval`);
      break;
    }
    case 'refund_dispute': {
      const o = body.outcome;
      if (o.type === 'fund_compensation' && o.amountFen > fe.fundCompensationAboveFen) {
        ground(fe.refs.fundCompensation, `guarantee-fund compensation above ${formatYuan(fe.fundCompensationAboveFen)} needs a supervisor's approval`);
      }
      break;
    }
    case 'merchant_complaint': {
      const o = body.outcome;
      if (o.type === 'reverse' && fe.complaintRemedies.includes(o.remedy)) ground(fe.refs.complaintRemedy, `the remedy "${o.remedy}" needs a supervisor's approval`);
      break;
    }
    case 'appeal':
      // An appeal can only lower a penalty; it never needs a second approval.
      break;
  }
  return grounds;
}

export function needsApproval(body: DecisionBody, rb: Rulebook): boolean {
  return approvalGrounds(body, rb).length > 0;
}
