/**
 * Properties of the masker over generated text: phones, ID numbers and card numbers planted
 * in every spelling the masker knows, between fragments of arbitrary text.
 *
 * The oracle reads text as a person or a regex would: every maximal run of letters and digits
 * (full-width ones as ASCII) is a token, and a token that is a mobile number (optionally with
 * 86 or 0086), a resident ID number or a bank card number must not survive masking. The
 * filler has none of the characters of the order and waybill labels after which a card-like
 * number is kept on purpose (mask.test.ts shows those).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBankCardNumber, isMainlandMobile, isResidentIdNumber, luhnValid, residentIdCheckChar } from './checks';
import { maskPersonalData } from './mask';

const toAscii = (s: string) => s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

function leakedTokens(text: string): string[] {
  return (toAscii(text).match(/[0-9A-Za-z]+/g) ?? []).filter((t) => {
    const phone = /^(?:0086|86)?(\d{11})$/.exec(t);
    return (phone !== null && isMainlandMobile(phone[1] as string)) || isResidentIdNumber(t) || isBankCardNumber(t);
  });
}

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

const arbPhone = fc.tuple(fc.constantFrom(...'3456789'), digits(9)).map(([second, rest]) => `1${second}${rest}`);
const arbId = fc.tuple(fc.integer({ min: 1, max: 8 }), digits(5), fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), digits(3))
  .map(([region, area, born, seq]) => {
    const first17 = `${region}${area}${born.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`;
    return first17 + residentIdCheckChar(first17);
  });
const arbCard = fc.tuple(fc.constantFrom('62', '4', '5', '9558', '35'), fc.integer({ min: 16, max: 19 })).chain(([prefix, length]) =>
  digits(length - prefix.length - 1).map((body) => {
    const partial = prefix + body;
    const check = [...'0123456789'].find((d) => luhnValid(partial + d)) as string;
    return partial + check;
  }));

const sep = fc.constantFrom('', ' ', '-');
/** Every spelling the masker promises to cover. */
const arbPlanted = fc.oneof(
  fc.tuple(arbPhone, sep, fc.constantFrom('', '+86', '+86 ', '+86-', '0086', '0086 ', '86')).map(([p, s, prefix]) => `${prefix}${p.slice(0, 3)}${s}${p.slice(3, 7)}${s}${p.slice(7)}`),
  fc.tuple(arbId, sep, fc.boolean()).map(([id, s, lower]) => `${id.slice(0, 6)}${s}${id.slice(6, 14)}${s}${lower ? id.slice(14).toLowerCase() : id.slice(14)}`),
  fc.tuple(arbCard, fc.constantFrom('', ' ', '-')).map(([c, s]) => (s === '' ? c : (c.match(/.{1,4}/g) as string[]).join(s))),
);

/** Text around the planted values: Chinese, digits (also full-width), separators, letters and X. */
const fillerChars = [...'的了我是在退款电话手机卡号身份证地址广东省深圳市南山区科技园路号栋室，。：！ ', ...'0123456789', ...'０１２３４５６７８９', ' ', '-', '+', 'X', 'x', 'a', 'B'];
const arbFiller = fc.string({ unit: fc.constantFrom(...fillerChars), maxLength: 12 });
const arbText = fc.array(fc.oneof(arbFiller, arbPlanted, fc.tuple(arbFiller, arbPlanted, arbFiller).map((p) => p.join('，'))), { maxLength: 8 }).map((parts) => parts.join(''));

describe('the masker, on generated text', () => {
  it('leaves no token that is a phone, an ID number or a card number', () => {
    fc.assert(fc.property(arbText, (text) => {
      expect(leakedTokens(maskPersonalData(text).text)).toEqual([]);
    }), { numRuns: 3_000 });
  });

  it('masks every planted value standing between separators', () => {
    fc.assert(fc.property(arbFiller, arbPlanted, arbFiller, (before, planted, after) => {
      const out = maskPersonalData(`${before}，${planted}。${after}`).text;
      expect(out).not.toContain(planted);
      const bare = planted.replace(/[ +-]/g, '');
      expect(out.replace(/[ +-]/g, '')).not.toContain(bare.slice(-11));
    }), { numRuns: 3_000 });
  });

  it('is idempotent, never lengthens text, and leaves text without digits or addresses as it was', () => {
    fc.assert(fc.property(arbText, (text) => {
      const once = maskPersonalData(text).text;
      expect(maskPersonalData(once).text).toBe(once);
      expect(once.length).toBeLessThanOrEqual(text.length);
    }), { numRuns: 1_000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'的了我是在退款电话手机卡号，。：！ abcXYZ') }), (text) => {
      expect(maskPersonalData(text).text).toBe(text);
    }));
  });
});
