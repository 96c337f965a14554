import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Refusal } from '../../../shared/domain';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { canRedecide, reasonLabel, whyNotRedecide, type InboxEntry } from './inboxActions';

let zh: TFunction;
beforeAll(async () => {
  const i = i18next.createInstance();
  await i.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, interpolation: { escapeValue: false } });
  zh = i.t;
});

const refusal = (code: string, params: Refusal['params'] = {}): Refusal => ({ code, params, message: code });
const rejected = (reason: string, ...refusals: Refusal[]): InboxEntry => ({ status: 'rejected', reason, refusals, kind: 'appeal' });
const conflict = (reason: string): InboxEntry => ({ status: 'conflict', reason, refusals: [], kind: 'appeal' });

describe('what the inbox offers for an answer', () => {
  it('re-deciding where a new decision can be accepted: a rule broken, a case changed, a claim lost, a reason not known here', () => {
    for (const c of [rejected('invalid', refusal('fine_above_maximum')), conflict('case_changed'), conflict('lease_lost'), conflict('merchant_settled'), rejected('rate_limited')]) {
      expect(whyNotRedecide(c), c.reason).toBeNull();
      expect(canRedecide(c, 'arbiter'), c.reason).toBe(true);
    }
  });

  it('only withdrawing, with the reason, where a new decision meets the same refusal', () => {
    expect(whyNotRedecide(rejected('forbidden', refusal('appeal_by_author', { decisionId: 'd', name: '王主管' })))).toBe('not_about_decision');
    expect(whyNotRedecide(rejected('forbidden', refusal('client_of_other_staff', { clientId: 'c' })))).toBe('not_about_decision');
    expect(whyNotRedecide(rejected('forbidden'))).toBe('not_about_decision');
    expect(whyNotRedecide(rejected('case_closed', refusal('case_withdrawn', { caseId: 'A' })))).toBe('case_closed');
    expect(whyNotRedecide(rejected('not_found', refusal('case_not_found', { caseId: 'A' })))).toBe('case_closed');
    expect(whyNotRedecide(rejected('invalid', refusal('already_appealed', { decisionId: 'd', appealCaseId: 'B' })))).toBe('appeal_settled');
    expect(whyNotRedecide(conflict('already_decided'))).toBe('decided_by_others');
    expect(canRedecide(rejected('forbidden'), 'arbiter')).toBe(false);
  });

  it('never re-deciding for a role that does not decide the kind', () => {
    expect(canRedecide(conflict('case_changed'), 'moderator')).toBe(false);
  });

  it('label a reason from a newer service as unknown, naming it as sent', () => {
    expect(reasonLabel(conflict('lease_lost'), zh)).toEqual({ text: '领取已失效', known: true });
    expect(reasonLabel(conflict('merchant_settled'), zh)).toEqual({ text: '控制台不认识的原因：merchant_settled', known: false });
    // A rejection code is not a conflict reason, and the other way round.
    expect(reasonLabel(conflict('forbidden'), zh).known).toBe(false);
    expect(reasonLabel(rejected('forbidden'), zh)).toEqual({ text: '无权裁决', known: true });
  });
});
