import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Refusal } from '../../../shared/domain';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { refusalText, refusalsLine } from './refusals';

let zh: TFunction;
let english: TFunction;

beforeAll(async () => {
  const make = async (lng: string) => {
    const i = i18next.createInstance();
    await i.init({ lng, resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, interpolation: { escapeValue: false } });
    return i.t;
  };
  zh = await make('zh-CN');
  english = await make('en');
});

const fineAbove: Refusal = {
  code: 'fine_above_maximum',
  params: { ruleRef: 'VIO-II-1', amountFen: 2_000_000, maxFen: 500_000, category: 'inducement_interaction' },
  message: 'VIO-II-1: a fine of ¥20,000.00 is above the inducement interaction maximum of ¥5,000.00',
};

describe('refusals in the reviewer\'s language', () => {
  it('fill the code\'s sentence: money as ¥ from fen, domain values named', () => {
    expect(refusalText(fineAbove, zh, 'zh-CN')).toEqual({ text: 'VIO-II-1：罚款 ¥20,000.00 超过诱导互动的上限 ¥5,000.00', translated: true });
    expect(refusalText(fineAbove, english, 'en')).toEqual({ text: 'VIO-II-1: a fine of ¥20,000.00 is above the Inducement interaction maximum of ¥5,000.00', translated: true });
  });

  it('describe decisions given as parameters', () => {
    const departs: Refusal = {
      code: 'departure_unjustified',
      params: { version: '2026.11', recommended: { kind: 'appeal', outcome: { type: 'modify', fineFen: 30_000 } }, ruleRef: 'APL-3' },
      message: 'justification: …',
    };
    expect(refusalText(departs, zh, 'zh-CN').text).toBe('该裁决偏离规则 2026.11 对这些事实的建议（变更处罚: 罚款改为 ¥300.00，依据 APL-3）；偏离须填写书面理由');
    expect(refusalText(departs, english, 'en').text).toContain('(Modify: Fine lowered to ¥300.00 under APL-3)');
  });

  it('show the service\'s English, marked, for a code from a newer service or a parameter missing', () => {
    const newer: Refusal = { code: 'quota_exceeded', params: { limit: 3 }, message: 'the reviewer decided more than 3 appeals today' };
    expect(refusalText(newer, zh, 'zh-CN')).toEqual({ text: 'the reviewer decided more than 3 appeals today', translated: false });
    const partial: Refusal = { ...fineAbove, params: { ruleRef: 'VIO-II-1' } };
    expect(refusalText(partial, zh, 'zh-CN')).toEqual({ text: fineAbove.message, translated: false });
    expect(refusalsLine([fineAbove, newer], zh, 'zh-CN')).toBe('VIO-II-1：罚款 ¥20,000.00 超过诱导互动的上限 ¥5,000.00；服务端原文（英文）：the reviewer decided more than 3 appeals today');
  });

  it('say the console\'s own refusals with case statuses, roles, kinds and verdicts named', () => {
    const notOpen: Refusal = { code: 'case_not_open', params: { caseId: 'V-1', status: 'awaiting_approval' }, message: 'case V-1 is awaiting approval, not open: it cannot be decided' };
    expect(refusalText(notOpen, zh, 'zh-CN').text).toBe('案件 V-1 当前为“待审批”，不是待处理，不能裁决');
    expect(refusalText(notOpen, english, 'en').text).toBe('Case V-1 has the status “Awaiting approval”: only an open case can be decided');
    const role: Refusal = { code: 'role_may_not_decide', params: { role: 'moderator', caseKind: 'refund_dispute' }, message: 'a moderator does not decide refund_dispute cases' };
    expect(refusalText(role, zh, 'zh-CN').text).toBe('审核员不能裁决售后纠纷');
    const answered: Refusal = { code: 'held_decision_answered', params: { caseId: 'V-2', verdict: 'rejected', name: '李主管' }, message: 'decision … was rejected by 李主管' };
    expect(refusalText(answered, zh, 'zh-CN').text).toBe('案件 V-2 的待审批裁决已由 李主管 驳回');
    expect(refusalText(answered, english, 'en').text).toBe('The held decision on case V-2 was already rejected by 李主管');
  });

  it('name who made the contested decision of an appeal, not its id', () => {
    const decisionId = '6f1f5b1c-2d3e-4d7a-9a59-0b7c6f0e3f1c';
    const own: Refusal = { code: 'appeal_by_author', params: { decisionId, name: '王主管' }, message: `an appeal is decided by someone other than who made the contested decision ${decisionId} (王主管)` };
    expect(refusalText(own, zh, 'zh-CN')).toEqual({ text: '申诉须由被申诉裁决的作出人以外的人处理，而该裁决正是由 王主管 作出的', translated: true });
    expect(refusalText(own, english, 'en').text).toBe('An appeal is decided by someone other than who made the contested decision, and 王主管 made it');
    // The id is not needed to say it: an answer without it is still put into words.
    expect(refusalText({ ...own, params: { name: '王主管' } }, zh, 'zh-CN').translated).toBe(true);
  });

  it('name an unknown value as sent rather than fail', () => {
    const odd: Refusal = { ...fineAbove, params: { ...fineAbove.params, category: 'space_piracy' } };
    expect(refusalText(odd, zh, 'zh-CN').text).toContain('超过space_piracy的上限');
  });
});
