/** Times are UTC milliseconds; shown in the viewer's time zone, per locale. */

const dtf = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(locale: string, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${locale}|${key}`;
  let f = dtf.get(id);
  if (!f) dtf.set(id, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

export function formatDateTime(ms: number, locale: string): string {
  return dateTimeFormat(locale, 'dt', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
}

export function formatDate(ms: number, locale: string): string {
  return dateTimeFormat(locale, 'd', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

const rtf = new Map<string, Intl.RelativeTimeFormat>();

/** "3 minutes ago" / "3分钟前", "in 2 hours" / "2小时后". */
export function formatRelative(ms: number, now: number, locale: string): string {
  let f = rtf.get(locale);
  if (!f) rtf.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  const diffSec = Math.round((ms - now) / 1000);
  const abs = Math.abs(diffSec);
  if (abs < 45) return f.format(diffSec, 'second');
  if (abs < 45 * 60) return f.format(Math.round(diffSec / 60), 'minute');
  if (abs < 22 * 3600) return f.format(Math.round(diffSec / 3600), 'hour');
  if (abs < 26 * 86400) return f.format(Math.round(diffSec / 86400), 'day');
  if (abs < 320 * 86400) return f.format(Math.round(diffSec / (30 * 86400)), 'month');
  return f.format(Math.round(diffSec / (365 * 86400)), 'year');
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** Splits a non-negative span into whole days, hours and minutes (rounded down). */
export function durationParts(ms: number): DurationParts {
  const totalMin = Math.floor(Math.max(0, ms) / 60_000);
  return { days: Math.floor(totalMin / 1440), hours: Math.floor((totalMin % 1440) / 60), minutes: totalMin % 60 };
}

/** How an SLA deadline stands: breached, due within the warning window, or comfortable. */
export type SlaState = 'breached' | 'urgent' | 'ok';
export const SLA_URGENT_MS = 2 * 3600_000;

export function slaState(dueAt: number, now: number): SlaState {
  if (dueAt <= now) return 'breached';
  return dueAt - now <= SLA_URGENT_MS ? 'urgent' : 'ok';
}
