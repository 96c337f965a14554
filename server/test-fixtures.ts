/**
 * Small realistic cases for the case service's tests, valid against `CaseInput`: an
 * inducement-interaction live room, a damaged fishing rod refund dispute, a merchant fined
 * ¥300 for damage the buyer caused, and an appeal against a store suspension.
 */
import { randomUUID } from 'node:crypto';
import {
  CaseInput, type Buyer, type DecisionBody, type Merchant, type Order, type Severity, type StaffMember, type ViolationCategory,
} from '../shared/domain';
import { AppealFacts, ComplaintFacts, RefundFacts, ViolationFacts } from '../shared/rulebook';
import type { DecisionCommand } from '../shared/sync/protocol';

/** 2025-06-01 08:00 UTC: fixtures are dated, never "now". */
export const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const STAFF = {
  moderator: { id: 'mod-li-na', name: '李娜', role: 'moderator' },
  arbiter: { id: 'arb-wang-qiang', name: '王强', role: 'arbiter' },
  arbiter2: { id: 'arb-zhao-min', name: '赵敏', role: 'arbiter' },
  supervisor: { id: 'sup-chen-jing', name: '陈静', role: 'supervisor' },
  supervisor2: { id: 'sup-liu-yang', name: '刘洋', role: 'supervisor' },
  platform: { id: 'platform-ingest', name: 'Platform ingest', role: 'platform' },
} as const satisfies Record<string, StaffMember>;
export type StaffKey = keyof typeof STAFF;

export function merchant(id = 'm-gd-fishing-01', o: Partial<Merchant> = {}): Merchant {
  return { id, name: '粤钓渔具专营店', region: 'guangdong', depositFen: 200_000, openedAt: T0 - 400 * DAY, priorViolations: 1, ...o };
}

export function buyer(id = 'b-3391027', o: Partial<Buyer> = {}): Buyer {
  return { id, nickname: '钓鱼老张', phoneMasked: '138****1234', priorDisputes: 0, flaggedMalicious: false, ...o };
}

export function order(id = 'o-20250528-771203', o: Partial<Order> = {}): Order {
  return {
    id,
    productTitle: '碳素路亚竿 2.1米 直柄',
    category: 'outdoor',
    amountPaidFen: 35_900,
    paidAt: T0 - 5 * DAY,
    deliveredAt: T0 - 3 * DAY,
    signedAt: T0 - 3 * DAY + 2 * HOUR,
    guarantees: ['seven_day_no_reason', 'shipping_insurance', 'breakage_return'],
    logistics: [
      { at: T0 - 5 * DAY + HOUR, event: '商家已发货 (SF1234567890)' },
      { at: T0 - 3 * DAY + 2 * HOUR, event: '已签收' },
    ],
    returnWeightGrams: null,
    ...o,
  };
}

const common = (id: string, title: string) => ({
  id,
  status: 'open' as const,
  priority: 3,
  createdAt: T0,
  updatedAt: T0,
  slaDueAt: T0 + 2 * DAY,
  category: 'outdoor' as const,
  region: 'guangdong' as const,
  title,
  merchant: merchant(),
  evidence: [],
  history: [{ at: T0, actor: 'platform', event: 'opened', detail: 'case opened' }],
});

export function violationCase(id: string, o: Partial<Extract<CaseInput, { kind: 'violation' }>> = {}): CaseInput {
  return CaseInput.parse({
    ...common(id, '直播间诱导互动：评论后优先发货'),
    kind: 'violation',
    amountFen: 0,
    buyer: null,
    detail: {
      subject: { type: 'live_room', id: 'lr-88120', title: '粤钓渔具 晚8点专场' },
      violationCategory: 'inducement_interaction',
      severity: 'minor',
      source: 'automated',
      modelScore: 0.91,
      creator: { id: 'cr-fisher-wu', name: '钓鱼的吴哥', followers: 412_000 },
      harm: false,
      claim: '"拍下后评论区扣1，我优先给你发货"',
    },
    ...o,
  });
}

/** A violation of `violationCategory` and `severity` by the store `merchantId` (for penalties up the ladder). */
export function penaltyCase(id: string, violationCategory: ViolationCategory, severity: Severity, merchantId = 'm-gd-fishing-01'): CaseInput {
  const base = violationCase(id);
  if (base.kind !== 'violation') throw new Error('violationCase makes violations');
  return CaseInput.parse({
    ...base,
    title: '商品质检不合格：钓线拉力不达标',
    merchant: merchant(merchantId),
    detail: { ...base.detail, subject: { type: 'product', id: `p-${id}`, title: '高强度PE钓线 300米' }, violationCategory, severity, source: 'sampling', modelScore: null },
  });
}

export function refundDisputeCase(id: string, o: Partial<Extract<CaseInput, { kind: 'refund_dispute' }>> = {}): CaseInput {
  return CaseInput.parse({
    ...common(id, '鱼竿到货断裂，买家申请仅退款'),
    kind: 'refund_dispute',
    amountFen: 35_900,
    buyer: buyer(),
    detail: {
      order: order(),
      request: { type: 'refund_only', amountFen: 35_900, reason: '收到时竿梢已断', requestedAt: T0 - 2 * DAY },
      buyerStatement: '拆开包装就发现第二节断了，有开箱视频。',
      merchantStatement: '发货前逐支检查并拍照，怀疑是买家使用后折断。',
      chat: [
        { at: T0 - 2 * DAY, from: 'buyer', text: '鱼竿断了，怎么处理？' },
        { at: T0 - 2 * DAY + HOUR, from: 'merchant', text: '请提供开箱视频，我们核实。' },
      ],
    },
    ...o,
  });
}

export function merchantComplaintCase(id: string, o: Partial<Extract<CaseInput, { kind: 'merchant_complaint' }>> = {}): CaseInput {
  return CaseInput.parse({
    ...common(id, '商家投诉：买家签收后损坏商品，平台罚款300元'),
    kind: 'merchant_complaint',
    amountFen: 30_000,
    buyer: buyer('b-5520113', { nickname: 'summer' }),
    detail: {
      complaintType: 'arbitrary_fine',
      statement: '商品签收时完好，买家使用后损坏，平台却对我们罚款300元。',
      contested: { action: 'fine ¥300 for a damaged product', amountFen: 30_000, relatedCaseId: null, actedAt: T0 - DAY },
      order: order('o-20250520-100387', { amountPaidFen: 12_800, productTitle: '户外折叠椅', category: 'outdoor' }),
    },
    ...o,
  });
}

export function appealCase(id: string, decidedBy: { id: string; name: string } = STAFF.moderator, o: Partial<Extract<CaseInput, { kind: 'appeal' }>> = {}): CaseInput {
  return CaseInput.parse({
    ...common(id, '申诉：店铺被暂停经营7天'),
    kind: 'appeal',
    amountFen: 0,
    buyer: null,
    detail: {
      appellant: { type: 'merchant', id: 'm-gd-fishing-01', name: '粤钓渔具专营店' },
      statement: '我们已整改直播话术，首次违规，请求缩短处罚。',
      contested: {
        caseId: 'v-2025-000101',
        decisionId: '7f1c3c52-2f0e-4a64-9a3e-6b2f9b1d0a11',
        decidedBy,
        decidedAt: T0 - 3 * DAY,
        outcome: { type: 'suspend_store', days: 7 },
        ruleRef: 'VIO-II-3.2',
      },
    },
    ...o,
  });
}

/** Reasons and rule citations reviewers would write for each kind. */
export const BODIES = {
  warning: { kind: 'violation', outcome: { type: 'warning' } },
  partialRefund: (amountFen: number) => ({ kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen } }),
  fullRefund: { kind: 'refund_dispute', outcome: { type: 'full_refund' } },
  uphold: { kind: 'merchant_complaint', outcome: { type: 'uphold' } },
  shorterSuspension: { kind: 'appeal', outcome: { type: 'modify', suspendDays: 3 } },
} as const satisfies Record<string, DecisionBody | ((n: number) => DecisionBody)>;

/**
 * The clause and established facts under which each fixture body is what rulebook 2026.11
 * recommends for the fixture cases above, so a decision built with them is accepted without a
 * justification: a first minor inducement without harm → warning (VIO-GEN-1); the rod broken
 * on arrival → breakage return (REF-BR-1), partly when the loss is less; a fine complaint
 * where the rule was broken → uphold (CMP-GEN-1); appeals by the rulebook's lighter penalty.
 */
export function rulingFor(body: DecisionBody): Pick<DecisionCommand, 'ruleRef' | 'facts'> {
  switch (body.kind) {
    case 'violation':
      return body.outcome.type === 'warning'
        ? { ruleRef: 'VIO-GEN-1', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 0 }) }
        : { ruleRef: 'VIO-II-1', facts: ViolationFacts.parse({ kind: 'violation' }) };
    case 'refund_dispute': {
      const o = body.outcome;
      const loss = o.type === 'partial_refund' ? { establishedLossFen: o.amountFen } : {};
      return { ruleRef: 'REF-BR-1', facts: RefundFacts.parse({ kind: 'refund_dispute', arrivedDamaged: true, ...loss }) };
    }
    case 'merchant_complaint':
      return { ruleRef: 'CMP-GEN-1', facts: ComplaintFacts.parse({ kind: 'merchant_complaint' }) };
    case 'appeal': {
      const o = body.outcome;
      if (o.type === 'overturn') return { ruleRef: 'APL-2', facts: AppealFacts.parse({ kind: 'appeal', violationEstablished: false }) };
      if (o.type === 'modify') {
        const lighter = o.penalty ?? (o.suspendDays !== undefined ? { type: 'suspend_store', days: o.suspendDays } : { type: 'fine', amountFen: o.fineFen });
        return { ruleRef: 'APL-3', facts: AppealFacts.parse({ kind: 'appeal', rulebookOutcome: lighter }) };
      }
      return { ruleRef: 'APL-1', facts: AppealFacts.parse({ kind: 'appeal' }) };
    }
  }
}

export function decision(caseId: string, o: Partial<DecisionCommand> & Pick<DecisionCommand, 'mutationId' | 'body'>): DecisionCommand {
  return {
    decisionId: randomUUID(),
    caseId,
    baseVersion: 1,
    leaseEpoch: 1,
    // The service keeps a console's time only within the lease and its own clock (MAX_CLOCK_SKEW_MS).
    decidedAt: Date.now(),
    ...rulingFor(o.body),
    reason: '开箱视频显示到货即断裂，商家无法证明发货完好。',
    ...o,
  };
}
