/**
 * Precision and recall of the masker on generated statements and chat lines (seeded, so the
 * figures are the README's). The floors, and why:
 * - recall ≥ 0.995: what is missed are numbers written in groups right next to another short
 *   group of digits (电话 133 6127 3527 2026-12-22签收): read alone, such a run could be part of
 *   one longer number, and the masker leaves grouped numbers it cannot delimit;
 * - precision ≥ 0.97 overall and exactly 1 for phones, ID numbers and addresses: the false
 *   alarms are 19-digit order numbers pasted without an order label before them, one in ten of
 *   which passes the Luhn check of a card number. They are masked as cards, which loses
 *   nothing: the order is in the case's own fields.
 */
import { describe, expect, it } from 'vitest';
import { findPersonalData, isBankCardNumber } from '../../shared/privacy';
import { generateCorpus, measureMasking } from './personal-data-corpus';

const SEED = 20261207;
const LINES = 5_000;

describe('masking figures on the generated corpus', () => {
  const corpus = generateCorpus(SEED, LINES);
  const f = measureMasking(corpus);

  it('has personal data of every kind and near misses in realistic proportions', () => {
    for (const k of Object.values(f.byKind)) expect(k.planted).toBeGreaterThan(500);
    const withData = corpus.filter((l) => l.planted.length > 0).length;
    expect(withData / LINES).toBeGreaterThan(0.4);
    expect(withData / LINES).toBeLessThan(0.9);
  });

  it('meets the floors', () => {
    expect(f.recall, f.misses.join('\n')).toBeGreaterThanOrEqual(0.995);
    expect(f.precision, f.falseAlarms.join('\n')).toBeGreaterThanOrEqual(0.97);
    for (const kind of ['phone', 'id_number', 'address'] as const) expect(f.byKind[kind].falsePositives, kind).toBe(0);
  });

  it('raises false alarms only on unlabelled order numbers that pass as card numbers', () => {
    const alarms = corpus.flatMap((l) => findPersonalData(l.text).filter((x) => !l.planted.some((p) => x.start < p.end && p.start < x.end)).map((x) => ({ x, text: l.text })));
    expect(alarms.length).toBe(f.byKind.bank_card.falsePositives);
    for (const { x, text } of alarms) {
      expect(x.kind).toBe('bank_card');
      expect(isBankCardNumber(text.slice(x.start, x.end))).toBe(true);
      expect(text.slice(Math.max(0, x.start - 6), x.start + 30)).toMatch(/这一单 \d{19}|\d{19} 这个订单/);
    }
  });

  it('is the same corpus for the same seed', () => {
    expect(generateCorpus(SEED, 50)).toEqual(corpus.slice(0, 50));
  });
});
