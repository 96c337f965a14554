/**
 * Small inline rulebooks, arbitrary valid rulebooks and case factories for the rulebook's
 * tests. Not shipped code: only tests import it (the shipped data is tested in resources/).
 */
import fc from 'fast-check';
import {
  Case, VIOLATION_CATEGORIES, type AfterSaleType, type AppealCase, type ComplaintType, type Guarantee, type MerchantComplaintCase, type Order,
  type ProductCategory, type RefundDisputeCase, type Severity, type SubjectType, type ViolationCase, type ViolationCategory, type ViolationOutcome,
} from '../domain';
import { refsCitedBy } from './integrity';
import { comparePenalties } from './penalty';
import { Rulebook, type PenaltyOutcome, type ViolationCategoryRules } from './schema';

export const T0 = Date.UTC(2026, 10, 5, 8, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

type Shape = Omit<Rulebook, 'clauses'>;

const outcome = {
  warning: { type: 'warning' },
  remove: { type: 'remove_product' },
  interrupt: { type: 'interrupt_live' },
  restrict: (days: number) => ({ type: 'restrict_traffic' as const, days }),
  points: (points: number) => ({ type: 'deduct_points' as const, points }),
  fine: (amountFen: number) => ({ type: 'fine' as const, amountFen }),
  suspend: (days: number) => ({ type: 'suspend_store' as const, days }),
  close: { type: 'close_store' },
} as const;

function category(code: string, ladder: PenaltyOutcome[], entry: [number, number, number, number], stepsPerRepeat: number): ViolationCategoryRules {
  const fines = ladder.flatMap((o) => (o.type === 'fine' ? [o.amountFen] : []));
  const days = ladder.flatMap((o) => (o.type === 'suspend_store' ? [o.days] : []));
  const points = ladder.flatMap((o) => (o.type === 'deduct_points' ? [o.points] : []));
  return {
    ref: `VIO-${code}-1`,
    entry: { minor: entry[0], general: entry[1], serious: entry[2], extremely_serious: entry[3] },
    stepsPerRepeat,
    ladder: ladder.map((o, i) => ({ ref: `VIO-${code}-2.${i + 1}`, outcome: o })),
    maxFineFen: Math.max(0, ...fines),
    maxSuspendDays: Math.max(0, ...days),
    maxPoints: Math.max(0, ...points),
  };
}

const STANDARD_LADDER: PenaltyOutcome[] = [
  outcome.warning, outcome.remove, outcome.interrupt, outcome.restrict(3), outcome.points(4),
  outcome.fine(30_000), outcome.fine(100_000), outcome.suspend(3), outcome.suspend(15), outcome.close,
];

/** The non-violation sections of the inline rulebook: small, with round numbers. */
function shapeWith(categories: Record<ViolationCategory, ViolationCategoryRules>): Shape {
  return {
    version: '2099.01',
    title_zh: '测试规则',
    title_en: 'test rulebook',
    effectiveFrom: 0,
    violations: {
      repeatWindowDays: 180,
      finePayee: 'platform',
      maxRanksAboveRecommended: 2,
      refs: { noViolation: 'VIO-G-1', firstMinorWithoutHarm: 'VIO-G-2', repeatEscalation: 'VIO-G-3', creatorTerminal: 'VIO-G-4', creatorRequired: 'VIO-G-5', proportionality: 'VIO-G-6' },
      categories,
    },
    refunds: {
      notReceived: { ref: 'REF-NR-1' },
      qualityDefect: { ref: 'REF-QD-1' },
      sevenDay: { ref: 'REF-7D-1', windowDays: 7, excludedCategories: ['food_fresh', 'virtual'], exclusionRef: 'REF-7D-2', conditionRef: 'REF-7D-3' },
      damagedFresh: { ref: 'REF-DF-1', categories: ['food_fresh'], reportWithinHours: 24 },
      allergy: { ref: 'REF-AL-1', categories: ['beauty', 'baby'], windowDays: 60 },
      breakage: { ref: 'REF-BR-1', excludedCategories: ['virtual', 'second_hand'] },
      deadPlant: { ref: 'REF-DP-1', categories: ['plants'], windowDays: 30, compensationBp: 8_000 },
      liveTruthfulness: { ref: 'REF-LT-1', compensationBp: 10_000 },
      shippingInsurance: { ref: 'REF-SI-1', freightPayoutFen: 1_200 },
      expressRefund: { ref: 'REF-ER-1' },
      refs: { capAtAmountPaid: 'REF-G-1', buyerFault: 'REF-G-2', noBasis: 'REF-G-3', maliciousBuyer: 'REF-G-4', fundCoverage: 'REF-G-5', merchantRefund: 'REF-G-6' },
    },
    complaints: {
      types: {
        arbitrary_refund: { ref: 'CMP-RF-1', test: 'buyer_fault', remedy: 'recover_refund', allowedRemedies: ['recover_refund'] },
        excessive_protection: { ref: 'CMP-EP-1', test: 'buyer_fault', remedy: 'recover_refund', allowedRemedies: ['recover_refund'] },
        arbitrary_fine: { ref: 'CMP-FN-1', test: 'no_rule_broken', remedy: 'refund_fine', allowedRemedies: ['refund_fine'] },
        arbitrary_closure: { ref: 'CMP-CL-1', test: 'no_rule_broken', remedy: 'restore_store', allowedRemedies: ['restore_store', 'release_deposit'] },
        withheld_deposit: { ref: 'CMP-DP-1', test: 'no_open_obligations', remedy: 'release_deposit', allowedRemedies: ['release_deposit'] },
        forced_insurance: { ref: 'CMP-SI-1', test: 'none', remedy: null, allowedRemedies: [] },
        other: { ref: 'CMP-OT-1', test: 'none', remedy: null, allowedRemedies: ['recover_refund', 'refund_fine', 'restore_store', 'release_deposit'] },
      },
      remedies: {
        recover_refund: { ref: 'CMP-RM-1', payer: 'platform_fund', payee: 'merchant' },
        refund_fine: { ref: 'CMP-RM-2', payer: 'platform', payee: 'merchant' },
        restore_store: { ref: 'CMP-RM-3', payer: null, payee: null },
        release_deposit: { ref: 'CMP-RM-4', payer: 'platform', payee: 'merchant' },
      },
      refs: { upheld: 'CMP-G-1', amountCap: 'CMP-G-2', noticeDefect: 'CMP-G-3' },
    },
    appeals: { refs: { uphold: 'APL-1', overturn: 'APL-2', modifyLowers: 'APL-3', modifyKeepsType: 'APL-4', reversal: 'APL-5' } },
    sla: {
      violation: { ref: 'SLA-V-1', byPriorityMs: [HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR] },
      refund_dispute: { ref: 'SLA-R-1', byPriorityMs: [2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR, 32 * HOUR] },
      merchant_complaint: { ref: 'SLA-C-1', byPriorityMs: [DAY, DAY, 2 * DAY, 3 * DAY, 5 * DAY] },
      appeal: { ref: 'SLA-A-1', byPriorityMs: [DAY, DAY, DAY, 2 * DAY, 3 * DAY] },
    },
    fourEyes: {
      alwaysOutcomes: ['close_store'],
      suspensionAboveDays: 7,
      fineAboveFen: 50_000,
      fundCompensationAboveFen: 100_000,
      complaintRemedies: ['restore_store'],
      refs: { closure: 'FE-1', suspension: 'FE-2', fine: 'FE-3', fundCompensation: 'FE-4', complaintRemedy: 'FE-5' },
    },
  };
}

/** A shape plus a generated clause for every reference it cites, parsed (so integrity is checked). */
export function withClauses(shape: Shape): Rulebook {
  const refs = new Set<string>();
  for (const section of [shape.violations, shape.refunds, shape.complaints, shape.appeals, shape.sla, shape.fourEyes]) for (const r of refsCitedBy(section)) refs.add(r);
  const clauses = [...refs].map((ref) => ({ ref, text_zh: `测试条款 ${ref}`, text_en: `test clause ${ref}` }));
  return Rulebook.parse({ ...shape, clauses });
}

/** The inline rulebook: one standard ladder, with inducement escalating two steps per repeat. */
export function fixtureRulebook(): Rulebook {
  const categories = Object.fromEntries(VIOLATION_CATEGORIES.map((c, i) => [
    c, c === 'inducement_interaction' ? category(`C${i}`, STANDARD_LADDER, [0, 1, 2, 4], 2) : category(`C${i}`, STANDARD_LADDER, [0, 1, 4, 7], 1),
  ])) as Record<ViolationCategory, ViolationCategoryRules>;
  return withClauses(shapeWith(categories));
}

// ---- arbitrary valid rulebooks ----------------------------------------------------------

export const arbPenaltyStep: fc.Arbitrary<PenaltyOutcome> = fc.oneof(
  fc.constant<PenaltyOutcome>(outcome.warning),
  fc.constant<PenaltyOutcome>(outcome.remove),
  fc.constant<PenaltyOutcome>(outcome.interrupt),
  fc.integer({ min: 1, max: 90 }).map((d): PenaltyOutcome => outcome.restrict(d)),
  fc.integer({ min: 1, max: 48 }).map((p): PenaltyOutcome => outcome.points(p)),
  fc.integer({ min: 1, max: 5_000_000 }).map((f): PenaltyOutcome => outcome.fine(f)),
  fc.integer({ min: 1, max: 90 }).map((d): PenaltyOutcome => outcome.suspend(d)),
  fc.constant<PenaltyOutcome>(outcome.close),
);

const arbCategoryRules = (code: string): fc.Arbitrary<ViolationCategoryRules> =>
  fc.array(arbPenaltyStep, { minLength: 1, maxLength: 12 }).chain((steps) => {
    const ladder = [...steps].sort(comparePenalties);
    return fc.tuple(
      fc.array(fc.integer({ min: 0, max: ladder.length - 1 }), { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 3 }),
    ).map(([entries, stepsPerRepeat]) => {
      const sorted = [...entries].sort((a, b) => a - b) as [number, number, number, number];
      return category(code, ladder, sorted, stepsPerRepeat);
    });
  });

/** Any rulebook the schema accepts, varying the violation ladders and the four-eyes thresholds. */
export const arbRulebook: fc.Arbitrary<Rulebook> = fc.tuple(
  fc.tuple(...VIOLATION_CATEGORIES.map((_, i) => arbCategoryRules(`C${i}`))),
  fc.integer({ min: 0, max: 90 }),
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.boolean(),
).map(([rules, suspensionAboveDays, fineAboveFen, creatorToo]) => {
  const shape = shapeWith(Object.fromEntries(VIOLATION_CATEGORIES.map((c, i) => [c, rules[i]])) as Record<ViolationCategory, ViolationCategoryRules>);
  return withClauses({ ...shape, fourEyes: { ...shape.fourEyes, suspensionAboveDays, fineAboveFen, alwaysOutcomes: creatorToo ? ['close_store', 'remove_creator'] : ['close_store'] } });
});

// ---- cases --------------------------------------------------------------------------------

function base(id: string, amountFen: number, category: ProductCategory) {
  return {
    id, version: 1, status: 'open' as const, priority: 3, createdAt: T0, updatedAt: T0, slaDueAt: T0 + DAY,
    category, region: 'guangdong' as const, title: `case ${id}`, amountFen,
    merchant: { id: 'M1', name: 'Test store', region: 'guangdong' as const, depositFen: 200_000, openedAt: T0 - 400 * DAY, priorViolations: 0 },
    buyer: { id: 'B1', nickname: 'buyer', phoneMasked: '138****1234', priorDisputes: 0, flaggedMalicious: false },
    evidence: [], history: [], lastDecision: null,
  };
}

export interface ViolationOptions {
  category?: ViolationCategory; severity?: Severity; priors?: number; harm?: boolean; subjectType?: SubjectType; withCreator?: boolean;
}

export function violationCase(o: ViolationOptions = {}): ViolationCase {
  const c = {
    ...base('V1', 0, 'apparel'),
    merchant: { ...base('V1', 0, 'apparel').merchant, priorViolations: o.priors ?? 0 },
    kind: 'violation' as const,
    detail: {
      subject: { type: o.subjectType ?? 'product', id: 'S1', title: 'subject' },
      violationCategory: o.category ?? 'false_advertising',
      severity: o.severity ?? 'general',
      source: 'user_report' as const,
      modelScore: null,
      creator: o.withCreator || o.subjectType === 'creator' ? { id: 'CR1', name: 'host', followers: 10_000 } : null,
      harm: o.harm ?? false,
      claim: 'claims the jacket is pure down',
    },
  };
  return Case.parse(c) as ViolationCase;
}

export interface OrderOptions {
  category?: ProductCategory; paidFen?: number; guarantees?: Guarantee[]; signed?: boolean;
}

export function order(o: OrderOptions = {}): Order {
  return {
    id: 'O1', productTitle: 'goods', category: o.category ?? 'apparel', amountPaidFen: o.paidFen ?? 39_900,
    paidAt: T0 - 5 * DAY, deliveredAt: o.signed === false ? null : T0 - 3 * DAY, signedAt: o.signed === false ? null : T0 - 3 * DAY,
    guarantees: o.guarantees ?? ['seven_day_no_reason', 'shipping_insurance'], logistics: [], returnWeightGrams: null,
  };
}

export interface RefundOptions extends OrderOptions {
  /** Time of the request after sign-off. */
  requestedAfterMs?: number; requestType?: AfterSaleType; requestFen?: number;
}

export function refundCase(o: RefundOptions = {}): RefundDisputeCase {
  const ord = order(o);
  const signedAt = ord.signedAt ?? T0 - 3 * DAY;
  const c = {
    ...base('R1', ord.amountPaidFen, ord.category),
    kind: 'refund_dispute' as const,
    detail: {
      order: ord,
      request: { type: o.requestType ?? 'return_refund', amountFen: o.requestFen ?? ord.amountPaidFen, reason: 'not as expected', requestedAt: signedAt + (o.requestedAfterMs ?? 2 * DAY) },
      buyerStatement: '', merchantStatement: '', chat: [],
    },
  };
  return Case.parse(c) as RefundDisputeCase;
}

export interface ComplaintOptions {
  complaintType?: ComplaintType; contestedFen?: number | null; order?: Order | null; depositFen?: number;
}

export function complaintCase(o: ComplaintOptions = {}): MerchantComplaintCase {
  const b = base('MC1', o.contestedFen ?? 0, o.order?.category ?? 'apparel');
  const c = {
    ...b,
    merchant: { ...b.merchant, depositFen: o.depositFen ?? b.merchant.depositFen },
    kind: 'merchant_complaint' as const,
    detail: {
      complaintType: o.complaintType ?? 'arbitrary_refund',
      statement: 'we did nothing wrong',
      contested: { action: 'refund ruled for the buyer', amountFen: o.contestedFen === undefined ? 39_900 : o.contestedFen, relatedCaseId: 'R1', actedAt: T0 - DAY },
      order: o.order === undefined ? order() : o.order,
    },
  };
  return Case.parse(c) as MerchantComplaintCase;
}

export function appealCase(contested: ViolationOutcome, appellant: 'merchant' | 'creator' = 'merchant', ruleRef = 'VIO-C0-2.6'): AppealCase {
  const c = {
    ...base('A1', contested.type === 'fine' ? contested.amountFen : 0, 'apparel'),
    kind: 'appeal' as const,
    detail: {
      appellant: { type: appellant, id: appellant === 'creator' ? 'CR1' : 'M1', name: 'appellant' },
      statement: 'the penalty is too heavy',
      contested: {
        caseId: 'V1', decisionId: '2b0f6a56-3b8f-4a57-9f0e-1f0a7c1d2e3f', decidedBy: { id: 'S9', name: 'moderator' }, decidedAt: T0 - DAY, outcome: contested, ruleRef,
      },
    },
  };
  return Case.parse(c) as AppealCase;
}

// ---- arbitrary facts --------------------------------------------------------------------

export const arbRefundFactsInput = fc.record({
  kind: fc.constant('refund_dispute' as const),
  notReceived: fc.boolean(), qualityDefect: fc.boolean(), arrivedDamaged: fc.boolean(), buyerCausedDamage: fc.boolean(), worn: fc.boolean(),
  allergyReaction: fc.boolean(), plantDied: fc.boolean(), falseLiveClaim: fc.boolean(), merchantAtFault: fc.boolean(), falseEvidence: fc.boolean(),
  reportedWithinHours: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
  damagedShareBp: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  establishedLossFen: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
}, { requiredKeys: ['kind'] });
