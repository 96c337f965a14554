import { z } from 'zod';
import { DecisionSummary } from './decisions';
import { EntityId, Fen, Sha256Hex, UtcMillis, text } from './primitives';
import {
  AfterSaleType, CaseStatus, ComplaintType, EvidenceParty, Guarantee, ProductCategory, Region, Severity, SubjectType, ViolationCategory, ViolationSource,
} from './taxonomy';
import { ViolationOutcome } from './decisions';
import { Escalation } from './escalation';

export const Merchant = z.object({
  id: EntityId,
  name: text(120).min(1),
  region: Region,
  depositFen: Fen,
  openedAt: UtcMillis,
  /** Accepted violation decisions against this store in the rulebook's repeat window. */
  priorViolations: z.number().int().min(0).max(100_000),
});
export type Merchant = z.infer<typeof Merchant>;

/** Buyers' personal data reaches consoles masked only (e.g. 138****1234). */
export const Buyer = z.object({
  id: EntityId,
  nickname: text(80),
  phoneMasked: z.string().regex(/^\d{3}\*{4}\d{4}$/, 'phone numbers are replicated masked, like 138****1234'),
  /**
   * The buyer's phone number and delivery address as the platform sends them. The case service
   * masks both at ingest like any free text (`138****1234`, the address down to its district) and
   * keeps the originals for the audited reveal: a case as replicated holds only the masks.
   */
  phone: text(40).optional(),
  address: text(200).optional(),
  priorDisputes: z.number().int().min(0).max(100_000),
  flaggedMalicious: z.boolean(),
});
export type Buyer = z.infer<typeof Buyer>;

/** An image's PDQ hash as the case service computed it when the blob was uploaded, and the decoder that gave the pixels. */
export const EvidencePdqRef = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a PDQ hash is 64 lowercase hex digits'),
  quality: z.number().int().min(0).max(100),
  decoder: text(80).min(1),
});
export type EvidencePdqRef = z.infer<typeof EvidencePdqRef>;

/** An entry of a known-bad list (imported by platform engineers) that an image matched at ingest. */
export const KnownBadMatch = z.object({
  list: text(80).min(1),
  entryId: text(80).min(1),
  distance: z.number().int().min(0).max(256),
  tags: z.array(text(60)).max(10),
});
export type KnownBadMatch = z.infer<typeof KnownBadMatch>;

export const EvidenceRef = z.object({
  sha256: Sha256Hex,
  mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'video/mp4', 'video/webm', 'text/plain']),
  party: EvidenceParty,
  caption: text(200),
  bytes: z.number().int().min(0).max(500_000_000),
  /**
   * Set by the case service at ingest (what a platform sends here is replaced): the PDQ hash of
   * an image whose blob was uploaded before the case, and the known-bad entries it matched.
   */
  pdq: EvidencePdqRef.optional(),
  knownBad: z.array(KnownBadMatch).max(20).optional(),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

export const CaseEvent = z.object({
  at: UtcMillis,
  actor: text(80),
  event: text(60).min(1),
  detail: text(500),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

/** Where a tracking event puts the parcel; absent on events a carrier did not classify. */
export const LOGISTICS_STAGES = ['shipped', 'in_transit', 'out_for_delivery', 'awaiting_pickup', 'signed', 'return_shipped', 'return_received'] as const;
export const LogisticsStage = z.enum(LOGISTICS_STAGES);
export type LogisticsStage = z.infer<typeof LogisticsStage>;
export const LogisticsEvent = z.object({
  at: UtcMillis,
  event: text(200),
  stage: LogisticsStage.optional(),
  /** The parcel's weight as the carrier or the warehouse weighed it at this event. */
  weightGrams: z.number().int().min(0).max(1_000_000).optional(),
});
export type LogisticsEvent = z.infer<typeof LogisticsEvent>;
export const ChatMessage = z.object({ at: UtcMillis, from: z.enum(['buyer', 'merchant', 'platform']), text: text(2000) });
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Order = z.object({
  id: EntityId,
  productTitle: text(200).min(1),
  category: ProductCategory,
  amountPaidFen: Fen,
  paidAt: UtcMillis,
  deliveredAt: UtcMillis.nullable(),
  signedAt: UtcMillis.nullable(),
  guarantees: z.array(Guarantee).max(10),
  logistics: z.array(LogisticsEvent).max(100),
  returnWeightGrams: z.number().int().min(0).max(1_000_000).nullable(),
});
export type Order = z.infer<typeof Order>;

export const ViolationDetail = z.object({
  subject: z.object({ type: SubjectType, id: EntityId, title: text(200) }),
  violationCategory: ViolationCategory,
  severity: Severity,
  source: ViolationSource,
  /** Score of the automated detector, 0..1, when the source is automated. */
  modelScore: z.number().min(0).max(1).nullable(),
  creator: z.object({ id: EntityId, name: text(80), followers: z.number().int().min(0).max(2_000_000_000) }).nullable(),
  harm: z.boolean(),
  claim: text(2000),
});
export type ViolationDetail = z.infer<typeof ViolationDetail>;

export const RefundDisputeDetail = z.object({
  order: Order,
  request: z.object({ type: AfterSaleType, amountFen: Fen, reason: text(500), requestedAt: UtcMillis }),
  buyerStatement: text(4000),
  merchantStatement: text(4000),
  chat: z.array(ChatMessage).max(200),
});
export type RefundDisputeDetail = z.infer<typeof RefundDisputeDetail>;

export const MerchantComplaintDetail = z.object({
  complaintType: ComplaintType,
  statement: text(4000),
  /** What the merchant contests: an earlier handling by the platform. */
  contested: z.object({
    action: text(200),
    amountFen: Fen.nullable(),
    relatedCaseId: EntityId.nullable(),
    actedAt: UtcMillis,
    /**
     * The case service's decision the complaint contests (a refund, a fine, a closure). A money
     * remedy needs it; absent for a handling that was no decision (a withheld deposit, a fee)
     * and on complaints ingested before complaints named one.
     */
    decisionId: z.uuid().optional(),
  }),
  order: Order.nullable(),
});
export type MerchantComplaintDetail = z.infer<typeof MerchantComplaintDetail>;

/**
 * The violation behind a contested penalty as it was decided (the contested case with the facts
 * its decision established): what the rulebook's ladder works from for an appeal.
 */
export const ContestedViolation = z.object({
  category: ViolationCategory,
  severity: Severity,
  harm: z.boolean(),
  subjectType: SubjectType,
  /** Accepted violations of the store in the rulebook's repeat window when it was decided. */
  priorOffences: z.number().int().min(0).max(100_000),
});
export type ContestedViolation = z.infer<typeof ContestedViolation>;

export const AppealDetail = z.object({
  appellant: z.object({ type: z.enum(['merchant', 'creator']), id: EntityId, name: text(120) }),
  statement: text(4000),
  contested: z.object({
    caseId: EntityId,
    decisionId: z.uuid(),
    decidedBy: z.object({ id: EntityId, name: text(80) }),
    decidedAt: UtcMillis,
    outcome: ViolationOutcome,
    ruleRef: text(40),
    /** Sent by the platform with the appeal; absent on appeals ingested before it was. */
    violation: ContestedViolation.optional(),
  }),
});
export type AppealDetail = z.infer<typeof AppealDetail>;

/** Fields every case carries; the flat ones are what queues sort and filter on. */
const caseFields = {
  id: EntityId,
  /** Incremented by the case service on every change of the case itself (not of its lease). */
  version: z.number().int().min(1),
  status: CaseStatus,
  /** P1 is the most urgent, P5 the least. */
  priority: z.number().int().min(1).max(5),
  createdAt: UtcMillis,
  updatedAt: UtcMillis,
  slaDueAt: UtcMillis,
  category: ProductCategory,
  region: Region,
  title: text(200).min(1),
  /** The money at stake: order amount, contested amount or proposed fine. */
  amountFen: Fen,
  merchant: Merchant,
  buyer: Buyer.nullable(),
  evidence: z.array(EvidenceRef).max(50),
  history: z.array(CaseEvent).max(200),
  lastDecision: DecisionSummary.nullable(),
  /** The latest escalation or hand-off (set by the case service; absent: never moved). */
  escalation: Escalation.optional(),
};

export const ViolationCase = z.object({ ...caseFields, kind: z.literal('violation'), detail: ViolationDetail });
export const RefundDisputeCase = z.object({ ...caseFields, kind: z.literal('refund_dispute'), detail: RefundDisputeDetail });
export const MerchantComplaintCase = z.object({ ...caseFields, kind: z.literal('merchant_complaint'), detail: MerchantComplaintDetail });
export const AppealCase = z.object({ ...caseFields, kind: z.literal('appeal'), detail: AppealDetail });

export const Case = z.discriminatedUnion('kind', [ViolationCase, RefundDisputeCase, MerchantComplaintCase, AppealCase]);
export type Case = z.infer<typeof Case>;
export type ViolationCase = z.infer<typeof ViolationCase>;
export type RefundDisputeCase = z.infer<typeof RefundDisputeCase>;
export type MerchantComplaintCase = z.infer<typeof MerchantComplaintCase>;
export type AppealCase = z.infer<typeof AppealCase>;

/** What the platform side sends to ingest: the service assigns version and keeps the decision record. */
const ingestOmit = { version: true, lastDecision: true, escalation: true } as const;
export const CaseInput = z.discriminatedUnion('kind', [
  ViolationCase.omit(ingestOmit),
  RefundDisputeCase.omit(ingestOmit),
  MerchantComplaintCase.omit(ingestOmit),
  AppealCase.omit(ingestOmit),
]);
export type CaseInput = z.infer<typeof CaseInput>;
