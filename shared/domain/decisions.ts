import { z } from 'zod';
import { EntityId, Fen, Sha256Hex, UtcMillis, text } from './primitives';
import { StaffRef } from './staff';

/** The penalty ladder for violations, lightest first (domain.md). */
export const ViolationOutcome = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dismiss') }),
  z.object({ type: z.literal('warning') }),
  z.object({ type: z.literal('remove_product') }),
  z.object({ type: z.literal('interrupt_live') }),
  z.object({ type: z.literal('restrict_traffic'), days: z.number().int().min(1).max(90) }),
  z.object({ type: z.literal('deduct_points'), points: z.number().int().min(1).max(48) }),
  z.object({ type: z.literal('fine'), amountFen: Fen.min(1) }),
  z.object({ type: z.literal('suspend_store'), days: z.number().int().min(1).max(90) }),
  z.object({ type: z.literal('close_store') }),
  z.object({ type: z.literal('remove_creator') }),
]);
export type ViolationOutcome = z.infer<typeof ViolationOutcome>;

/**
 * A reused photo cited as evidence: a photo of this case whose PDQ hash is within the match
 * distance of a photo in another dispute. The case service checks it against the hashes it holds.
 */
export const EvidenceMatchCitation = z.object({
  sha256: Sha256Hex,
  matchedCaseId: EntityId,
  matchedSha256: Sha256Hex,
  distance: z.number().int().min(0).max(256),
});
export type EvidenceMatchCitation = z.infer<typeof EvidenceMatchCitation>;

export const RefundDisputeOutcome = z.discriminatedUnion('type', [
  z.object({ type: z.literal('full_refund') }),
  z.object({ type: z.literal('partial_refund'), amountFen: Fen.min(1) }),
  z.object({ type: z.literal('return_and_refund') }),
  z.object({ type: z.literal('reject') }),
  z.object({ type: z.literal('fund_compensation'), amountFen: Fen.min(1) }),
  z.object({ type: z.literal('flag_malicious_buyer'), evidenceMatch: EvidenceMatchCitation.optional() }),
]);
export type RefundDisputeOutcome = z.infer<typeof RefundDisputeOutcome>;

export const COMPLAINT_REMEDIES = ['recover_refund', 'refund_fine', 'restore_store', 'release_deposit'] as const;
export const ComplaintRemedy = z.enum(COMPLAINT_REMEDIES);
export type ComplaintRemedy = z.infer<typeof ComplaintRemedy>;

export const MerchantComplaintOutcome = z.discriminatedUnion('type', [
  z.object({ type: z.literal('uphold') }),
  z.object({
    type: z.literal('reverse'),
    extent: z.enum(['full', 'partial']),
    remedy: ComplaintRemedy,
    amountFen: Fen.optional(),
  }),
]);
export type MerchantComplaintOutcome = z.infer<typeof MerchantComplaintOutcome>;

export const AppealOutcome = z.discriminatedUnion('type', [
  z.object({ type: z.literal('uphold') }),
  z.object({ type: z.literal('overturn') }),
  z.object({
    type: z.literal('modify'),
    fineFen: Fen.optional(),
    suspendDays: z.number().int().min(0).max(90).optional(),
    /** A lighter step of the penalty ladder in place of the contested one (e.g. product removal → warning). */
    penalty: ViolationOutcome.optional(),
  }).refine((m) => m.fineFen !== undefined || m.suspendDays !== undefined || m.penalty !== undefined, 'a modification names a lower fine, a shorter suspension or a lighter penalty'),
]);
export type AppealOutcome = z.infer<typeof AppealOutcome>;

/** What was decided, tied to the kind of case it may be applied to. */
export const DecisionBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('violation'), outcome: ViolationOutcome }),
  z.object({ kind: z.literal('refund_dispute'), outcome: RefundDisputeOutcome }),
  z.object({ kind: z.literal('merchant_complaint'), outcome: MerchantComplaintOutcome }),
  z.object({ kind: z.literal('appeal'), outcome: AppealOutcome }),
]);
export type DecisionBody = z.infer<typeof DecisionBody>;
export type DecisionOutcomeType = DecisionBody['outcome']['type'];

/** A rule clause of the rulebook, e.g. `VIO-FA-2.1` (the rulebook itself comes with the adjudication work). */
export const RuleRef = z.string().regex(/^[A-Z]{2,5}(-[A-Z0-9]{1,8}){0,3}-\d+(\.\d+){0,3}$/, 'a rule citation looks like VIO-FA-2.1');
export type RuleRef = z.infer<typeof RuleRef>;

/** A decision always cites a rule and carries a written reason. */
export const DecisionReason = text(2000).trim().min(4, 'a decision needs a written reason');

/** Why a decision departs from the rulebook's recommendation: required exactly when it does. */
export const DecisionJustification = text(2000).trim().min(4, 'a departure from the recommendation needs a written justification');

/**
 * Four-eyes on a held decision (rulebook `fourEyes`): `grounds` are the clauses that make it
 * need a second person; once a supervisor other than the decider answers, who, when (the case
 * service's time, as for a decision; the console's own only as `decidedOfflineAt`) and why, and
 * the id of their approval command.
 */
const approvalGrounds = z.array(RuleRef).min(1).max(10);
const approvalAnswer = {
  grounds: approvalGrounds,
  by: StaffRef,
  at: UtcMillis,
  decidedOfflineAt: UtcMillis.optional(),
  reason: DecisionReason,
  approvalId: z.uuid(),
};
export const DecisionApproval = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending'), grounds: approvalGrounds }),
  z.object({ state: z.literal('approved'), ...approvalAnswer }),
  z.object({ state: z.literal('rejected'), ...approvalAnswer }),
]);
export type DecisionApproval = z.infer<typeof DecisionApproval>;

/**
 * A decision as it stands in the case service's record. The fields after `reason` came with
 * adjudication by the rulebook and are optional so that records and consoles from before it
 * still parse: the service always sets `rulebookVersion` and `departure`, `justification` on a
 * departure, and `approval` on a decision that needed a supervisor.
 */
export const DecisionSummary = z.object({
  decisionId: z.uuid(),
  caseId: EntityId,
  decidedBy: StaffRef,
  /** When the case service received the decision: the time of record. */
  decidedAt: UtcMillis,
  /**
   * The reviewer's console's time of the decision, when it reached the service more than the
   * allowed clock skew later (it waited offline, or in an outbox), bounded by the lease it was
   * made under. Absent when it was sent at once, and on records from before the service kept it.
   */
  decidedOfflineAt: UtcMillis.optional(),
  body: DecisionBody,
  ruleRef: RuleRef,
  reason: DecisionReason,
  /** The rulebook version the decision was checked against. */
  rulebookVersion: z.string().min(1).max(20).optional(),
  /** The decision differs from what the rulebook recommends for the facts it states. */
  departure: z.boolean().optional(),
  justification: DecisionJustification.optional(),
  approval: DecisionApproval.optional(),
});
export type DecisionSummary = z.infer<typeof DecisionSummary>;
