/**
 * A decision in words (both languages), the kind of restriction it is and what it applies to,
 * all from the decision body and the case's structured fields: never from free text a person
 * wrote, so no personal data can slip in.
 */
import type {
  AppealCase, Case, DecisionBody, MerchantComplaintCase, RefundDisputeCase, RefundDisputeOutcome, ViolationCase, ViolationOutcome,
} from '../domain';
import { describePenalty, formatYuan, penaltyAfterAppeal, REMEDY_NAMES, refundAmountFen, reversalAmountFen } from '../rulebook';
import type { Bilingual, DecisionScope, Restriction } from './schema';

export interface DescribedDecision {
  description: Bilingual;
  restriction: Restriction;
  scope: DecisionScope;
}

const SUBJECT_NAMES: Record<ViolationCase['detail']['subject']['type'], Bilingual> = {
  product: { zh: '商品', en: 'the product' },
  live_room: { zh: '直播间', en: 'the live room' },
  short_video: { zh: '短视频', en: 'the short video' },
  creator: { zh: '创作者账号', en: 'the creator account' },
  store: { zh: '店铺', en: 'the store' },
};

const VIOLATION_RESTRICTION: Record<ViolationOutcome['type'], Restriction> = {
  dismiss: 'none',
  warning: 'none',
  remove_product: 'visibility',
  interrupt_live: 'visibility',
  restrict_traffic: 'visibility',
  deduct_points: 'account_standing',
  fine: 'monetary',
  suspend_store: 'service_suspension',
  close_store: 'service_termination',
  remove_creator: 'account_termination',
};

function penaltyScope(o: ViolationOutcome): Pick<DecisionScope, 'durationDays' | 'amountFen' | 'points'> {
  return {
    durationDays: o.type === 'suspend_store' || o.type === 'restrict_traffic' ? o.days : null,
    amountFen: o.type === 'fine' ? o.amountFen : null,
    points: o.type === 'deduct_points' ? o.points : null,
  };
}

function describeViolation(c: ViolationCase, o: ViolationOutcome): DescribedDecision {
  const subject = c.detail.subject;
  const what = SUBJECT_NAMES[subject.type];
  const penalty = describePenalty(o);
  return {
    description: { zh: `对${what.zh}作出处理：${penalty.zh}`, en: `${penalty.en} on ${what.en}` },
    restriction: VIOLATION_RESTRICTION[o.type],
    // A creator's id identifies a person; content and store ids do not.
    scope: { subject: subject.type, subjectId: subject.type === 'creator' ? null : subject.id, productCategory: c.category, ...penaltyScope(o), description: what },
  };
}

function refundWords(c: RefundDisputeCase, o: RefundDisputeOutcome): Bilingual {
  const amount = formatYuan(refundAmountFen(c.detail.order, o));
  switch (o.type) {
    case 'full_refund': return { zh: `全额退款${amount}，由商家承担`, en: `a full refund of ${amount}, borne by the merchant` };
    case 'partial_refund': return { zh: `部分退款${amount}，由商家承担`, en: `a partial refund of ${amount}, borne by the merchant` };
    case 'return_and_refund': return { zh: `退货退款${amount}，由商家承担`, en: `return and refund of ${amount}, borne by the merchant` };
    case 'reject': return { zh: '驳回退款申请', en: 'the refund request is rejected' };
    case 'fund_compensation': return { zh: `由平台保障基金赔付${amount}`, en: `compensation of ${amount} from the platform guarantee fund` };
    case 'flag_malicious_buyer': {
      const m = o.evidenceMatch;
      // The case service checked the cited match against its own hashes before accepting it.
      if (!m) return { zh: '驳回退款申请，并认定为恶意售后', en: 'the refund request is rejected as abusive' };
      return {
        zh: `驳回退款申请，并认定为恶意售后；证据：买家照片（sha256 ${m.sha256.slice(0, 12)}…）与案件 ${m.matchedCaseId} 中的照片（sha256 ${m.matchedSha256.slice(0, 12)}…）为同一张照片（感知哈希 PDQ 距离 ${m.distance}）`,
        en: `the refund request is rejected as abusive; evidence: the buyer's photo (sha256 ${m.sha256.slice(0, 12)}…) is the same photo as one in case ${m.matchedCaseId} (sha256 ${m.matchedSha256.slice(0, 12)}…; PDQ perceptual-hash distance ${m.distance})`,
      };
    }
  }
}

function describeRefund(c: RefundDisputeCase, o: RefundDisputeOutcome): DescribedDecision {
  const merchantPays = o.type === 'full_refund' || o.type === 'partial_refund' || o.type === 'return_and_refund';
  const amount = refundAmountFen(c.detail.order, o);
  return {
    description: refundWords(c, o),
    restriction: merchantPays ? 'monetary' : 'none',
    scope: {
      subject: 'order', subjectId: null, productCategory: c.detail.order.category, durationDays: null, amountFen: amount > 0 ? amount : null, points: null,
      description: { zh: '售后订单', en: 'an after-sale order' },
    },
  };
}

function describeComplaint(c: MerchantComplaintCase, body: Extract<DecisionBody, { kind: 'merchant_complaint' }>): DescribedDecision {
  const o = body.outcome;
  const scope = (amountFen: number | null): DecisionScope => ({
    subject: 'platform_action', subjectId: c.detail.contested.relatedCaseId, productCategory: c.category, durationDays: null, amountFen, points: null,
    description: { zh: '被投诉的平台处理', en: 'the platform action complained of' },
  });
  if (o.type === 'uphold') {
    return { description: { zh: '投诉不成立，维持原处理', en: 'the complaint is not made out; the original handling stands' }, restriction: 'none', scope: scope(null) };
  }
  const remedy = REMEDY_NAMES[o.remedy];
  const amount = reversalAmountFen(c, o);
  const money = amount > 0 ? { zh: formatYuan(amount), en: ` of ${formatYuan(amount)}` } : { zh: '', en: '' };
  const extent = o.extent === 'full' ? { zh: '全部撤销原处理', en: 'the original handling is reversed in full' } : { zh: '部分撤销原处理', en: 'the original handling is partly reversed' };
  return {
    description: { zh: `${extent.zh}，${remedy.zh}${money.zh}`, en: `${extent.en}: ${remedy.en}${money.en}` },
    restriction: o.extent === 'full' ? 'restriction_lifted' : 'restriction_reduced',
    scope: scope(amount > 0 ? amount : null),
  };
}

function describeAppeal(c: AppealCase, body: Extract<DecisionBody, { kind: 'appeal' }>): DescribedDecision {
  const o = body.outcome;
  const contested = describePenalty(c.detail.contested.outcome);
  const after = penaltyAfterAppeal(c, o);
  const scope: DecisionScope = {
    subject: 'penalty', subjectId: c.detail.contested.decisionId, productCategory: c.category, ...penaltyScope(after),
    description: { zh: '被申诉的处罚决定', en: 'the contested penalty decision' },
  };
  switch (o.type) {
    case 'uphold': return { description: { zh: `申诉不成立，维持原处罚：${contested.zh}`, en: `the appeal is dismissed; the penalty stands: ${contested.en}` }, restriction: 'none', scope };
    case 'overturn': return { description: { zh: `申诉成立，撤销原处罚（${contested.zh}）`, en: `the appeal is upheld; the penalty (${contested.en}) is overturned` }, restriction: 'restriction_lifted', scope };
    case 'modify': {
      const now = describePenalty(after);
      return { description: { zh: `申诉部分成立，原处罚（${contested.zh}）变更为${now.zh}`, en: `the appeal is partly upheld; the penalty (${contested.en}) is reduced to ${now.en}` }, restriction: 'restriction_reduced', scope };
    }
  }
}

/** Throws when the body is for another kind of case: the caller pairs them from one record. */
export function describeDecision(c: Case, body: DecisionBody): DescribedDecision {
  if (c.kind === 'violation' && body.kind === 'violation') return describeViolation(c, body.outcome);
  if (c.kind === 'refund_dispute' && body.kind === 'refund_dispute') return describeRefund(c, body.outcome);
  if (c.kind === 'merchant_complaint' && body.kind === 'merchant_complaint') return describeComplaint(c, body);
  if (c.kind === 'appeal' && body.kind === 'appeal') return describeAppeal(c, body);
  throw new Error(`a ${body.kind} decision cannot describe a ${c.kind} case`);
}
