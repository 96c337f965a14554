/** Merchant complaints (商家投诉): a store contests how the platform treated it. */
import type { CaseInput, ComplaintType, EvidenceRef } from '../../shared/domain';
import { DAY_MS, HOUR_MS, caseId, caseTimes, event, priorityOf, yuan } from './case-common';
import type { CaseContext } from './case-common';
import type { EvidenceTheme } from './evidence';
import { PRODUCTS } from './catalog';
import { drawOrder, drawPaidFen } from './orders';
import { drawBuyer } from './parties';
import { COMPLAINT_TYPE_TABLE } from './shares';
import type { Prng } from './prng';
import { slaFor } from './rules';

export const COMPLAINT_ZH: Readonly<Record<ComplaintType, string>> = {
  arbitrary_refund: '乱退款', excessive_protection: '过度保护消费者', arbitrary_fine: '乱罚款', arbitrary_closure: '随意关店',
  withheld_deposit: '扣押保证金', forced_insurance: '强制运费险', other: '其他',
};

interface Grievance {
  action: string;
  amountFen: number | null;
  related: 'RFD' | 'VIO' | null;
  statement: string;
  themes: EvidenceTheme[];
  withOrder: boolean;
}

const OTHER_GRIEVANCES = [
  { action: '商品被系统误判下架', statement: '商品资质齐全，被系统误判为违规商品下架，申诉三次均为模板回复。' },
  { action: '店铺流量被限制7天', statement: '没有收到任何违规通知，店铺流量突然被限制，直播间进不来人。' },
  { action: '技术服务费扣费异常', statement: '新商家享有技术服务费减免，但本月仍被扣取服务费。' },
];

function grievance(type: ComplaintType, ctx: CaseContext, paid: number, rng: Prng): Grievance {
  switch (type) {
    case 'arbitrary_refund':
      return {
        action: `平台客服判定${rng.pick(['仅退款', '退货退款'])}，退款${yuan(paid)}由商家承担`, amountFen: paid, related: 'RFD', withOrder: true,
        statement: '买家没有提供任何有效证据，平台直接同意退款，我们提交的发货和退货照片没有被采纳，货款两空。',
        themes: ['parcel_packed', 'chat_merchant'],
      };
    case 'excessive_protection':
      return {
        action: `平台支持买家七天无理由退货，退款${yuan(paid)}`, amountFen: paid, related: 'RFD', withOrder: true,
        statement: '退回商品已明显使用、影响二次销售，平台仍判定支持买家，只保护消费者不保护商家。',
        themes: [ctx.category === 'apparel' ? 'garment_worn' : 'item_damaged_return', 'return_weighing'],
      };
    case 'arbitrary_fine': {
      // The ladder's fines for the violations `contestedDecisions` decides: serious poor quality,
      // a first offence (¥300); serious false advertising with one prior (¥2,000).
      const fine = rng.pick([300_00, 2_000_00]);
      return {
        action: `扣除违约金${yuan(fine)}（${rng.pick(['发货超时', '虚假发货', '描述不符'])}）`, amountFen: fine, related: 'VIO', withOrder: rng.chance(0.5),
        statement: '我们按时发货并有揽收记录，处罚依据不成立，要求退还违约金。',
        themes: ['penalty_notice', 'shipping_label'],
      };
    }
    case 'arbitrary_closure':
      return {
        action: '店铺被关闭，商品全部下架', amountFen: null, related: 'VIO', withOrder: false,
        statement: '店铺没有任何违规记录被直接关闭，货款和保证金都被冻结，要求恢复店铺。',
        themes: ['penalty_notice'],
      };
    case 'withheld_deposit':
      return {
        action: `退店后保证金${yuan(ctx.merchant.depositFen)}未退还`, amountFen: ctx.merchant.depositFen, related: null, withOrder: false,
        statement: '已经申请退店超过90天，所有订单售后都已完结，保证金至今未退还。',
        themes: ['chat_merchant'],
      };
    case 'forced_insurance': {
      const fees = rng.int(3, 300) * 10_00; // ¥30 to ¥3,000 in steps of ¥10
      return {
        action: `店铺被强制开通运费险，本月扣除运费险费用${yuan(fees)}`, amountFen: fees, related: null, withOrder: false,
        statement: '从未主动开通运费险，后台被默认勾选且无法关闭，要求退还已扣费用。',
        themes: ['penalty_notice'],
      };
    }
    case 'other': {
      const g = rng.pick(OTHER_GRIEVANCES);
      return { action: g.action, amountFen: null, related: null, withOrder: false, statement: g.statement, themes: ['penalty_notice', 'chat_merchant'] };
    }
  }
}

export function buildMerchantComplaint(ctx: CaseContext): CaseInput {
  const { rng, now, category, merchant, seed } = ctx;
  const complaintType = rng.weighted(COMPLAINT_TYPE_TABLE);
  const product = rng.pick(PRODUCTS[category]);
  const paid = drawPaidFen(product, rng);
  const g = grievance(complaintType, ctx, paid, rng);
  const amountFen = g.amountFen ?? 0;
  // A closed store loses its income every day: the most urgent complaint.
  const priority = priorityOf(complaintType === 'arbitrary_closure' ? 2 : 1, { amountFen }, rng);
  const times = caseTimes(rng, now, slaFor('merchant_complaint', priority));
  const actedAt = times.createdAt - rng.int(6, 20 * 24) * HOUR_MS;
  const order = g.withOrder ? drawOrder(rng, { category, merchantRegion: merchant.region, before: actedAt - rng.int(1, 3) * DAY_MS, product, amountPaidFen: paid }).order : null;
  const relatedCaseId = g.related ? `${g.related}-${seed}-h${rng.digits(7)}` : null;
  const buyer = order && g.related === 'RFD' ? drawBuyer(seed, rng, rng.chance(0.3)) : null;

  const evidence: EvidenceRef[] = g.themes.map((t) => ctx.evidence.ref(t, rng));
  const history = [
    event(actedAt, '平台', 'platform_action', g.action),
    event(times.createdAt, merchant.name, 'complaint_filed', `商家投诉：${COMPLAINT_ZH[complaintType]}`),
  ];

  // A refund or a fine was a decision of the case service, decided before the complaint
  // (`contestedDecisions` makes it when the demo is loaded); a closure is contested without
  // money. Drawn last, so the draws above stay as they were.
  const decisionId = relatedCaseId && (g.related === 'RFD' || complaintType === 'arbitrary_fine') ? rng.uuid() : undefined;

  return {
    kind: 'merchant_complaint',
    id: caseId('MCP', seed, ctx.index),
    status: 'open',
    priority,
    ...times,
    category,
    region: merchant.region,
    title: `商家投诉｜${COMPLAINT_ZH[complaintType]}｜${g.action}`.slice(0, 200),
    amountFen,
    merchant,
    buyer,
    evidence,
    history,
    detail: {
      complaintType,
      statement: g.statement,
      contested: { action: g.action, amountFen: g.amountFen, relatedCaseId, actedAt, ...(decisionId ? { decisionId } : {}) },
      order,
    },
  };
}
