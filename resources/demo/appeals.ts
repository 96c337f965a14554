/** Appeals (申诉): a merchant or creator contests an earlier violation decision. */
import type { CaseInput, EvidenceRef, ViolationCategory, ViolationOutcome } from '../../shared/domain';
import { HOUR_MS, caseId, caseTimes, event, priorityOf, yuan } from './case-common';
import type { CaseContext } from './case-common';
import type { EvidenceTheme } from './evidence';
import { drawCreator } from './parties';
import { SEVERITY_TABLE, VIOLATION_CATEGORY_TABLE } from './shares';
import { demoStaffWithRole } from './staff';
import { VIOLATION_ZH } from './violations';
import type { Prng } from './prng';
import { ladderPenalty, slaFor } from './rules';

export const OUTCOME_ZH: Readonly<Record<ViolationOutcome['type'], string>> = {
  dismiss: '不予处罚', warning: '警告', remove_product: '商品下架', interrupt_live: '直播中断', restrict_traffic: '限制流量',
  deduct_points: '扣分', fine: '罚款', suspend_store: '店铺停业整顿', close_store: '关店', remove_creator: '清退达人',
};

/** What appellants argue; the misjudged-wording ground only where words were judged. */
function groundsFor(c: ViolationCategory, rng: Prng): string {
  const grounds = [
    '首次违规且未造成任何损害，按规则应认定为轻微违规，只需警告，处罚过重。',
    '收到通知后已立即整改并下架相关商品，请求减轻处罚。',
    '处罚前没有收到任何通知或整改机会，违规事实不清。',
  ];
  if (c === 'inducement_interaction' || c === 'false_advertising') grounds.push(`系统误判：被判定为${VIOLATION_ZH[c]}的话术实际是"评论区看尺码表"，并非诱导或虚假内容。`);
  if (c === 'counterfeit_ip' || c === 'poor_quality') grounds.push('商品有品牌授权书和检测报告，不存在假冒或质量问题，请求撤销处罚。');
  return rng.pick(grounds);
}

export function buildAppeal(ctx: CaseContext): CaseInput {
  const { rng, now, category, merchant, seed } = ctx;
  const byCreator = rng.chance(0.3);
  const creator = byCreator ? drawCreator(seed, rng) : null;
  const appellant = creator ? { type: 'creator' as const, id: creator.id, name: creator.name } : { type: 'merchant' as const, id: merchant.id, name: merchant.name };
  const violation = rng.weighted(VIOLATION_CATEGORY_TABLE);
  // The contested decision is what the rulebook's ladder gave for the offence as it was found.
  // Drawn in this order so a seed gives the same cases as before the appeal carried them.
  const severity = rng.weighted(SEVERITY_TABLE);
  const priorOffences = creator ? rng.int(0, 3) : merchant.priorViolations;
  const harm = rng.chance(0.4);
  const { outcome, ruleRef } = ladderPenalty({ category: violation, severity, priorOffences, harm, subjectIsCreator: byCreator });
  const decider = rng.pick(demoStaffWithRole('moderator'));
  const amountFen = outcome.type === 'fine' ? outcome.amountFen : 0;
  const heavy = outcome.type === 'close_store' || outcome.type === 'remove_creator' || outcome.type === 'suspend_store';
  const priority = priorityOf(heavy ? 2 : 1, { amountFen, followers: creator?.followers }, rng);
  const times = caseTimes(rng, now, slaFor('appeal', priority));
  const decidedAt = times.createdAt - rng.int(2, 10 * 24) * HOUR_MS;
  const contestedCaseId = `VIO-${seed}-h${rng.digits(7)}`;

  const themes: EvidenceTheme[] = ['penalty_notice', rng.pick(['listing_capture', 'chat_merchant', 'live_capture'] as const)];
  // An appellant's own material shows as theirs (merchant side), the platform's capture as the platform's.
  const evidence: EvidenceRef[] = themes.map((t) => ctx.evidence.ref(t, rng));
  const penalty = outcome.type === 'fine' ? `${OUTCOME_ZH.fine}${yuan(outcome.amountFen)}` : OUTCOME_ZH[outcome.type];
  const history = [
    event(decidedAt, decider.name, 'violation_decided', `${VIOLATION_ZH[violation]}：${penalty}（${ruleRef}）`),
    event(times.createdAt, appellant.name, 'appeal_filed', `对${penalty}提出申诉`),
  ];

  return {
    kind: 'appeal',
    id: caseId('APL', seed, ctx.index),
    status: 'open',
    priority,
    ...times,
    category,
    region: merchant.region,
    title: `申诉｜${VIOLATION_ZH[violation]}｜${penalty}｜${appellant.name}`,
    amountFen,
    merchant,
    buyer: null,
    evidence,
    history,
    detail: {
      appellant,
      statement: groundsFor(violation, rng),
      contested: {
        caseId: contestedCaseId, decisionId: rng.uuid(), decidedBy: { id: decider.id, name: decider.name }, decidedAt, outcome, ruleRef,
        violation: { category: violation, severity, harm, subjectType: byCreator ? 'creator' : 'store', priorOffences },
      },
    },
  };
}
