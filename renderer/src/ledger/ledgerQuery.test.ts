import { describe, expect, it } from 'vitest';
import { ledgerQuery, utcDay } from './ledgerQuery';

describe('ledger query', () => {
  it('turns whole UTC days into an inclusive range', () => {
    expect(ledgerQuery({ by: 'month', from: '2026-11-01', to: '2026-11-30', merchantId: '' })).toEqual({
      by: 'month', from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1),
    });
  });
  it('leaves empty fields out and keeps a merchant', () => {
    expect(ledgerQuery({ by: 'payer', from: '', to: '', merchantId: ' M-1001 ' })).toEqual({ by: 'payer', merchantId: 'M-1001' });
  });
  it('refuses a backwards range or a bad date', () => {
    expect(ledgerQuery({ by: 'payee', from: '2026-11-02', to: '2026-10-01', merchantId: '' })).toBeNull();
    expect(utcDay('2026/11/02')).toBeNull();
  });
});
