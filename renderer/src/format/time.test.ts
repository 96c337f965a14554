import { describe, expect, it } from 'vitest';
import { durationParts, formatRelative, slaState, SLA_URGENT_MS } from './time';

describe('time formatting', () => {
  const now = Date.UTC(2026, 10, 21, 8, 0, 0);
  it('splits durations', () => {
    expect(durationParts(0)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(durationParts((26 * 60 + 5) * 60_000 + 59_000)).toEqual({ days: 1, hours: 2, minutes: 5 });
    expect(durationParts(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
  it('classifies SLA deadlines', () => {
    expect(slaState(now - 1, now)).toBe('breached');
    expect(slaState(now, now)).toBe('breached');
    expect(slaState(now + SLA_URGENT_MS, now)).toBe('urgent');
    expect(slaState(now + SLA_URGENT_MS + 1, now)).toBe('ok');
  });
  it('formats relative times per locale', () => {
    expect(formatRelative(now - 3 * 60_000, now, 'en')).toBe('3 minutes ago');
    expect(formatRelative(now - 3 * 60_000, now, 'zh-CN')).toBe('3分钟前');
    expect(formatRelative(now + 2 * 3600_000, now, 'en')).toBe('in 2 hours');
    expect(formatRelative(now - 86400_000, now, 'en')).toBe('yesterday');
  });
});
