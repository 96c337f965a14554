import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerEntries, netByParty, reverseLedger, sumLedger } from './ledger';
import { complaintCase, fixtureRulebook, refundCase } from './test-fixtures';
import { LEDGER_PARTIES, LEDGER_PURPOSES, type LedgerEntry } from './types';

const rb = fixtureRulebook();

const arbEntry: fc.Arbitrary<LedgerEntry> = fc.record({
  payer: fc.constantFrom(...LEDGER_PARTIES),
  payee: fc.constantFrom(...LEDGER_PARTIES),
  amountFen: fc.integer({ min: 1, max: 10_000_000_000 }),
  ruleRef: fc.constantFrom('REF-G-6', 'CMP-RF-1', 'VIO-C0-2.6'),
  purpose: fc.constantFrom(...LEDGER_PURPOSES),
}).filter((e) => e.payer !== e.payee);

describe('the ledger', () => {
  it('nets to zero over any entries: every fen paid is received', () => {
    fc.assert(fc.property(fc.array(arbEntry, { maxLength: 30 }), (entries) => {
      expect(Object.values(netByParty(entries)).reduce((s, n) => s + n, 0)).toBe(0);
    }));
  });

  it('a reversal cancels the entries it reverses, for every party', () => {
    fc.assert(fc.property(fc.array(arbEntry, { maxLength: 30 }), (entries) => {
      const net = netByParty([...entries, ...reverseLedger(entries, 'APL-5')]);
      for (const party of LEDGER_PARTIES) expect(net[party]).toBe(0);
      const twice = reverseLedger(reverseLedger(entries));
      expect(twice.map(({ payer, payee, amountFen }) => ({ payer, payee, amountFen }))).toEqual(entries.map(({ payer, payee, amountFen }) => ({ payer, payee, amountFen })));
    }));
  });

  it('sums by payer, payee, purpose and clause', () => {
    const c = refundCase({ paidFen: 20_000, guarantees: ['seven_day_no_reason', 'express_refund', 'shipping_insurance'] });
    const entries = ledgerEntries(c, { kind: 'refund_dispute', outcome: { type: 'return_and_refund' } }, rb, 'REF-7D-1');
    expect(sumLedger(entries, 'payer')).toEqual({ platform: 20_000, merchant: 20_000, insurer: 1_200 });
    expect(sumLedger(entries, 'payee')).toEqual({ buyer: 21_200, platform: 20_000 });
    expect(sumLedger(entries, 'purpose')).toEqual({ advance: 20_000, settlement: 20_000, freight: 1_200 });
    expect(netByParty(entries)).toEqual({ merchant: -20_000, creator: 0, buyer: 21_200, platform_fund: 0, insurer: -1_200, platform: 0 });
  });

  it('writes nothing for decisions that move no money', () => {
    expect(ledgerEntries(refundCase(), { kind: 'refund_dispute', outcome: { type: 'reject' } }, rb)).toEqual([]);
    expect(ledgerEntries(complaintCase(), { kind: 'merchant_complaint', outcome: { type: 'uphold' } }, rb)).toEqual([]);
    expect(ledgerEntries(complaintCase({ complaintType: 'arbitrary_closure' }), { kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy: 'restore_store' } }, rb)).toEqual([]);
  });

  it('refuses to write a decision of one kind against a case of another', () => {
    expect(() => ledgerEntries(refundCase(), { kind: 'appeal', outcome: { type: 'overturn' } }, rb)).toThrow(/cannot apply/);
  });
});
