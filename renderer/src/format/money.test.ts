import { describe, expect, it } from 'vitest';
import { MAX_FEN } from '../../../shared/domain';
import { fenToYuanInput, formatFen, parseYuanToFen } from './money';

describe('parseYuanToFen', () => {
  it('converts yuan text to integer fen exactly', () => {
    expect(parseYuanToFen('0.29')).toEqual({ ok: true, fen: 29 });
    expect(parseYuanToFen('1.1')).toEqual({ ok: true, fen: 110 });
    expect(parseYuanToFen('19.99')).toEqual({ ok: true, fen: 1999 });
    expect(parseYuanToFen('300')).toEqual({ ok: true, fen: 30000 });
    expect(parseYuanToFen('300.')).toEqual({ ok: true, fen: 30000 });
    expect(parseYuanToFen('007.05')).toEqual({ ok: true, fen: 705 });
  });
  it('has no float drift where naive maths has it', () => {
    // 1.15 * 100 = 114.99999999999999 in floating point; 4.35 * 100 = 434.99999999999994.
    expect(parseYuanToFen('1.15')).toEqual({ ok: true, fen: 115 });
    expect(parseYuanToFen('4.35')).toEqual({ ok: true, fen: 435 });
    for (let fen = 0; fen < 100_000; fen += 7) {
      expect(parseYuanToFen(fenToYuanInput(fen))).toEqual({ ok: true, fen });
    }
  });
  it('accepts what people paste', () => {
    expect(parseYuanToFen(' ¥1,234.50 ')).toEqual({ ok: true, fen: 123450 });
    expect(parseYuanToFen('￥１２．３')).toEqual({ ok: true, fen: 1230 });
  });
  it('refuses malformed, over-precise and huge amounts', () => {
    expect(parseYuanToFen('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseYuanToFen('abc')).toEqual({ ok: false, reason: 'format' });
    expect(parseYuanToFen('-5')).toEqual({ ok: false, reason: 'format' });
    expect(parseYuanToFen('1e3')).toEqual({ ok: false, reason: 'format' });
    expect(parseYuanToFen('.5')).toEqual({ ok: false, reason: 'format' });
    expect(parseYuanToFen('1.234')).toEqual({ ok: false, reason: 'precision' });
    expect(parseYuanToFen('100000000.01')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseYuanToFen('99999999999999999999')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseYuanToFen('100000000')).toEqual({ ok: true, fen: MAX_FEN });
  });
});

describe('formatFen', () => {
  it('shows ¥ with two decimals and grouping in both languages', () => {
    expect(formatFen(123456, 'zh-CN')).toBe('¥1,234.56');
    expect(formatFen(123456, 'en')).toBe('¥1,234.56');
    expect(formatFen(5, 'en')).toBe('¥0.05');
    expect(formatFen(0, 'zh-CN')).toBe('¥0.00');
    expect(formatFen(MAX_FEN, 'en')).toBe('¥100,000,000.00');
  });
  it('fenToYuanInput gives editable text', () => {
    expect(fenToYuanInput(30000)).toBe('300.00');
    expect(fenToYuanInput(7)).toBe('0.07');
  });
});
