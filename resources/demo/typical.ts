/**
 * The five typical merchant complaints of domain.md, as fixed, recognisable cases that every
 * demo set contains, each with the merchant's evidence:
 *  1. worn shoes refunded — the merchant lost the goods;
 *  2. a damaged fishing rod returned — ruled for the buyer despite the merchant's photos;
 *  3. a ¥300 fine for damage the buyer caused after delivery;
 *  4. a forced refund of a product that came back damaged, with evidence;
 *  5. a penalty with no prior notice; the merchant says it broke no rule.
 */
import type { Buyer, CaseInput, ComplaintType, EvidenceRef, Guarantee, Merchant, Order, ProductCategory, Region } from '../../shared/domain';
import { DAY_MS, HOUR_MS, MINUTE_MS, event } from './case-common';
import { EvidenceIndex } from './evidence';
import type { EvidencePool } from './evidence';
import { slaFor } from './rules';

export const TYPICAL_COMPLAINT_IDS = ['MCP-typical-1', 'MCP-typical-2', 'MCP-typical-3', 'MCP-typical-4', 'MCP-typical-5'] as const;

/** The decisions the typical complaints contest: fixed ids, so every demo set names the same ones (`contestedDecisions` makes them). */
export const TYPICAL_CONTESTED_DECISION_IDS = [
  '5f0c7e11-0001-4c1a-9e11-7a0000000001', '5f0c7e11-0002-4c1a-9e11-7a0000000002', '5f0c7e11-0003-4c1a-9e11-7a0000000003',
  '5f0c7e11-0004-4c1a-9e11-7a0000000004', '5f0c7e11-0005-4c1a-9e11-7a0000000005',
] as const;

const minute = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;

function merchant(n: number, name: string, region: Region, depositFen: number, now: number): Merchant {
  return { id: `shop-typical-${n}`, name, region, depositFen, openedAt: minute(now - (300 + n * 97) * DAY_MS), priorViolations: n === 5 ? 0 : 1 };
}

function buyer(n: number, nickname: string, phoneMasked: string, priorDisputes: number): Buyer {
  return { id: `u-typical-${n}`, nickname, phoneMasked, priorDisputes, flaggedMalicious: false };
}

function order(n: number, title: string, category: ProductCategory, amountPaidFen: number, signedAt: number, guarantees: Guarantee[], returnWeightGrams: number | null, returnedAt: number | null): Order {
  const paidAt = signedAt - 3 * DAY_MS - 5 * HOUR_MS;
  const logistics = [
    { at: paidAt + 20 * HOUR_MS, event: '【发货地】中通快递 已揽收' },
    { at: signedAt - 6 * HOUR_MS, event: '【收货地】快递员正在派件（电话已隐藏）' },
    { at: signedAt, event: '已签收，签收人：本人' },
  ];
  if (returnedAt !== null) {
    logistics.push({ at: returnedAt - 2 * DAY_MS, event: '买家已寄回，顺丰速运 退货单号 SF2025' + String(n).repeat(8) }, { at: returnedAt, event: '退货已签收，签收人：商家仓库' });
  }
  return { id: `7${String(n).repeat(18)}`, productTitle: title, category, amountPaidFen, paidAt, deliveredAt: signedAt - 2 * HOUR_MS, signedAt, guarantees, logistics, returnWeightGrams };
}

interface Typical {
  n: number;
  ageHours: number;
  complaintType: ComplaintType;
  title: string;
  category: ProductCategory;
  merchant: Merchant;
  buyer: Buyer | null;
  order: Order | null;
  action: string;
  amountFen: number | null;
  related: string | null;
  actedAt: number;
  statement: string;
  evidence: EvidenceRef[];
  priority: number;
}

function toCase(t: Typical, now: number): CaseInput {
  const createdAt = minute(now - t.ageHours * HOUR_MS);
  return {
    kind: 'merchant_complaint',
    id: TYPICAL_COMPLAINT_IDS[t.n - 1] as string,
    status: 'open',
    priority: t.priority,
    createdAt,
    updatedAt: createdAt + 20 * MINUTE_MS,
    slaDueAt: createdAt + slaFor('merchant_complaint', t.priority),
    category: t.category,
    region: t.merchant.region,
    title: t.title,
    amountFen: t.amountFen ?? 0,
    merchant: t.merchant,
    buyer: t.buyer,
    evidence: t.evidence,
    history: [
      event(t.actedAt, '平台', 'platform_action', t.action),
      event(createdAt, t.merchant.name, 'complaint_filed', '商家投诉，已上传证据'),
    ],
    detail: {
      complaintType: t.complaintType,
      statement: t.statement,
      contested: { action: t.action, amountFen: t.amountFen, relatedCaseId: t.related, actedAt: t.actedAt, decisionId: TYPICAL_CONTESTED_DECISION_IDS[t.n - 1] as string },
      order: t.order,
    },
  };
}

export function typicalComplaints(now: number, evidence: EvidencePool): CaseInput[] {
  const ev = new EvidenceIndex(evidence);
  const d = (days: number) => minute(now - days * DAY_MS);

  const shoesSigned = d(14);
  const rodSigned = d(12);
  const vaseSigned = d(9);
  const speakerSigned = d(11);

  const cases: Typical[] = [
    {
      n: 1, ageHours: 5, complaintType: 'arbitrary_refund', category: 'apparel', priority: 2,
      title: '商家投诉｜乱退款｜买家穿了多日的运动鞋被平台退款，商家货款两空',
      merchant: merchant(1, '晋江步履鞋业旗舰店', 'fujian', 200_000, now),
      buyer: buyer(1, '爱穿新鞋的小鹿', '138****1234', 9),
      order: order(1, '春秋款百搭休闲运动鞋男女同款', 'apparel', 25_900, shoesSigned, ['seven_day_no_reason', 'express_refund', 'shipping_insurance', 'door_pickup', 'breakage_return'], 1_020, d(6)),
      action: '买家七天无理由退货，平台极速退款¥259.00', amountFen: 25_900, related: 'RFD-typical-1', actedAt: d(7),
      statement: '买家穿了六天后申请七天无理由退货，平台极速退款已把¥259.00退给买家。退回的鞋子鞋底磨损严重、鞋面有折痕，吊牌已剪，无法二次销售，我们货款两空。附发货前全新照片和收到退货后的鞋底照片，请求追回退款。',
      evidence: [ev.first('shoes_new'), ev.first('shoe_soles_worn'), ev.first('shoe_soles_worn', 1), ev.first('chat_merchant')],
    },
    {
      n: 2, ageHours: 20, complaintType: 'arbitrary_refund', category: 'outdoor', priority: 2,
      title: '商家投诉｜乱退款｜退回的鱼竿断口有挤压痕迹，平台仍判买家胜诉',
      merchant: merchant(2, '威海渔乐渔具专营店', 'shandong', 200_000, now),
      buyer: buyer(2, '周末去钓鱼', '186****5521', 3),
      order: order(2, '碳素台钓竿超轻超硬5.4米', 'outdoor', 46_800, rodSigned, ['seven_day_no_reason', 'shipping_insurance', 'breakage_return'], 760, d(8)),
      action: '平台介入判定退货退款¥468.00，支持买家', amountFen: 46_800, related: 'RFD-typical-2', actedAt: d(7),
      statement: '买家退回的鱼竿在第三节断裂，断口有明显挤压痕迹，是人为折断而不是质量问题。我们提交了断口照片和发货前检测照片，平台仍判定支持买家退货退款。请重新审核证据并追回退款。',
      evidence: [ev.first('fishing_rod_broken_merchant'), ev.first('fishing_rod_broken_merchant', 1), ev.first('parcel_packed'), ev.first('fishing_rod_broken_buyer')],
    },
    {
      n: 3, ageHours: 30, complaintType: 'arbitrary_fine', category: 'home', priority: 3,
      title: '商家投诉｜乱罚款｜买家签收后自己摔坏花瓶，商家被罚款¥300',
      merchant: merchant(3, '佛山陶韵家居旗舰店', 'guangdong', 200_000, now),
      buyer: buyer(3, '用户520131478', '139****8866', 1),
      order: order(3, '手绘陶瓷花瓶客厅摆件', 'home', 18_900, vaseSigned, ['seven_day_no_reason', 'shipping_insurance', 'breakage_return'], null, null),
      action: '商品破损，扣除商家违约金¥300.00', amountFen: 30_000, related: 'VIO-typical-3', actedAt: d(4),
      statement: '买家签收时验货完好，第二天在聊天里承认是自己不小心碰倒摔碎的。平台却以"商品破损"为由对我们罚款¥300.00。损坏发生在签收之后，由买家造成，要求退还罚款。',
      evidence: [ev.first('parcel_packed', 1), ev.first('chat_merchant', 1), ev.first('penalty_notice'), ev.first('vase_cracked')],
    },
    {
      n: 4, ageHours: 8, complaintType: 'excessive_protection', category: 'digital_3c', priority: 2,
      title: '商家投诉｜过度保护消费者｜退回的音箱外壳碎裂，平台仍强制退款',
      merchant: merchant(4, '义乌声动数码专营店', 'zhejiang', 500_000, now),
      buyer: buyer(4, '熬夜的打工人', '177****0392', 5),
      order: order(4, '便携蓝牙音箱户外防水', 'digital_3c', 29_900, speakerSigned, ['seven_day_no_reason', 'authenticity', 'express_refund', 'shipping_insurance', 'breakage_return'], 740, d(5)),
      action: '退货已签收，平台强制退款¥299.00', amountFen: 29_900, related: 'RFD-typical-4', actedAt: d(4),
      statement: '买家以七天无理由退回音箱，我们开箱全程录像：外壳碎裂、防水圈缺失，与发货时完全不同。我们在售后中提交了开箱视频截图和称重记录，平台仍强制退款¥299.00。要求追回退款或由买家承担损坏。',
      evidence: [ev.first('item_damaged_return'), ev.first('item_damaged_return', 1), ev.first('return_weighing'), ev.first('parcel_packed', 2)],
    },
    {
      n: 5, ageHours: 50, complaintType: 'arbitrary_fine', category: 'apparel', priority: 3,
      title: '商家投诉｜乱罚款｜未经任何提前通知收到处罚，商家称未违规',
      merchant: merchant(5, '广州衣橱时装精选店', 'guangdong', 200_000, now),
      buyer: null,
      order: null,
      action: '违规处罚通知：虚假宣传，扣除违约金¥2,000.00并扣6分', amountFen: 200_000, related: 'VIO-typical-5', actedAt: d(3),
      statement: '我们没有收到任何预警或整改通知，直接收到处罚通知，说商品"虚假宣传"。详情页标注的面料成分与吊牌、检测报告一致，我们没有违反任何规则。要求说明违规依据并撤销处罚、退还违约金。',
      evidence: [ev.first('penalty_notice', 1), ev.first('listing_capture'), ev.first('chat_merchant', 2)],
    },
  ];
  return cases.map((t) => toCase(t, now));
}
