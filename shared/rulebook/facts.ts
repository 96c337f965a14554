/**
 * What the reviewer establishes from the evidence, beside what the case itself carries.
 * Defaults describe "nothing further established": for a violation or a contested penalty
 * the platform's finding stands, for a refund dispute no fault on either side is shown.
 * A decision command can carry these so the case service re-checks with the same facts.
 */
import { z } from 'zod';
import { Fen, Severity, ViolationOutcome } from '../domain';
import { BasisPoints } from './schema';

export const ViolationFacts = z.object({
  kind: z.literal('violation'),
  /** The reviewer confirms the rule was broken; false leads to dismissal. */
  violationConfirmed: z.boolean().default(true),
  /** Severity as re-graded by the reviewer; the case's own when absent. */
  severity: Severity.optional(),
  /** Whether harm resulted; the case's own flag when absent. */
  harm: z.boolean().optional(),
  /** Accepted violations in the repeat window; the store's count on the case when absent. */
  priorOffences: z.number().int().min(0).max(100_000).optional(),
});
export type ViolationFacts = z.output<typeof ViolationFacts>;

export const RefundFacts = z.object({
  kind: z.literal('refund_dispute'),
  /** The goods never reached the buyer. */
  notReceived: z.boolean().default(false),
  /** A quality problem the buyer did not cause: defective, not as described, unfit for use. */
  qualityDefect: z.boolean().default(false),
  /** Broken or spoiled on arrival (transit or packing), shown by the buyer's unboxing evidence. */
  arrivedDamaged: z.boolean().default(false),
  /** The buyer damaged the goods after delivery. */
  buyerCausedDamage: z.boolean().default(false),
  /** Used or worn beyond trying on and inspection: no longer fit for resale. */
  worn: z.boolean().default(false),
  /** An allergic reaction to the product, shown by the buyer's evidence. */
  allergyReaction: z.boolean().default(false),
  /** A potted plant died in the cover period despite ordinary care. */
  plantDied: z.boolean().default(false),
  /** A creator's live-stream claim about material, brand, quantity, variety, origin or ingredients was false. */
  falseLiveClaim: z.boolean().default(false),
  /** The merchant itself caused the loss (its own listing or goods); otherwise a cover's fund pays. */
  merchantAtFault: z.boolean().default(false),
  /** The buyer's evidence is false or the request abusive (wear-and-return, extortion, zero-yuan refunds). */
  falseEvidence: z.boolean().default(false),
  /** Hours after sign-off at which the buyer first reported; from the request time when absent. */
  reportedWithinHours: z.number().int().min(0).max(24 * 3650).optional(),
  /** Share of the order damaged, in basis points (a box of fruit partly spoiled); the whole when absent. */
  damagedShareBp: BasisPoints.min(1).optional(),
  /** The loss established from evidence when less than the whole order. */
  establishedLossFen: Fen.optional(),
});
export type RefundFacts = z.output<typeof RefundFacts>;

export const ComplaintFacts = z.object({
  kind: z.literal('merchant_complaint'),
  /** The merchant did break the rule the contested penalty cites; the platform's finding stands by default. */
  ruleBroken: z.boolean().default(true),
  /** Whether the merchant had notice (a rectification notice) before the penalty. */
  priorNotice: z.boolean().optional(),
  /** The refunded goods came back worn or used. */
  worn: z.boolean().default(false),
  /** The refunded goods came back damaged. */
  returnedDamaged: z.boolean().default(false),
  /** The buyer damaged the goods after delivery. */
  buyerCausedDamage: z.boolean().default(false),
  /** The buyer's evidence shows the goods were defective or damaged on arrival. */
  arrivedDamaged: z.boolean().default(false),
  /** The merchant's evidence (photos of the returned item, weights, chat) is credible and on point. */
  merchantEvidenceCredible: z.boolean().default(false),
  /** Open disputes or penalties still justify holding the deposit. */
  depositObligationsOpen: z.boolean().default(true),
  /** The part of the contested amount established as wrongly taken, when not all of it. */
  establishedAmountFen: Fen.min(1).optional(),
});
export type ComplaintFacts = z.output<typeof ComplaintFacts>;

export const AppealFacts = z.object({
  kind: z.literal('appeal'),
  /** The violation behind the contested penalty is established on review. */
  violationEstablished: z.boolean().default(true),
  /** What the rulebook gives for the violation as re-established (the console computes it from the original case). */
  rulebookOutcome: ViolationOutcome.optional(),
});
export type AppealFacts = z.output<typeof AppealFacts>;

export const CaseFacts = z.discriminatedUnion('kind', [ViolationFacts, RefundFacts, ComplaintFacts, AppealFacts]);
export type CaseFacts = z.output<typeof CaseFacts>;
export type CaseFactsInput = z.input<typeof CaseFacts>;

/** "Nothing further established" for a kind of case. */
export function defaultFacts<K extends CaseFacts['kind']>(kind: K): Extract<CaseFacts, { kind: K }> {
  return CaseFacts.parse({ kind }) as Extract<CaseFacts, { kind: K }>;
}
