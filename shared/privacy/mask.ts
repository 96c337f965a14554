/**
 * Finds personal data in free text (mainland mobile numbers, resident ID numbers, bank card
 * numbers, street addresses) and masks it the way the platform shows it: 138****5678,
 * 440***********123X, 6222********7890, 广东省深圳市南山区****.
 */
import { findAddressSpans } from './address';
import { isBankCardNumber, isMainlandMobile, isResidentIdNumber } from './checks';

export type PersonalDataKind = 'phone' | 'id_number' | 'bank_card' | 'address';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** UTF-16 offsets in the text searched. */
  start: number;
  end: number;
  /** What replaces text.slice(start, end); never longer than it. */
  masked: string;
}

/** Full-width digits and letters (１３８, ｘ) are matched like ASCII ones; same length, same offsets. */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0B\uFF0D\u3000]/g;
function halfWidth(text: string): string {
  FULL_WIDTH.lastIndex = 0;
  if (!FULL_WIDTH.test(text)) return text;
  return text.replace(FULL_WIDTH, (c) => {
    if (c === '\u3000') return ' ';
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

/**
 * Not part of a longer run of letters and digits (an order or tracking number), nor of a number
 * already masked: the digits beside a mask's stars are that number's own, so masking twice
 * masks nothing more.
 */
const BEFORE = '(?<![0-9A-Za-z*])';
const AFTER = '(?![0-9A-Za-z*])';
/** A group separator repeated between every group (138-1234-5678, 6222 0212 3456 7890). */
const PHONE = new RegExp(`${BEFORE}(?<prefix>(?:\\+86|0086|86)[ -]?)?(?<a>1[3-9]\\d)(?<sep>[ -]?)(?<b>\\d{4})\\k<sep>(?<c>\\d{4})${AFTER}`, 'g');
const ID_NUMBER = new RegExp(`${BEFORE}(?<a>\\d{6})(?<sep>[ -]?)(?<b>\\d{8})\\k<sep>(?<c>\\d{3}[\\dXx])${AFTER}`, 'g');
const CARD = new RegExp(`${BEFORE}(?:\\d{16,19}|\\d{4}(?<sep>[ -])\\d{4}\\k<sep>\\d{4}\\k<sep>\\d{4}(?:\\k<sep>\\d{1,3})?)${AFTER}`, 'g');

/**
 * A number right after one of these labels is an order, waybill or serial number, not a card:
 * order numbers are 18–19 digits, and one in ten passes the Luhn check by chance.
 */
const NOT_A_CARD_LABEL = /(?:订单|单号|编号|流水|交易号|运单|快递|物流|条码|序列号|货号|批次|SN)[号码]?[：:\s是为]*$/u;

/**
 * A number written in groups must not be part of a longer grouped number: no group of one to
 * four digits right before or after it (6222 1381 2345 6789 0). A longer number after a space
 * is something else (an order number).
 */
function standsAlone(text: string, start: number, end: number): boolean {
  return !/(?<!\d)\d{1,4}[ -]$/.test(text.slice(Math.max(0, start - 6), start)) && !/^[ -]\d{1,4}(?!\d)/.test(text.slice(end, end + 6));
}

const stars = (n: number) => '*'.repeat(n);

function numberFindings(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of text.matchAll(ID_NUMBER)) {
    const g = m.groups as Record<string, string>;
    const id = `${g.a}${g.b}${g.c}`;
    if (!isResidentIdNumber(id) || (g.sep !== '' && !standsAlone(text, m.index, m.index + m[0].length))) continue;
    found.push({ kind: 'id_number', start: m.index, end: m.index + m[0].length, masked: `${id.slice(0, 3)}${stars(11)}${id.slice(14)}` });
  }
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (!isBankCardNumber(digits) || isResidentIdNumber(digits)) continue;
    if (m.groups?.sep !== undefined && !standsAlone(text, m.index, m.index + m[0].length)) continue;
    if (NOT_A_CARD_LABEL.test(text.slice(Math.max(0, m.index - 8), m.index))) continue;
    found.push({ kind: 'bank_card', start: m.index, end: m.index + m[0].length, masked: `${digits.slice(0, 4)}${stars(digits.length - 8)}${digits.slice(-4)}` });
  }
  for (const m of text.matchAll(PHONE)) {
    const g = m.groups as Record<string, string | undefined>;
    const digits = `${g.a}${g.b}${g.c}`;
    if (!isMainlandMobile(digits) || (g.sep !== '' && !standsAlone(text, m.index, m.index + m[0].length))) continue;
    found.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, masked: `${g.prefix ?? ''}${digits.slice(0, 3)}****${digits.slice(7)}` });
  }
  return found;
}

/** Every piece of personal data in the text, in order, none overlapping. */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const normal = halfWidth(text);
  // Most free text has no digits and no house number: skip the patterns that cannot match.
  const all = [
    ...(/\d/.test(normal) ? numberFindings(normal) : []),
    ...(!/[号栋幢座]/.test(normal) ? [] : findAddressSpans(normal)).map((s): PersonalDataFinding => ({ kind: 'address', start: s.start, end: s.end, masked: stars(Math.min(4, s.end - s.start)) })),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PersonalDataFinding[] = [];
  for (const f of all) {
    const last = kept[kept.length - 1];
    if (last && f.start < last.end) continue;
    kept.push(f);
  }
  return kept;
}

export interface MaskedText {
  text: string;
  findings: PersonalDataFinding[];
}

/** The text with its personal data masked (unchanged, same string, when there is none). */
export function maskPersonalData(text: string): MaskedText {
  const findings = findPersonalData(text);
  if (findings.length === 0) return { text, findings };
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + f.masked;
    at = f.end;
  }
  return { text: out + text.slice(at), findings };
}
