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

  it('name an unknown value as sent rather than fail', () => {
    const odd: Refusal = { ...fineAbove, params: { ...fineAbove.params, category: 'space_piracy' } };
    expect(refusalText(odd, zh, 'zh-CN').text).toContain('超过space_piracy的上限');
  });
});
