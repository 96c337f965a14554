import { LedgerSummaryQuery } from '../../../shared/sync/protocol';

export type LedgerGrouping = LedgerSummaryQuery['by'];

/** The ledger filter as typed: dates as `YYYY-MM-DD` (whole UTC days), a merchant id. */
export interface LedgerForm {
  by: LedgerGrouping;
  from: string;
  to: string;
  merchantId: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a `YYYY-MM-DD`, or null. */
export function utcDay(text: string): number | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The query for `ledger.summary`: `to` is inclusive of its whole day (the next midnight),
 * empty fields are left out. Null when the range is backwards or a field does not parse.
 */
export function ledgerQuery(f: LedgerForm): LedgerSummaryQuery | null {
  const q: Record<string, unknown> = { by: f.by };
  if (f.from.trim() !== '') {
    const from = utcDay(f.from);
    if (from === null) return null;
    q.from = from;
  }
  if (f.to.trim() !== '') {
    const to = utcDay(f.to);
    if (to === null) return null;
    q.to = to + 86_400_000;
  }
  if (f.merchantId.trim() !== '') q.merchantId = f.merchantId.trim();
  const parsed = LedgerSummaryQuery.safeParse(q);
  return parsed.success ? parsed.data : null;
}
