/**
 * Ordering of violation outcomes along the penalty ladder of domain.md. Used to keep the
 * rulebook's ladders monotone, to measure departures and to stop an appeal from raising a
 * penalty.
 */
import type { ViolationOutcome } from '../domain';
import { formatYuan } from './money';

export type ViolationOutcomeType = ViolationOutcome['type'];

/** Ladder rank, lightest first; closing a store and removing a creator are the same, final step. */
export const PENALTY_RANK: Readonly<Record<ViolationOutcomeType, number>> = {
  dismiss: 0,
  warning: 1,
  remove_product: 2,
  interrupt_live: 3,
  restrict_traffic: 4,
  deduct_points: 5,
  fine: 6,
  suspend_store: 7,
  close_store: 8,
  remove_creator: 8,
};

export function penaltyRank(outcome: ViolationOutcome): number {
  return PENALTY_RANK[outcome.type];
}

/** The size within one rung: fen of a fine, days of a suspension or restriction, points deducted. */
export function penaltyMagnitude(outcome: ViolationOutcome): number {
  switch (outcome.type) {
    case 'fine': return outcome.amountFen;
    case 'suspend_store':
    case 'restrict_traffic': return outcome.days;
    case 'deduct_points': return outcome.points;
    default: return 0;
  }
}

/** Negative when `a` is lighter than `b`, zero when equally heavy, positive when heavier. */
export function comparePenalties(a: ViolationOutcome, b: ViolationOutcome): number {
  const byRank = penaltyRank(a) - penaltyRank(b);
  if (byRank !== 0) return byRank;
  return a.type === b.type ? penaltyMagnitude(a) - penaltyMagnitude(b) : 0;
}

export function describePenalty(outcome: ViolationOutcome): { zh: string; en: string } {
  switch (outcome.type) {
    case 'dismiss': return { zh: '不予处罚', en: 'no penalty' };
    case 'warning': return { zh: '警告', en: 'a warning' };
    case 'remove_product': return { zh: '商品下架', en: 'product removal' };
    case 'interrupt_live': return { zh: '直播断播', en: 'live-stream interruption' };
    case 'restrict_traffic': return { zh: `限制流量${outcome.days}天`, en: `traffic restriction for ${outcome.days} days` };
    case 'deduct_points': return { zh: `扣${outcome.points}分`, en: `deduction of ${outcome.points} points` };
    case 'fine': return { zh: `罚款${formatYuan(outcome.amountFen)}`, en: `a fine of ${formatYuan(outcome.amountFen)}` };
    case 'suspend_store': return { zh: `店铺停业${outcome.days}天`, en: `store suspension for ${outcome.days} days` };
    case 'close_store': return { zh: '关闭店铺', en: 'store closure' };
    case 'remove_creator': return { zh: '清退创作者', en: 'creator removal' };
  }
}
