/** What every kind of case shares: its context, timing, SLA, priority and wording helpers. */
import type { Buyer, CaseEvent, Merchant, ProductCategory, Region } from '../../shared/domain';
import type { EvidenceIndex } from './evidence';
import type { Prng } from './prng';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** How far back the demo's open cases reach. */
export const HORIZON_MS = 14 * DAY_MS;

/** Everything a case builder draws from; one per case. */
export interface CaseContext {
  seed: number;
  now: number;
  index: number;
  rng: Prng;
  evidence: EvidenceIndex;
  region: Region;
  category: ProductCategory;
  merchant: Merchant;
}

export interface CaseTimes { createdAt: number; updatedAt: number; slaDueAt: number }

/**
 * Most open cases are younger than their SLA; a tail reaches back two weeks, so some are
 * already breached (about one in seven overall).
 */
export function caseTimes(rng: Prng, now: number, sla: number): CaseTimes {
  const age = rng.chance(0.88) ? Math.min(HORIZON_MS, rng.exponential(sla * 0.35)) : rng.next() * HORIZON_MS;
  const createdAt = Math.max(0, Math.floor((now - age - MINUTE_MS) / 1000) * 1000);
  const updatedAt = createdAt + Math.floor((rng.next() * rng.next() * (now - createdAt)) / 1000) * 1000;
  return { createdAt, updatedAt, slaDueAt: createdAt + sla };
}

/**
 * Priority 1 is most urgent (the rulebook's SLA table is indexed so): the gravity of the kind
 * of case plus money at stake, a creator's reach, a repeat offender and a manual escalation each raise urgency; petty sums lower it.
 */
export function priorityOf(urgency: number, opts: { amountFen: number; followers?: number; repeat?: boolean }, rng: Prng): number {
  let u = urgency;
  if (opts.amountFen >= 500_000) u += 1;
  if (opts.amountFen > 0 && opts.amountFen < 5_000) u -= 1;
  // Some cases are escalated by hand (press attention, a supervisor's request).
  if (rng.chance(0.08)) u += 1;
  if ((opts.followers ?? 0) >= 1_000_000) u += 1;
  if (opts.repeat) u += 1;
  return 5 - Math.max(0, Math.min(4, u));
}

/** ¥1,299.90 for 129990 fen. */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US');
  return `¥${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** Round a fen amount down to whole yuan (refunds and fines are set in yuan). */
export function wholeYuan(fen: number): number {
  return Math.floor(fen / 100) * 100;
}

export function event(at: number, actor: string, name: string, detail: string): CaseEvent {
  return { at, actor, event: name, detail };
}

/** A time between a and b (a ≤ b), rounded to the second like the platform's logs. */
export function between(rng: Prng, a: number, b: number): number {
  return Math.floor((a + rng.next() * Math.max(0, b - a)) / 1000) * 1000;
}

export function buyerLabel(buyer: Buyer | null): string {
  return buyer ? buyer.nickname : '买家';
}

/** Case ids carry the kind, the seed and the position in the stream, so two demos never collide. */
export function caseId(prefix: string, seed: number, index: number): string {
  return `${prefix}-${seed}-${String(index).padStart(7, '0')}`;
}
