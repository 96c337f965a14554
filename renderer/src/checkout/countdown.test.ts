import { describe, expect, it } from 'vitest';
import { countdownText, parseCheckoutCount } from './countdown';

describe('offline checkout countdown', () => {
  it('counts hours, minutes and seconds down to zero and stays there', () => {
    const now = 1_000_000;
    expect(countdownText(now + 8 * 3600_000, now)).toBe('8:00:00');
    expect(countdownText(now + 7 * 3600_000 + 59 * 60_000 + 5_999, now)).toBe('7:59:05');
    expect(countdownText(now + 270_000, now)).toBe('0:04:30');
    expect(countdownText(now - 5_000, now)).toBe('0:00:00');
  });
  it('takes a whole count within the limit that is left, nothing else', () => {
    expect(parseCheckoutCount(' 20 ', 200)).toBe(20);
    expect(parseCheckoutCount('200', 200)).toBe(200);
    expect(parseCheckoutCount('201', 200)).toBeNull();
    expect(parseCheckoutCount('0', 200)).toBeNull();
    expect(parseCheckoutCount('2.5', 200)).toBeNull();
    expect(parseCheckoutCount('', 200)).toBeNull();
  });
});
