import { describe, expect, it } from 'vitest';
import { captureSpan, exifOffset, exifWallClock, takenTooEarly } from './photo-facts';

const delivered = Date.UTC(2026, 11, 3, 6, 0); // 14:00 in China
const signed = Date.UTC(2026, 11, 3, 9, 0);
const order = { deliveredAt: delivered, signedAt: signed };

describe('takenTooEarly', () => {
  it('flags a damage photo taken before delivery, or between delivery and sign-off', () => {
    expect(takenTooEarly({ local: '2026-12-03T13:59:00', offset: '+08:00' }, order)).toBe('before_delivery');
    expect(takenTooEarly({ local: '2026-12-03T15:00:00', offset: '+08:00' }, order)).toBe('before_signoff');
    expect(takenTooEarly({ local: '2026-12-03T17:00:00', offset: '+08:00' }, order)).toBeNull();
    expect(takenTooEarly({ local: '2026-12-03T03:00:00', offset: '-05:00' }, order)).toBe('before_signoff');
  });

  it('without an offset, flags only a time early in every zone on Earth', () => {
    // 13:59 read in UTC−12 is 01:59Z the next day: after delivery, so no flag.
    expect(takenTooEarly({ local: '2026-12-03T13:59:00', offset: null }, order)).toBeNull();
    expect(takenTooEarly({ local: '2026-12-02T17:59:00', offset: null }, order)).toBe('before_delivery');
    expect(captureSpan({ local: '2026-12-02T12:00:00', offset: null })).toEqual({ earliest: Date.UTC(2026, 11, 1, 22), latest: Date.UTC(2026, 11, 3, 0) });
  });

  it('says nothing without a time or an order that was delivered', () => {
    expect(takenTooEarly(null, order)).toBeNull();
    expect(takenTooEarly({ local: '2026-01-01T00:00:00', offset: '+08:00' }, { deliveredAt: null, signedAt: null })).toBeNull();
  });
});

describe('EXIF fields', () => {
  it('reads the wall clock and offset as written, and nothing blank', () => {
    expect(exifWallClock('2026:12:01 10:00:00')).toBe('2026-12-01T10:00:00');
    expect(exifWallClock('0000:00:00 00:00:00')).toBeNull();
    expect(exifWallClock('    :  :     :  :  ')).toBeNull();
    expect(exifOffset('+08:00')).toBe('+08:00');
    expect(exifOffset('08:00')).toBeNull();
    expect(exifOffset(undefined)).toBeNull();
  });
});
