/**
 * The statement of reasons of a decision, with the fields of EU DSA Article 17(3): the decision
 * and its scope (a), the facts and circumstances (b), whether detection and the decision were
 * automated (c), the ground in the platform's rules (e), and the redress available (f). It
 * carries no personal data: people appear only as roles (buyer, merchant, creator, staff).
 */
import { z } from 'zod';
import { EntityId, Fen, UtcMillis } from '../domain/primitives';
import { CaseKind, ProductCategory } from '../domain/taxonomy';
import { RuleRef } from '../domain/decisions';
import { Fact, LedgerEntry } from '../rulebook/types';

export const STATEMENT_SCHEMA = 'docket.statement-of-reasons/1';

export const Bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof Bilingual>;

/** The kind of restriction, in the terms of DSA Art. 17(1), as it bears on the merchant or creator. */
export const RESTRICTIONS = [
  'none', 'visibility', 'monetary', 'account_standing', 'service_suspension', 'service_termination', 'account_termination', 'restriction_lifted', 'restriction_reduced',
] as const;
export const Restriction = z.enum(RESTRICTIONS);
export type Restriction = z.infer<typeof Restriction>;

/** What the decision applies to. Content ids are kept; ids of people (buyers, creators, orders) are not. */
export const DecisionScope = z.object({
  subject: z.enum(['product', 'live_room', 'short_video', 'creator', 'store', 'order', 'platform_action', 'penalty']),
  /** The content's id (product, live room, video, store), the contested decision for an appeal; null for people and orders. */
  subjectId: z.string().max(64).nullable(),
  productCategory: ProductCategory,
  durationDays: z.number().int().min(1).nullable(),
  amountFen: Fen.nullable(),
  points: z.number().int().min(1).nullable(),
  description: Bilingual,
});
export type DecisionScope = z.infer<typeof DecisionScope>;

export const REDRESS_ROUTES = ['appeal', 'merchant_complaint', 'out_of_court_settlement', 'judicial'] as const;
export const RedressRoute = z.object({
  route: z.enum(REDRESS_ROUTES),
  /** The last moment to use the route (UTC ms), or null where the platform sets none. */
  deadlineAt: UtcMillis.nullable(),
  description: Bilingual,
});
export type RedressRoute = z.infer<typeof RedressRoute>;

export const StatementOfReasons = z.object({
  schema: z.literal(STATEMENT_SCHEMA),
  decisionId: z.uuid(),
  caseId: EntityId,
  caseKind: CaseKind,
  decidedAt: UtcMillis,
  /** When it took effect: null while awaiting approval or after a supervisor sent it back. */
  effectiveAt: UtcMillis.nullable(),
  status: z.enum(['in_effect', 'awaiting_approval', 'sent_back']),
  decision: z.object({
    /** The outcome type of the decision body, e.g. `fine`, `partial_refund`, `reverse`. */
    type: z.string().min(1),
    restriction: Restriction,
    description: Bilingual,
    scope: DecisionScope,
  }),
  facts: z.object({
    /** How the case reached the platform. */
    source: Bilingual,
    /** The facts the rulebook weighed, as its templates state them. */
    established: z.array(Fact),
  }),
  automation: z.object({
    detection: z.enum(['automated', 'not_automated']),
    /** The automated detector's score, when it flagged the case. */
    modelScore: z.number().min(0).max(1).nullable(),
    /** Decisions are made by staff; the rulebook only recommends. */
    decision: z.literal('not_automated'),
    description: Bilingual,
  }),
  ground: z.object({
    rulebookVersion: z.string().min(1),
    rulebookTitle: Bilingual.nullable(),
    ruleRef: RuleRef,
    /** The clause text; null when the rulebook version is not known to the service. */
    clause: Bilingual.nullable(),
    /** Further clauses the recommendation cites. */
    related: z.array(z.object({ ref: RuleRef, text: Bilingual })),
    /** The decision departs from the rulebook's recommendation (the reviewer's written justification is on record). */
    departure: z.boolean(),
  }),
  /** Money the decision moves, between roles. */
  money: z.array(LedgerEntry),
  fourEyes: z.object({ required: z.boolean(), state: z.enum(['not_required', 'pending', 'approved', 'rejected']) }),
  redress: z.array(RedressRoute).min(1),
});
export type StatementOfReasons = z.infer<typeof StatementOfReasons>;
