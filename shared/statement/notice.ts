/**
 * The notice to the merchant (or creator) in Simplified Chinese, generated from templates and
 * the statement of reasons alone: whatever the statement leaves out (personal data, free text)
 * cannot appear in the notice either.
 */
import type { LedgerParty, LedgerPurpose } from '../rulebook';
import { formatYuan } from '../rulebook';
import type { ProductCategory } from '../domain';
import { beijingDateZh } from './redress';
import type { StatementOfReasons } from './schema';

const PARTY_ZH: Record<LedgerParty, string> = {
  merchant: '商家', creator: '创作者', buyer: '买家', platform_fund: '平台保障基金', insurer: '保险公司', platform: '平台',
};
const PURPOSE_ZH: Record<LedgerPurpose, string> = {
  refund: '退款', compensation: '赔付', freight: '退货运费', advance: '平台垫付', settlement: '垫付结算', fine: '罚款', remedy: '补救返还', reversal: '冲回',
};
const CATEGORY_ZH: Record<ProductCategory, string> = {
  apparel: '服饰鞋包', food_fresh: '食品生鲜', outdoor: '运动户外', digital_3c: '3C数码', beauty: '美妆', baby: '母婴', home: '家居',
  plants: '绿植花卉', jewelry: '珠宝饰品', collectibles: '收藏品', virtual: '虚拟商品', second_hand: '二手商品', other: '其他',
};
const STATUS_ZH: Record<StatementOfReasons['status'], string> = {
  in_effect: '已生效',
  awaiting_approval: '待主管审批，审批通过后生效',
  sent_back: '已被主管驳回，未生效，案件将重新处理',
};

function scopeLine(s: StatementOfReasons['decision']['scope']): string {
  const parts = [`适用对象：${s.description.zh}${s.subjectId ? `（编号${s.subjectId}）` : ''}`, `商品类目：${CATEGORY_ZH[s.productCategory]}`];
  if (s.amountFen !== null) parts.push(`涉及金额：${formatYuan(s.amountFen)}`);
  if (s.durationDays !== null) parts.push(`期限：${s.durationDays}天`);
  if (s.points !== null) parts.push(`扣分：${s.points}分`);
  return `${parts.join('；')}。`;
}

const numbered = (lines: readonly string[]): string[] => lines.map((l, i) => `${i + 1}. ${l}`);

export function merchantNoticeZh(s: StatementOfReasons): string {
  const g = s.ground;
  const title = g.rulebookTitle ? `《${g.rulebookTitle.zh}》` : '平台治理规则';
  const when = s.effectiveAt === null ? `作出日期${beijingDateZh(s.decidedAt)}` : `作出日期${beijingDateZh(s.decidedAt)}，生效日期${beijingDateZh(s.effectiveAt)}`;
  const lines: string[] = [
    '平台治理决定通知书',
    '',
    '尊敬的商家：',
    '',
    `平台已就案件${s.caseId}作出决定（决定编号${s.decisionId}，${when}，北京时间）。决定状态：${STATUS_ZH[s.status]}。现将决定内容、事实与理由、依据及救济途径告知如下。`,
    '',
    '一、决定内容',
    `${s.decision.description.zh}。`,
    scopeLine(s.decision.scope),
    '',
    '二、事实与理由',
    `案件来源：${s.facts.source.zh}。`,
    ...numbered(s.facts.established.map((f) => `${f.text_zh}。`)),
    '',
    '三、自动化处理说明',
    s.automation.description.zh,
    '',
    '四、处理依据',
    `${title}（${g.rulebookVersion}版）第${g.ruleRef}条${g.clause ? `：${g.clause.zh}` : '。'}`,
    ...g.related.map((r) => `相关条款 ${r.ref}：${r.text.zh}`),
    ...(g.departure ? ['本决定与规则建议的处理结果不同，处理人员已书面说明理由并存档备查。'] : []),
  ];
  if (s.money.length > 0) {
    lines.push('', '五、资金处理', ...numbered(s.money.map((e) => `${PARTY_ZH[e.payer]}向${PARTY_ZH[e.payee]}支付${formatYuan(e.amountFen)}（${PURPOSE_ZH[e.purpose]}，依据第${e.ruleRef}条）。`)));
  }
  lines.push(
    '',
    `${s.money.length > 0 ? '六' : '五'}、救济途径`,
    '如对本决定有异议，您可以：',
    ...numbered(s.redress.map((r) => `${r.description.zh}${r.deadlineAt === null ? '。' : `，请于${beijingDateZh(r.deadlineAt)}（北京时间）前提出。`}`)),
    '',
    '本通知依据平台规则自动生成，不含任何个人信息。',
  );
  return lines.join('\n');
}
