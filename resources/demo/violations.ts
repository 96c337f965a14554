/** Violations (违规) for the moderators' queues: subject, category, source, severity, creator, claim. */
import type { CaseInput, EvidenceRef, ProductCategory, Severity, SubjectType, ViolationCategory, ViolationSource } from '../../shared/domain';
import { MINUTE_MS, HOUR_MS, caseId, caseTimes, event, priorityOf } from './case-common';
import type { CaseContext } from './case-common';
import { PRODUCTS } from './catalog';
import type { EvidenceTheme } from './evidence';
import { drawBuyer, drawCreator } from './parties';
import type { Creator } from './parties';
import { SEVERITY_TABLE, SUBJECT_TYPE_TABLE, VIOLATION_CATEGORY_TABLE, VIOLATION_SOURCE_TABLE } from './shares';
import type { Prng } from './prng';
import { ladderPenalty, slaFor } from './rules';

export const VIOLATION_ZH: Readonly<Record<ViolationCategory, string>> = {
  false_advertising: '虚假宣传', inducement_interaction: '诱导互动', blind_box: '盲盒违规', fraudulent_marketing: '欺诈营销',
  price_fraud: '价格欺诈', counterfeit_ip: '假冒侵权', poor_quality: '商品质量不合格', prohibited_goods: '违禁商品', minors_harm: '侵害未成年人',
};

/** What was said or shown, as the detector, reporter or inspector recorded it; `only` keeps a claim to goods it fits. */
interface ClaimTemplate { say: (product: string) => string; only?: readonly ProductCategory[] }

const WEARABLE: readonly ProductCategory[] = ['apparel', 'home', 'baby', 'outdoor'];
const CLAIMS: Readonly<Record<ViolationCategory, readonly ClaimTemplate[]>> = {
  false_advertising: [
    { say: (p) => `主播口播"${p}用七天，斑点全消，无效全额退款"，宣称功效无依据`, only: ['beauty'] },
    { say: (p) => `${p}宣称"100%纯羊毛"，抽检实测羊毛含量32%`, only: WEARABLE },
    { say: (p) => `直播间称${p}为"进口原装"，实际为国内代工生产` },
    { say: (p) => `${p}标题写"医用级"，无医疗器械注册证`, only: ['beauty', 'baby', 'home', 'other'] },
    { say: (p) => `直播间宣称${p}"吃了能降血糖"`, only: ['food_fresh'] },
    { say: (p) => `主播称${p}"足金足重"，实测含金量不足`, only: ['jewelry'] },
  ],
  inducement_interaction: [
    { say: () => '主播口播"评论后优先发货，不评论的排后面"' },
    { say: () => '直播间话术"关注主播+评论\'想要\'，送运费险"' },
    { say: () => '短视频文案"点赞到10万抽免单，评论区扣1参与"' },
    { say: () => '口播"评论区打\'已拍\'，退货包邮、优先售后"' },
  ],
  blind_box: [
    { say: () => '将退货商品拆封重新组装后作为盲盒销售' },
    { say: () => '固定价格商品包装成盲盒，隐藏款概率未公示' },
    { say: () => '直播间引导未成年人说"我已成年，不退不换"后下单盲盒' },
    { say: () => '以"福袋抽奖"名义变相开展有奖销售' },
  ],
  fraudulent_marketing: [
    { say: (p) => `虚构原价¥999，口播"${p}今天直播间只要¥99"，倒计时制造紧迫感` },
    { say: () => '虚构"仅剩最后3单"库存，实际库存充足' },
    { say: () => '组织刷单刷好评，评价内容高度雷同' },
  ],
  price_fraud: [
    { say: (p) => `${p}划线价¥599，近30天实际成交价均为¥199（先涨后降）` },
    { say: () => '下单后以"拍错价格"为由要求买家补差价' },
  ],
  counterfeit_ip: [
    { say: (p) => `${p}使用他人注册商标，品牌方投诉未获授权` },
    { say: (p) => `${p}外观与品牌正品高度相似，标识为"A8C"仿冒"ABC"` },
  ],
  poor_quality: [
    { say: (p) => `抽检：${p}纤维成分含量与标注不符（标注100%棉，实测65%）`, only: ['apparel', 'home', 'baby'] },
    { say: (p) => `抽检：${p}甲醛含量超标`, only: ['apparel', 'home', 'baby'] },
    { say: (p) => `抽检：${p}农药残留超标`, only: ['food_fresh'] },
    { say: (p) => `抽检：${p}重金属含量超标`, only: ['beauty', 'jewelry'] },
    { say: (p) => `抽检：${p}电池容量虚标，实测仅为标称的60%`, only: ['digital_3c'] },
    { say: (p) => `抽检：${p}标签缺失生产企业信息` },
  ],
  prohibited_goods: [
    { say: () => '以"保健品"名义销售含处方药成分的商品' },
    { say: () => '销售管制刀具，标题规避为"户外工具"' },
    { say: () => '销售野生动物制品，描述使用暗语' },
  ],
  minors_harm: [
    { say: () => '未成年人出镜长时间带货直播' },
    { say: () => '直播间引导未成年人大额打赏' },
  ],
};

function claimFor(category: ViolationCategory, goods: ProductCategory, product: string, rng: Prng): string {
  const fitting = CLAIMS[category].filter((c) => !c.only || c.only.includes(goods));
  return rng.pick(fitting).say(product);
}

const SUBJECTS_BY_CATEGORY: Partial<Record<ViolationCategory, readonly SubjectType[]>> = {
  inducement_interaction: ['live_room', 'short_video', 'live_room', 'creator'],
  blind_box: ['product', 'live_room'],
  minors_harm: ['live_room', 'short_video', 'creator'],
  counterfeit_ip: ['product', 'product', 'store'],
  poor_quality: ['product'],
};

function sourceFor(category: ViolationCategory, rng: Prng): ViolationSource {
  if (category === 'counterfeit_ip' && rng.chance(0.55)) return 'rights_holder';
  if (category === 'poor_quality' && rng.chance(0.6)) return 'sampling';
  const s = rng.weighted(VIOLATION_SOURCE_TABLE);
  return s === 'rights_holder' && category !== 'counterfeit_ip' ? 'user_report' : s;
}

function severityFor(category: ViolationCategory, rng: Prng): Severity {
  const s = rng.weighted(SEVERITY_TABLE);
  // Prohibited goods and harm to minors are never minor.
  if ((category === 'prohibited_goods' || category === 'minors_harm') && s === 'minor') return 'serious';
  return s;
}

const SOURCE_ACTOR: Readonly<Record<ViolationSource, string>> = { automated: '风控模型', user_report: '用户举报', sampling: '抽检中心', rights_holder: '品牌权利人' };

function evidenceThemes(category: ViolationCategory, subject: SubjectType, source: ViolationSource): EvidenceTheme[] {
  const themes: EvidenceTheme[] = [subject === 'live_room' || subject === 'creator' || subject === 'short_video' ? 'live_capture' : 'listing_capture'];
  if (category === 'counterfeit_ip') themes.push('counterfeit_compare');
  if (category === 'blind_box') themes.push('blind_box');
  if (source === 'sampling') themes.push('inspection_report');
  if (source === 'user_report') themes.push('chat_buyer');
  return themes;
}

export function buildViolation(ctx: CaseContext): CaseInput {
  const { rng, now, category, merchant, seed } = ctx;
  const violationCategory = rng.weighted(VIOLATION_CATEGORY_TABLE);
  const subjectChoices = SUBJECTS_BY_CATEGORY[violationCategory];
  const subjectType = subjectChoices ? rng.pick(subjectChoices) : rng.weighted(SUBJECT_TYPE_TABLE);
  const severity = severityFor(violationCategory, rng);
  const source = sourceFor(violationCategory, rng);
  const product = rng.pick(PRODUCTS[category]);
  const creator: Creator | null = subjectType === 'store' || (subjectType === 'product' && rng.chance(0.7)) ? null : drawCreator(seed, rng);

  const subject = (() => {
    switch (subjectType) {
      case 'product': return { type: subjectType, id: `prod-${rng.digits(12)}`, title: product.title };
      case 'live_room': return { type: subjectType, id: `live-${rng.digits(12)}`, title: `${creator?.name ?? merchant.name}的直播间` };
      case 'short_video': return { type: subjectType, id: `vid-${rng.digits(15)}`, title: `短视频：${product.title}种草` };
      case 'creator': return { type: subjectType, id: (creator as Creator).id, title: (creator as Creator).name };
      case 'store': return { type: subjectType, id: merchant.id, title: merchant.name };
    }
  })();

  const claim = claimFor(violationCategory, category, product.title, rng);
  const harm = severity === 'minor' ? rng.chance(0.05) : rng.chance(severity === 'general' ? 0.3 : 0.75);
  const modelScore = source === 'automated' ? Math.round((0.5 + 0.5 * Math.sqrt(rng.next())) * 1000) / 1000 : null;
  // The money at stake is the fine the rulebook's ladder proposes, if it comes to a fine.
  const proposed = ladderPenalty({ category: violationCategory, severity, priorOffences: merchant.priorViolations, harm, subjectIsCreator: subjectType === 'creator' });
  const amountFen = proposed.outcome.type === 'fine' ? proposed.outcome.amountFen : 0;
  const repeat = merchant.priorViolations >= 3;
  const urgency = { minor: 0, general: 1, serious: 2, extremely_serious: 3 }[severity];
  const priority = priorityOf(urgency, { amountFen, followers: creator?.followers, repeat }, rng);
  const times = caseTimes(rng, now, slaFor('violation', priority));

  const detectedAt = times.createdAt - rng.int(1, 30) * MINUTE_MS;
  const history = [
    event(detectedAt, SOURCE_ACTOR[source], source === 'automated' ? 'detected' : source === 'sampling' ? 'sampled' : 'reported',
      modelScore !== null ? `模型识别${VIOLATION_ZH[violationCategory]}，置信度${modelScore}` : `${SOURCE_ACTOR[source]}：${claim.slice(0, 80)}`),
  ];
  if (merchant.priorViolations > 0) {
    history.push(event(times.createdAt, '系统', 'repeat_offence', `该店铺在重复违规窗口内已有${merchant.priorViolations}次违规`));
  }
  if (source === 'user_report') {
    const reporter = drawBuyer(seed, rng);
    history.push(event(detectedAt - rng.int(1, 48) * HOUR_MS, reporter.nickname, 'user_report', '用户举报直播/商品内容违规'));
    history.sort((a, b) => a.at - b.at);
  }

  const evidence: EvidenceRef[] = evidenceThemes(violationCategory, subjectType, source).map((t) => ctx.evidence.ref(t, rng));

  return {
    kind: 'violation',
    id: caseId('VIO', seed, ctx.index),
    status: 'open',
    priority,
    ...times,
    category,
    region: merchant.region,
    title: `${VIOLATION_ZH[violationCategory]}｜${subject.title}`,
    amountFen,
    merchant,
    buyer: null,
    evidence,
    history,
    detail: {
      subject,
      violationCategory,
      severity,
      source,
      modelScore,
      creator: creator ? { id: creator.id, name: creator.name, followers: creator.followers } : null,
      harm,
      claim,
    },
  };
}
