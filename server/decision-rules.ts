/** Checks of a decision against the facts of its case that the schemas alone cannot make. */
import type { Case, DecisionBody } from '../shared/domain';

const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/** A message naming the field when an amount does not fit the case, else null. */
export function invalidAmount(c: Case, body: DecisionBody): string | null {
  if (c.kind === 'refund_dispute' && body.kind === 'refund_dispute') {
    const o = body.outcome;
    const paid = c.detail.order.amountPaidFen;
    if ((o.type === 'partial_refund' || o.type === 'fund_compensation') && o.amountFen > paid) {
      return `body.outcome.amountFen: ${yuan(o.amountFen)} is more than the ${yuan(paid)} paid for order ${c.detail.order.id}`;
    }
  }
  if (c.kind === 'merchant_complaint' && body.kind === 'merchant_complaint' && body.outcome.type === 'reverse' && body.outcome.amountFen !== undefined) {
    const ceiling = c.detail.contested.amountFen ?? c.detail.order?.amountPaidFen ?? null;
    if (ceiling !== null && body.outcome.amountFen > ceiling) {
      return `body.outcome.amountFen: ${yuan(body.outcome.amountFen)} is more than the ${yuan(ceiling)} the complaint contests`;
    }
  }
  if (c.kind === 'appeal' && body.kind === 'appeal' && body.outcome.type === 'modify') {
    const was = c.detail.contested.outcome;
    const { fineFen, suspendDays } = body.outcome;
    if (fineFen !== undefined) {
      if (was.type !== 'fine') return `body.outcome.fineFen: the contested decision (${was.type}) imposed no fine`;
      if (fineFen >= was.amountFen) return `body.outcome.fineFen: a modification lowers the fine, and ${yuan(fineFen)} is not below ${yuan(was.amountFen)}`;
    }
    if (suspendDays !== undefined) {
      if (was.type !== 'suspend_store') return `body.outcome.suspendDays: the contested decision (${was.type}) suspended no store`;
      if (suspendDays >= was.days) return `body.outcome.suspendDays: a modification shortens the suspension, and ${suspendDays} days is not less than ${was.days}`;
    }
  }
  return null;
}
