/**
 * Why a decision is refused, in a form the console can put into the reviewer's language: a
 * stable code with parameters, beside the English sentence kept for logs and API consumers.
 *
 * Parameters are named so a client knows how to show them without knowing the code:
 * `…Fen` is money in fen, `…At` a time (UTC ms), `…Kind` a case kind, a `DecisionBody` value
 * a decision, `category` a violation category, `complaintType` a complaint type, `remedy` /
 * `remedies` complaint remedies, `state` a decision state, `status` a case status, `role` a
 * staff role, `verdict` a supervisor's answer (approved / rejected); anything else is shown as it is.
 */
import { z } from 'zod';
import { DecisionBody } from './decisions';
import { text } from './primitives';

/** Every code the service and the console produce, with the parameters each carries. */
export const REFUSAL_PARAMS = {
  // Checks of a command against the case and the service's records.
  case_not_found: ['caseId'],
  decision_kind_mismatch: ['caseKind', 'decisionKind'],
  case_withdrawn: ['caseId'],
  amount_above_paid: ['amountFen', 'paidFen'],
  amount_above_contested: ['amountFen', 'contestedFen'],
  imposed_not_fine_or_suspension: ['contested'],
  imposed_fine_not_lower: ['fineFen', 'contestedFen'],
  imposed_days_not_shorter: ['days', 'contestedDays'],
  appeal_by_author: ['decisionId', 'name'],
  appeal_by_approver: ['decisionId', 'name'],
  contested_not_penalty: ['decisionId', 'decidedKind'],
  contested_not_in_effect: ['decisionId', 'state'],
  contested_other_case: ['decisionId', 'caseId', 'expectedCaseId'],
  already_appealed: ['decisionId', 'appealCaseId'],
  complaint_names_no_decision: ['remedy'],
  contested_decision_not_found: ['decisionId'],
  contested_other_merchant: ['decisionId', 'merchantId', 'expectedMerchantId'],
  contested_wrong_kind: ['decisionId', 'decidedKind', 'remedy'],
  complaint_by_author: ['decisionId', 'name'],
  complaint_by_approver: ['decisionId', 'name'],
  reversal_above_remaining: ['amountFen', 'paidFen', 'returnedFen'],
  decided_at_out_of_bounds: ['decidedAt', 'earliestAt', 'latestAt'],
  mutation_reused: ['mutationId', 'decisionId'],
  mutation_other_command: ['mutationId'],
  mutation_out_of_order: ['mutationId', 'latestMutationId'],
  decision_id_reused: ['decisionId', 'mutationId'],
  client_of_other_staff: ['clientId'],
  not_applied: ['detail'],
  // Four-eyes approvals.
  approval_supervisor_only: ['role'],
  held_decision_not_found: ['decisionId', 'caseId'],
  approval_own_decision: ['decisionId'],
  approval_not_needed: ['decisionId'],
  // The console's own checks on its replica, before a decision or approval is queued.
  case_not_in_console: ['caseId'],
  role_may_not_decide: ['role', 'caseKind'],
  case_not_open: ['caseId', 'status'],
  claim_missing: ['caseId'],
  claim_expired: ['caseId'],
  decision_waiting_to_send: ['caseId'],
  decision_already_accepted: ['caseId'],
  held_decision_answered: ['caseId', 'verdict', 'name'],
  case_not_awaiting_approval: ['caseId', 'status'],
  approval_waiting_to_send: ['caseId'],
  approval_already_accepted: ['caseId'],
  // The re-check by the rulebook.
  unknown_rulebook: ['version', 'known'],
  unknown_clause: ['version', 'ruleRef'],
  decision_shape: ['field', 'detail'],
  facts_shape: ['field', 'detail'],
  facts_kind_mismatch: ['factsKind', 'caseKind'],
  departure_unjustified: ['version', 'recommended', 'ruleRef'],
  rulebook_outcome_differs: ['given', 'computed', 'ruleRef'],
  violation_not_established: ['ruleRef'],
  fine_above_maximum: ['ruleRef', 'amountFen', 'maxFen', 'category'],
  suspension_above_maximum: ['ruleRef', 'days', 'maxDays', 'category'],
  points_above_maximum: ['ruleRef', 'points', 'maxPoints', 'category'],
  no_creator_to_remove: ['ruleRef'],
  penalty_above_ladder: ['ruleRef', 'penalty', 'ladder', 'rungs', 'maxRungs'],
  refund_above_paid: ['ruleRef', 'amountFen', 'paidFen'],
  fund_not_covered: ['ruleRef'],
  malicious_not_established: ['ruleRef'],
  evidence_match_unfounded: ['sha256', 'matchedCaseId', 'matchedSha256', 'detail'],
  buyer_at_fault: ['ruleRef'],
  fund_pays_not_merchant: ['ruleRef'],
  remedy_not_allowed: ['ruleRef', 'remedy', 'complaintType', 'remedies'],
  restore_moves_no_money: ['ruleRef'],
  restore_is_whole: ['ruleRef'],
  no_contested_amount: ['ruleRef'],
  full_reversal_amount: ['ruleRef', 'capFen', 'amountFen'],
  partial_needs_amount: ['ruleRef'],
  partial_not_below: ['ruleRef', 'capFen', 'amountFen'],
  modify_keeps_fine: ['ruleRef'],
  modify_names_fine: ['ruleRef'],
  modify_fine_not_lower: ['ruleRef', 'fineFen', 'contestedFen'],
  modify_fine_to_nothing: ['ruleRef'],
  modify_keeps_suspension: ['ruleRef'],
  modify_names_days: ['ruleRef'],
  modify_days_not_shorter: ['ruleRef', 'days', 'contestedDays'],
  modify_days_to_nothing: ['ruleRef'],
  modify_not_fine_or_suspension: ['ruleRef', 'contested'],
  // A modification to a lighter kind of penalty (appeals.ts, `modify.penalty`).
  modify_penalty_alone: ['ruleRef'],
  modify_penalty_not_lighter: ['ruleRef', 'penalty', 'contested'],
  modify_penalty_to_nothing: ['ruleRef'],
  modify_penalty_new_fine: ['ruleRef'],
  // The reveal of personal data (shared/domain/reveal.ts): why the console or the service refused it.
  reveal_offline: [],
  reveal_not_allowed: ['role'],
  reveal_lease_required: ['caseId'],
  reveal_no_such_field: ['field'],
  // Escalation and hand-off (server/escalations.ts, electron/core/escalate.ts).
  escalation_not_decider: ['role', 'caseKind'],
  escalation_target_unknown: ['staffId'],
  escalation_to_self: ['staffId'],
  escalation_not_supervisor: ['staffId', 'role'],
  handoff_cannot_decide: ['staffId', 'role', 'caseKind'],
  escalation_needs_lease: ['caseId'],
  escalation_case_not_open: ['caseId', 'status'],
} as const satisfies Record<string, readonly string[]>;

export type RefusalCode = keyof typeof REFUSAL_PARAMS;
export const REFUSAL_CODES = Object.keys(REFUSAL_PARAMS) as RefusalCode[];

export const RefusalParam = z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.string().max(200)).max(20), DecisionBody]);
export type RefusalParam = z.infer<typeof RefusalParam>;

/** A machine-readable code as a service sends it: lower snake case, short. */
export const WellFormedCode = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);

/**
 * One reason for a refusal. `code` is any well-formed code, not only today's: an answer from a
 * newer service still parses, and a client shows its English `message` for a code it does not know.
 */
export const Refusal = z.object({
  code: WellFormedCode,
  params: z.record(z.string().max(64), RefusalParam).default({}),
  message: text(1000),
});
export type Refusal = z.infer<typeof Refusal>;

export type RefusalParamsOf<C extends RefusalCode> = { [K in (typeof REFUSAL_PARAMS)[C][number]]: RefusalParam };

/** A refusal whose parameters are exactly the ones its code declares (checked at compile time). */
export function refusal<C extends RefusalCode>(code: C, params: RefusalParamsOf<C>, message: string): Refusal {
  return { code, params: params as Record<string, RefusalParam>, message: message.slice(0, 1000) };
}

export function isRefusalCode(code: string): code is RefusalCode {
  return Object.hasOwn(REFUSAL_PARAMS, code);
}
