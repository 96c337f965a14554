/**
 * Refund disputes: which basis applies (the law's quality-defect rule, or one of the 安心购
 * guarantees on the order), the refund due (never above the amount paid) and who bears it.
 * Bases are tried in a fixed order: the merchant's own responsibility first, then the covers
 * the guarantee fund pays, then the no-reason return.
 */
import type { AfterSaleType, Guarantee, RefundDisputeCase, RefundDisputeOutcome, RuleRef } from '../domain';
import { involvesReturn, refundAmountFen } from './amounts';
import { clauses, duration, fact } from './clauses';
import type { RefundFacts } from './facts';
import { refundLedger } from './ledger';
import { fenOfBasisPoints, formatYuan } from './money';
import type { Rulebook } from './schema';
import { breach, type Breach, type Fact, type LedgerParty, type Recommendation } from './types';

export const REFUND_BASES = [
  'not_received', 'quality_defect', 'breakage_return', 'damaged_fresh', 'live_truthfulness', 'allergy_return', 'dead_plant', 'seven_day_no_reason',
] as const;
export type RefundBasis = (typeof REFUND_BASES)[number];

export interface BasisFinding {
  basis: RefundBasis;
  applies: boolean;
  ref: RuleRef;
  /** Why it applies or not. */
  fact: Fact;
  /** The guarantee fund pays (the merchant is not at fault under a platform cover). */
  fundPays: boolean;
  /** The goods go back to the merchant. */
  needsReturn: boolean;
  /** Most this basis pays, before the request and the amount paid cap it. */
  capFen: number;
}

export interface RefundAssessment {
  outcome: RefundDisputeOutcome;
  ruleRef: RuleRef;
  refs: RuleRef[];
  facts: Fact[];
  basis: RefundBasis | null;
  costBearer?: LedgerParty;
  findings: BasisFinding[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AFTER_SALE_NAMES: Record<AfterSaleType, { zh: string; en: string }> = {
  refund_only: { zh: '仅退款', en: 'refund only' },
  return_refund: { zh: '退货退款', en: 'return and refund' },
  exchange: { zh: '换货', en: 'exchange' },
};

/** Every basis the dispute could rest on, in the order they are tried. */
export function refundFindings(c: RefundDisputeCase, f: RefundFacts, rb: Rulebook): BasisFinding[] {
  const r = rb.refunds;
  const order = c.detail.order;
  const paid = order.amountPaidFen;
  const has = (g: Guarantee): boolean => order.guarantees.includes(g);
  const since = order.signedAt === null ? null : Math.max(0, c.detail.request.requestedAt - order.signedAt);
  const sinceText = since === null ? null : duration(since);
  const out: BasisFinding[] = [];
  const add = (basis: RefundBasis, applies: boolean, ref: RuleRef, zh: string, en: string, more: Partial<BasisFinding> = {}): void => {
    out.push({ basis, applies, ref, fact: fact(`${basis}${applies ? '' : '_not'}`, zh, en), fundPays: false, needsReturn: false, capFen: paid, ...more });
  };
  const notSigned = (basis: RefundBasis, ref: RuleRef): void => add(basis, false, ref, '订单尚未签收，无法起算时限', 'the order has not been signed for, so the window cannot run');

  if (f.notReceived || order.signedAt === null) {
    if (f.notReceived) add('not_received', true, r.notReceived.ref, '货物未送达买家：商家全额退款', 'the goods never reached the buyer: the merchant refunds in full');
    else add('not_received', false, r.notReceived.ref, '订单未签收，但未认定货物丢失', 'not signed for, but the goods are not established as lost');
  }

  if (f.qualityDefect && !f.buyerCausedDamage) add('quality_defect', true, r.qualityDefect.ref, '商品存在非买家造成的质量问题：质量问题商品始终可退', 'a quality problem the buyer did not cause: always refundable');
  else if (f.qualityDefect) add('quality_defect', false, r.qualityDefect.ref, '损坏系买家造成，不属质量问题', 'the damage was caused by the buyer, not a quality problem');
  else add('quality_defect', false, r.qualityDefect.ref, '未认定质量问题', 'no quality problem established');

  if (has('breakage_return')) {
    const ref = r.breakage.ref;
    if (r.breakage.excludedCategories.includes(order.category)) add('breakage_return', false, ref, '虚拟及二手商品不适用坏损包退', 'breakage return does not cover virtual or second-hand goods');
    else if (!f.arrivedDamaged || f.buyerCausedDamage) add('breakage_return', false, ref, '未认定到货破损', 'not established as damaged on arrival');
    else add('breakage_return', true, ref, '到货破损：适用坏损包退', 'damaged on arrival: breakage return applies', { needsReturn: c.detail.request.type !== 'refund_only' });
  }

  if (has('damaged_fresh')) {
    const rule = r.damagedFresh;
    const hours = f.reportedWithinHours ?? (since === null ? null : Math.ceil(since / HOUR));
    if (!rule.categories.includes(order.category)) add('damaged_fresh', false, rule.ref, '非生鲜商品，不适用坏单包赔', 'not fresh goods: damaged-fresh compensation does not apply');
    else if (!f.arrivedDamaged || f.buyerCausedDamage) add('damaged_fresh', false, rule.ref, '未认定到货坏损', 'not established as spoiled or damaged on arrival');
    else if (hours === null) notSigned('damaged_fresh', rule.ref);
    else if (hours > rule.reportWithinHours) add('damaged_fresh', false, rule.ref, `签收后${hours}小时才报告，超过${rule.reportWithinHours}小时时限`, `reported ${hours} hours after sign-off, beyond the ${rule.reportWithinHours}-hour limit`);
    else {
      const share = f.damagedShareBp;
      const capFen = share === undefined ? paid : fenOfBasisPoints(paid, share);
      const part = share === undefined ? { zh: '全部', en: 'all of the order' } : { zh: `${share / 100}%`, en: `${share / 100}% of the order` };
      add('damaged_fresh', true, rule.ref, `签收后${hours}小时内报告坏损（${part.zh}）：坏单包赔`, `damage (${part.en}) reported within ${hours} hours of sign-off: damaged-fresh compensation`, { capFen });
    }
  }

  if (has('live_truthfulness')) {
    const rule = r.liveTruthfulness;
    if (!f.falseLiveClaim) add('live_truthfulness', false, rule.ref, '未认定直播中存在不实描述', 'no false live-stream claim established');
    else if (f.merchantAtFault) add('live_truthfulness', true, rule.ref, '直播不实描述系商家所致：商家退款', 'the false live-stream claim is the merchant\'s own: the merchant refunds');
    else add('live_truthfulness', true, rule.ref, '达人直播不实描述：直播真实宝由保障基金赔付', 'a creator\'s false live-stream claim: the truthfulness cover pays from the guarantee fund', { fundPays: true, capFen: fenOfBasisPoints(paid, rule.compensationBp) });
  }

  if (has('allergy_return')) {
    const rule = r.allergy;
    if (!rule.categories.includes(order.category)) add('allergy_return', false, rule.ref, '非美妆个护或母婴商品，不适用过敏包退', 'not beauty, personal-care or baby goods: allergy return does not apply');
    else if (!f.allergyReaction) add('allergy_return', false, rule.ref, '未认定过敏反应', 'no allergic reaction established');
    else if (since === null || sinceText === null) notSigned('allergy_return', rule.ref);
    else if (since > rule.windowDays * DAY) add('allergy_return', false, rule.ref, `签收后${sinceText.zh}申请，超过${rule.windowDays}天`, `requested ${sinceText.en} after sign-off, beyond ${rule.windowDays} days`);
    else add('allergy_return', true, rule.ref, `签收后${sinceText.zh}内出现过敏：过敏包退`, `an allergic reaction within ${sinceText.en} of sign-off: allergy return`, { needsReturn: true });
  }

  if (has('dead_plant')) {
    const rule = r.deadPlant;
    if (!rule.categories.includes(order.category)) add('dead_plant', false, rule.ref, '非绿植商品，不适用养死包赔', 'not a potted plant: dead-plant compensation does not apply');
    else if (!f.plantDied || f.buyerCausedDamage) add('dead_plant', false, rule.ref, '未认定正常养护下死亡', 'not established as dying despite ordinary care');
    else if (since === null || sinceText === null) notSigned('dead_plant', rule.ref);
    else if (since > rule.windowDays * DAY) add('dead_plant', false, rule.ref, `签收后${sinceText.zh}申请，超过${rule.windowDays}天`, `requested ${sinceText.en} after sign-off, beyond ${rule.windowDays} days`);
    else if (f.merchantAtFault) add('dead_plant', true, rule.ref, '植株发货时已有病害，系商家责任：商家退款', 'the plant was unhealthy when shipped: the merchant refunds');
    else add('dead_plant', true, rule.ref, '正常养护下死亡：养死包赔由保障基金赔付', 'died despite ordinary care: dead-plant compensation from the guarantee fund', { fundPays: true, capFen: fenOfBasisPoints(paid, rule.compensationBp) });
  }

  if (has('seven_day_no_reason')) {
    const rule = r.sevenDay;
    if (rule.excludedCategories.includes(order.category)) add('seven_day_no_reason', false, rule.exclusionRef, '生鲜易腐等商品依法不适用七天无理由退货', 'perishable fresh and similar goods are excluded from 7-day no-reason return by law');
    else if (since === null || sinceText === null) notSigned('seven_day_no_reason', rule.ref);
    else if (since > rule.windowDays * DAY) add('seven_day_no_reason', false, rule.ref, `签收后${sinceText.zh}申请，超过${rule.windowDays}天`, `requested ${sinceText.en} after sign-off, beyond ${rule.windowDays} days`);
    else if (f.worn || f.buyerCausedDamage) add('seven_day_no_reason', false, rule.conditionRef, '商品已穿用或损坏，不再完好，不适用七天无理由', 'the goods are worn or damaged, no longer intact: no-reason return does not apply');
    else add('seven_day_no_reason', true, rule.ref, `签收后${sinceText.zh}申请，商品完好：七天无理由退货`, `requested ${sinceText.en} after sign-off with the goods intact: 7-day no-reason return`, { needsReturn: true });
  }
  return out;
}

/** The buyer is shown at fault: no basis may charge the merchant for it. */
function buyerAtFault(f: RefundFacts): boolean {
  return f.buyerCausedDamage || f.worn || f.falseEvidence;
}

export function assessRefund(c: RefundDisputeCase, f: RefundFacts, rb: Rulebook): RefundAssessment {
  const r = rb.refunds;
  const order = c.detail.order;
  const request = c.detail.request;
  const paid = order.amountPaidFen;
  const findings = refundFindings(c, f, rb);
  const facts: Fact[] = [
    fact('order', `实付${formatYuan(paid)}，买家申请${AFTER_SALE_NAMES[request.type].zh}${formatYuan(request.amountFen)}`, `paid ${formatYuan(paid)}; the buyer asks for ${AFTER_SALE_NAMES[request.type].en} of ${formatYuan(request.amountFen)}`),
  ];
  const reject = (ref: RuleRef, zh: string, en: string, type: 'reject' | 'flag_malicious_buyer' = 'reject'): RefundAssessment => ({
    outcome: { type }, ruleRef: ref, refs: [ref], basis: null, findings,
    facts: [...facts, ...findings.map((x) => x.fact), fact(type, zh, en)],
  });

  if (f.falseEvidence) return reject(r.refs.maliciousBuyer, '买家证据虚假或属恶意售后：驳回并标记恶意买家', 'the buyer\'s evidence is false or the request abusive: rejected and the buyer flagged', 'flag_malicious_buyer');
  const chosen = findings.find((x) => x.applies);
  if (!chosen) {
    return buyerAtFault(f)
      ? reject(r.refs.buyerFault, '损失系买家造成：商家不承担', 'the loss was caused by the buyer: the merchant does not bear it')
      : reject(r.refs.noBasis, '无可适用的退款依据：驳回', 'no basis for a refund applies: rejected');
  }

  const refs: RuleRef[] = [chosen.ref];
  const due = Math.min(chosen.capFen, paid, request.amountFen, f.establishedLossFen ?? paid);
  if (request.amountFen > paid) {
    refs.push(r.refs.capAtAmountPaid);
    facts.push(fact('capped_at_paid', `退款以实付金额${formatYuan(paid)}为限`, `a refund is capped at the ${formatYuan(paid)} paid`));
  }
  if (f.establishedLossFen !== undefined && f.establishedLossFen < Math.min(chosen.capFen, paid)) {
    facts.push(fact('established_loss', `经证据认定损失${formatYuan(f.establishedLossFen)}`, `the evidence establishes a loss of ${formatYuan(f.establishedLossFen)}`));
  }
  if (due <= 0) return { ...reject(r.refs.noBasis, '无应退金额', 'nothing is due'), refs: [r.refs.noBasis, chosen.ref] };
  facts.push(...findings.map((x) => x.fact));

  let outcome: RefundDisputeOutcome;
  if (chosen.fundPays) outcome = { type: 'fund_compensation', amountFen: due };
  else if (chosen.needsReturn || (request.type !== 'refund_only' && chosen.basis === 'quality_defect')) {
    outcome = due === paid ? { type: 'return_and_refund' } : { type: 'partial_refund', amountFen: due };
  } else outcome = due === paid ? { type: 'full_refund' } : { type: 'partial_refund', amountFen: due };

  const bearer: LedgerParty = chosen.fundPays ? 'platform_fund' : 'merchant';
  facts.push(fact('cost_bearer', bearer === 'platform_fund' ? `由平台保障基金赔付${formatYuan(due)}` : `由商家退款${formatYuan(due)}`, bearer === 'platform_fund' ? `the platform guarantee fund pays ${formatYuan(due)}` : `the merchant refunds ${formatYuan(due)}`));
  if (involvesReturn(outcome) && order.guarantees.includes('shipping_insurance')) {
    refs.push(r.shippingInsurance.ref);
    facts.push(fact('freight_insured', `运费险：保险公司赔付退货运费${formatYuan(r.shippingInsurance.freightPayoutFen)}`, `shipping insurance: the insurer pays ${formatYuan(r.shippingInsurance.freightPayoutFen)} return freight`));
  }
  if (involvesReturn(outcome) && order.guarantees.includes('express_refund')) {
    refs.push(r.expressRefund.ref);
    facts.push(fact('express_refund', '极速退款：买家寄回后平台先行垫付，再与商家结算', 'express refund: the platform advances the refund once the buyer ships the return, then settles with the merchant'));
  }
  return { outcome, ruleRef: chosen.ref, refs, facts, basis: chosen.basis, costBearer: bearer, findings };
}

export function recommendRefund(c: RefundDisputeCase, f: RefundFacts, rb: Rulebook): Recommendation {
  const a = assessRefund(c, f, rb);
  return {
    rulebookVersion: rb.version,
    body: { kind: 'refund_dispute', outcome: a.outcome },
    ruleRef: a.ruleRef,
    clauses: clauses(rb, a.refs),
    facts: a.facts,
    ...(a.costBearer ? { costBearer: a.costBearer } : {}),
    ledger: refundLedger(c, a.outcome, rb, a.ruleRef),
  };
}

const MERCHANT_PAID = new Set<RefundDisputeOutcome['type']>(['full_refund', 'partial_refund', 'return_and_refund']);

/** Where a refund decision breaks the rulebook; empty when it may stand. */
export function checkRefund(c: RefundDisputeCase, outcome: RefundDisputeOutcome, f: RefundFacts, rb: Rulebook): Breach[] {
  const r = rb.refunds;
  const paid = c.detail.order.amountPaidFen;
  const breaches: Breach[] = [];
  const amount = refundAmountFen(c.detail.order, outcome);
  if (amount > paid) breaches.push(breach('refund_above_paid', { ruleRef: r.refs.capAtAmountPaid, amountFen: amount, paidFen: paid }, `${formatYuan(amount)} is above the ${formatYuan(paid)} the buyer paid`));

  const findings = refundFindings(c, f, rb).filter((x) => x.applies);
  const fundBasis = findings.find((x) => x.fundPays);
  const merchantBasis = findings.find((x) => !x.fundPays);
  if (outcome.type === 'fund_compensation' && !fundBasis) {
    breaches.push(breach('fund_not_covered', { ruleRef: r.refs.fundCoverage }, 'the guarantee fund pays only under a platform cover on the order (dead-plant or live-stream truthfulness) where the merchant is not at fault'));
  }
  if (outcome.type === 'flag_malicious_buyer' && !f.falseEvidence) {
    breaches.push(breach('malicious_not_established', { ruleRef: r.refs.maliciousBuyer }, 'a buyer is flagged malicious only when false evidence or an abusive request is established'));
  }
  if (MERCHANT_PAID.has(outcome.type) && !merchantBasis) {
    if (buyerAtFault(f)) breaches.push(breach('buyer_at_fault', { ruleRef: r.refs.buyerFault }, 'the buyer is established at fault (damage, wear or false evidence) and no basis makes the merchant refund'));
    else if (fundBasis) breaches.push(breach('fund_pays_not_merchant', { ruleRef: fundBasis.ref }, 'the merchant is not at fault: this cover is paid by the guarantee fund, not the merchant'));
  }
  return breaches;
}
