/**
 * The shape of a versioned rulebook. The data ships as JSON in resources/rulebook; callers
 * parse it with `Rulebook` and pass the parsed object to the pure functions here, so the
 * console and the case service judge by the very same rules. The integrity checks
 * (integrity.ts) make a rulebook that cites a missing clause, or whose ladders are not
 * monotone, fail to parse rather than mis-decide.
 */
import { z } from 'zod';
import {
  CaseKind, ComplaintRemedy, ComplaintType, Fen, ProductCategory, RuleRef, Severity, ViolationCategory, ViolationOutcome,
} from '../domain';
import { checkIntegrity } from './integrity';
import { LedgerParty } from './types';

/** `2026.11`, optionally `2026.11.1` for a correction within the month. */
export const RulebookVersion = z.string().regex(/^\d{4}\.\d{2}(\.\d+)?$/, 'a rulebook version looks like 2026.11');

export const BasisPoints = z.number().int().min(0).max(10_000);
const Days = z.number().int().min(1).max(3650);
const Categories = z.array(ProductCategory).max(20);

export const Clause = z.object({
  ref: RuleRef,
  text_zh: z.string().min(1).max(1000),
  text_en: z.string().min(1).max(1000),
});
export type Clause = z.infer<typeof Clause>;

// ---- violations -------------------------------------------------------------------------

export const LadderStep = z.object({
  ref: RuleRef,
  outcome: ViolationOutcome.refine((o) => o.type !== 'dismiss', 'dismissal is not a step of the penalty ladder'),
});
export type LadderStep = z.infer<typeof LadderStep>;
/** A violation outcome that can be a step of the ladder (anything but dismissal). */
export type PenaltyOutcome = LadderStep['outcome'];

export const ViolationCategoryRules = z.object({
  /** The clause defining the category and its ladder. */
  ref: RuleRef,
  /** Ladder index a first offence of each severity starts at. */
  entry: z.record(Severity, z.number().int().min(0).max(31)),
  /** Ladder steps each prior offence in the repeat window adds. */
  stepsPerRepeat: z.number().int().min(0).max(8),
  /** Lightest first; monotone (integrity.ts). */
  ladder: z.array(LadderStep).min(1).max(32),
  maxFineFen: Fen,
  maxSuspendDays: z.number().int().min(0).max(90),
  maxPoints: z.number().int().min(0).max(48),
});
export type ViolationCategoryRules = z.infer<typeof ViolationCategoryRules>;

export const ViolationRules = z.object({
  /** Window in which earlier accepted violations count as repeats (the case carries the count). */
  repeatWindowDays: Days,
  finePayee: z.enum(['platform', 'platform_fund']),
  /** A decision may depart upward from the ladder by at most this many rungs (arbitrary-penalty guard). */
  maxRanksAboveRecommended: z.number().int().min(0).max(8),
  refs: z.object({
    noViolation: RuleRef,
    firstMinorWithoutHarm: RuleRef,
    repeatEscalation: RuleRef,
    creatorTerminal: RuleRef,
    creatorRequired: RuleRef,
    proportionality: RuleRef,
  }),
  categories: z.record(ViolationCategory, ViolationCategoryRules),
});
export type ViolationRules = z.infer<typeof ViolationRules>;

// ---- refund disputes --------------------------------------------------------------------

const Ref = z.object({ ref: RuleRef });

export const RefundRules = z.object({
  notReceived: Ref,
  qualityDefect: Ref,
  sevenDay: z.object({ ref: RuleRef, windowDays: Days, excludedCategories: Categories, exclusionRef: RuleRef, conditionRef: RuleRef }),
  damagedFresh: z.object({ ref: RuleRef, categories: Categories, reportWithinHours: z.number().int().min(1).max(720) }),
  allergy: z.object({ ref: RuleRef, categories: Categories, windowDays: Days }),
  breakage: z.object({ ref: RuleRef, excludedCategories: Categories }),
  deadPlant: z.object({ ref: RuleRef, categories: Categories, windowDays: Days, compensationBp: BasisPoints }),
  liveTruthfulness: z.object({ ref: RuleRef, compensationBp: BasisPoints }),
  shippingInsurance: z.object({ ref: RuleRef, freightPayoutFen: Fen }),
  expressRefund: Ref,
  refs: z.object({
    capAtAmountPaid: RuleRef,
    buyerFault: RuleRef,
    noBasis: RuleRef,
    maliciousBuyer: RuleRef,
    fundCoverage: RuleRef,
    merchantRefund: RuleRef,
  }),
});
export type RefundRules = z.infer<typeof RefundRules>;

// ---- merchant complaints ----------------------------------------------------------------

/** How a complaint type is judged: which established facts show the merchant was wronged. */
export const COMPLAINT_TESTS = ['buyer_fault', 'no_rule_broken', 'no_open_obligations', 'none'] as const;
export const ComplaintTest = z.enum(COMPLAINT_TESTS);
export type ComplaintTest = z.infer<typeof ComplaintTest>;

export const ComplaintTypeRules = z.object({
  ref: RuleRef,
  test: ComplaintTest,
  /** The remedy recommended when the test supports the merchant; null when none is recommended. */
  remedy: ComplaintRemedy.nullable(),
  allowedRemedies: z.array(ComplaintRemedy).max(4),
});
export type ComplaintTypeRules = z.infer<typeof ComplaintTypeRules>;

export const RemedyRules = z.object({
  ref: RuleRef,
  /** Money moves from payer to payee; both null for a remedy that moves none (restoring a store). */
  payer: LedgerParty.nullable(),
  payee: LedgerParty.nullable(),
});
export type RemedyRules = z.infer<typeof RemedyRules>;

export const ComplaintRules = z.object({
  types: z.record(ComplaintType, ComplaintTypeRules),
  remedies: z.record(ComplaintRemedy, RemedyRules),
  refs: z.object({ upheld: RuleRef, amountCap: RuleRef, noticeDefect: RuleRef }),
});
export type ComplaintRules = z.infer<typeof ComplaintRules>;

// ---- appeals, SLA, four-eyes --------------------------------------------------------------

export const AppealRules = z.object({
  refs: z.object({ uphold: RuleRef, overturn: RuleRef, modifyLowers: RuleRef, modifyKeepsType: RuleRef, reversal: RuleRef }),
});
export type AppealRules = z.infer<typeof AppealRules>;

const Ms = z.number().int().min(60_000).max(90 * 86_400_000);
export const SlaRule = z.object({
  ref: RuleRef,
  /** Time to decide, by priority 1 (most urgent) to 5. */
  byPriorityMs: z.tuple([Ms, Ms, Ms, Ms, Ms]),
});
export const SlaRules = z.record(CaseKind, SlaRule);
export type SlaRules = z.infer<typeof SlaRules>;

export const FourEyesRules = z.object({
  /** Outcomes that always need a second person; must include store closure. */
  alwaysOutcomes: z.array(z.enum(['close_store', 'remove_creator'])).min(1),
  suspensionAboveDays: z.number().int().min(0).max(90),
  fineAboveFen: Fen,
  fundCompensationAboveFen: Fen,
  complaintRemedies: z.array(ComplaintRemedy).max(4),
  refs: z.object({ closure: RuleRef, suspension: RuleRef, fine: RuleRef, fundCompensation: RuleRef, complaintRemedy: RuleRef }),
});
export type FourEyesRules = z.infer<typeof FourEyesRules>;

// ---- the rulebook ---------------------------------------------------------------------

export const RulebookShape = z.object({
  version: RulebookVersion,
  title_zh: z.string().min(1).max(200),
  title_en: z.string().min(1).max(200),
  /** UTC milliseconds from which decisions are judged by this version. */
  effectiveFrom: z.number().int().min(0),
  clauses: z.array(Clause).min(1).max(2000),
  violations: ViolationRules,
  refunds: RefundRules,
  complaints: ComplaintRules,
  appeals: AppealRules,
  sla: SlaRules,
  fourEyes: FourEyesRules,
});

export const Rulebook = RulebookShape.superRefine((rb, ctx) => {
  for (const problem of checkIntegrity(rb)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});
export type Rulebook = z.infer<typeof Rulebook>;
