import { MAX_FEN } from '../../../shared/domain';

/**
 * Money is integer fen everywhere; people type yuan. Parsing works on the digits as text
 * (integer part × 100 + the two decimals), so "0.29" is 29 fen exactly, never 28.999….
 */
export type YuanParse =
  | { ok: true; fen: number }
  | { ok: false; reason: 'empty' | 'format' | 'precision' | 'too_large' };

const YUAN = /^(\d+)(?:\.(\d*))?$/;

export function parseYuanToFen(input: string): YuanParse {
  // Accept what people paste: a leading ¥ / ￥, thousands separators, full-width digits and dot.
  const cleaned = input
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/^[¥￥]\s*/, '')
    .replace(/,/g, '');
  if (cleaned === '') return { ok: false, reason: 'empty' };
  const m = YUAN.exec(cleaned);
  if (!m) return { ok: false, reason: 'format' };
  const intPart = (m[1] ?? '').replace(/^0+(?=\d)/, '');
  const frac = m[2] ?? '';
  if (frac.length > 2) return { ok: false, reason: 'precision' };
  // Bounded before any arithmetic so the sum stays far inside the safe-integer range.
  if (intPart.length > 9) return { ok: false, reason: 'too_large' };
  const fen = Number(intPart) * 100 + Number(frac.padEnd(2, '0'));
  if (fen > MAX_FEN) return { ok: false, reason: 'too_large' };
  return { ok: true, fen };
}

/** Fen as the yuan text a form field starts with: 12345 → "123.45", 100 → "1.00". */
export function fenToYuanInput(fen: number): string {
  const yuan = Math.trunc(fen / 100);
  const cents = Math.abs(fen % 100);
  return `${yuan}.${String(cents).padStart(2, '0')}`;
}

const groupers = new Map<string, Intl.NumberFormat>();
function grouper(locale: string): Intl.NumberFormat {
  let f = groupers.get(locale);
  if (!f) groupers.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true })));
  return f;
}

/**
 * Fen for display: ¥ and two decimals in both languages (Intl's CNY gives "CN¥" in English,
 * which staff do not use). Integer maths only: the yuan part is grouped per locale.
 */
export function formatFen(fen: number, locale: string): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${grouper(locale).format(yuan)}.${String(cents).padStart(2, '0')}`;
}
