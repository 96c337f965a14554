import type { TFunction } from 'i18next';
import type { CaseKind, CaseStatus } from '../../../shared/domain';
import { slaState, type SlaState } from '../format/time';
import type { Format } from '../shell/useFormat';

/** Whether the case still runs against its SLA, or how it ended: a closed case's SLA was met or missed. */
export type SlaStanding = SlaState | 'met' | 'missed';

/** Open or held for approval: the deadline still counts down. */
export const stillRunning = (status: CaseStatus): boolean => status === 'open' || status === 'awaiting_approval';

/**
 * The SLA in words. A running case counts down (or up, once late); a closed one says whether
 * it was closed in time, judged at `closedAt` (its decision's time, else its last change).
 */
export function slaStanding(dueAt: number, status: CaseStatus, closedAt: number, now: number, t: TFunction, f: Format): { state: SlaStanding; text: string } {
  if (!stillRunning(status)) {
    return closedAt <= dueAt ? { state: 'met', text: t('screen.sla.met') } : { state: 'missed', text: t('screen.sla.missed', { duration: f.duration(closedAt - dueAt) }) };
  }
  const state = slaState(dueAt, now);
  const text = state === 'breached' ? t('sla.overdue', { duration: f.duration(now - dueAt) }) : t('sla.left', { duration: f.duration(dueAt - now) });
  return { state, text };
}

/**
 * A case's amount in words. No amount (a violation without a fine, an exchange, an appeal of a
 * penalty without money) is "—", never ¥0.00; a violation's amount is the ladder's proposal
 * until someone decides, and says so.
 */
export function amountText(kind: CaseKind, status: CaseStatus, amountFen: number, t: TFunction, f: Format): string {
  if (amountFen <= 0) return t('screen.none');
  if (kind === 'violation' && stillRunning(status)) return t('screen.proposedFine', { amount: f.money(amountFen) });
  return f.money(amountFen);
}

/** A lease as the time left and the clock time it ends. */
export function leaseText(holder: { mine: true } | { mine: false; name: string }, expiresAt: number, now: number, t: TFunction, f: Format): string {
  const left = f.duration(expiresAt - now);
  const until = f.dateTime(expiresAt);
  return holder.mine ? t('screen.lease.mine', { left, until }) : t('screen.lease.other', { name: holder.name, left, until });
}
