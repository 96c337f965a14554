import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { formatters } from '../shell/useFormat';
import { describeDecision } from './describe';
import { amountText, leaseText, slaStanding } from './caseValues';
import { eventSentence, TIMELINE_EVENTS } from './timelineEvents';

const HOUR = 3_600_000;
const now = Date.UTC(2026, 11, 8, 2, 0);

beforeAll(async () => {
  await i18next.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, interpolation: { escapeValue: false } });
});

function inLanguage(lng: 'zh-CN' | 'en') {
  const t = i18next.getFixedT(lng);
  return { t, f: formatters(t, lng) };
}

describe('values a reviewer reads', () => {
  it('show no amount as "—", never ¥0.00, and a violation\'s ladder fine as a proposal until decided', () => {
    const { t, f } = inLanguage('zh-CN');
    expect(amountText('refund_dispute', 'open', 0, t, f)).toBe('—');
    expect(amountText('violation', 'open', 0, t, f)).toBe('—');
    expect(amountText('refund_dispute', 'open', 27380, t, f)).toBe('¥273.80');
    expect(amountText('violation', 'open', 50000, t, f)).toBe('建议罚款 ¥500.00（未裁决）');
    expect(amountText('violation', 'decided', 50000, t, f)).toBe('¥500.00');
  });

  it('say whether a closed case met its SLA instead of counting on', () => {
    const { t, f } = inLanguage('zh-CN');
    const due = now - 12 * 24 * HOUR;
    expect(slaStanding(due, 'open', now, now, t, f)).toEqual({ state: 'breached', text: '超时 12天0小时' });
    expect(slaStanding(due, 'decided', due - HOUR, now, t, f)).toEqual({ state: 'met', text: 'SLA 已达成' });
    expect(slaStanding(due, 'decided', due + 3 * HOUR, now, t, f)).toEqual({ state: 'missed', text: 'SLA 未达成（晚 3小时0分）' });
    expect(slaStanding(due, 'awaiting_approval', due - HOUR, now, t, f).state).toBe('breached');
  });

  it('give a lease\'s time left as well as its end', () => {
    const zh = inLanguage('zh-CN');
    expect(leaseText({ mine: true }, now + 9 * 60_000, now, zh.t, zh.f)).toMatch(/^你已领取，剩 9分钟（.+ 到期）$/);
    const e = inLanguage('en');
    expect(leaseText({ mine: false, name: '李娜' }, now + 2 * HOUR, now, e.t, e.f)).toMatch(/^Held by 李娜: 2h 0m left \(until .+\)$/);
  });

  it('use the language\'s plural rules for days', () => {
    const e = inLanguage('en');
    expect(describeDecision({ kind: 'violation', outcome: { type: 'restrict_traffic', days: 1 } } as Parameters<typeof describeDecision>[0], e.t, 'en')).toMatch(/ 1 day$/);
    expect(describeDecision({ kind: 'violation', outcome: { type: 'restrict_traffic', days: 7 } } as Parameters<typeof describeDecision>[0], e.t, 'en')).toMatch(/ 7 days$/);
    const zh = inLanguage('zh-CN');
    expect(describeDecision({ kind: 'violation', outcome: { type: 'restrict_traffic', days: 1 } } as Parameters<typeof describeDecision>[0], zh.t, 'zh-CN')).toMatch(/ 1 天$/);
  });

  it('say every timeline event as a sentence in both languages, and an unknown one without its code', () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      const { t } = inLanguage(lng);
      for (const code of TIMELINE_EVENTS) {
        const s = eventSentence(code, t);
        expect(s, `${lng} ${code}`).not.toContain('_');
        expect(s, `${lng} ${code}`).not.toBe(code);
        expect(/[\u4e00-\u9fff]/.test(s), `${lng} ${code}: ${s}`).toBe(lng === 'zh-CN');
      }
      expect(eventSentence('escalated_to_the_moon', t)).not.toContain('escalated');
    }
  });

  it('put an error in one sentence of the UI\'s language, the technical detail apart', () => {
    const { f } = inLanguage('zh-CN');
    const offline = { code: 'offline' as const, message: 'cannot reach the case service at http://127.0.0.1:1: ECONNREFUSED' };
    expect(f.error(offline)).toMatch(/^连不上案件服务/);
    expect(f.error(offline)).not.toMatch(/[A-Za-z]{3,}/);
    expect(f.errorDetail(offline)).toContain('ECONNREFUSED');
  });
});
