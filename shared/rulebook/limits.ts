/**
 * The limits a case itself sets on the amounts a decision names, read from the case and the
 * decision alone (no rulebook, no facts): a refund or compensation never above what was paid,
 * a complaint reversal never above what the complaint contests (or, when it names no amount,
 * what was paid), an appeal modification only lower or shorter than what was imposed.
 */
import { refusal, type Case, type DecisionBody, type MerchantComplaintCase, type Refusal } from '../domain';

const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/** The most a complaint reversal may name: the contested amount, else what was paid; null when the case names neither. */
export function reversalCeilingFen(c: MerchantComplaintCase): number | null {
  return c.detail.contested.amountFen ?? c.detail.order?.amountPaidFen ?? null;
}

/** Why an amount does not fit the case (the message names the field), else null. */
export function amountRefusal(c: Case, body: DecisionBody): Refusal | null {
  if (c.kind === 'refund_dispute' && body.kind === 'refund_dispute') {
    const o = body.outcome;
    const paid = c.detail.order.amountPaidFen;
    if ((o.type === 'partial_refund' || o.type === 'fund_compensation') && o.amountFen > paid) {
      return refusal('amount_above_paid', { amountFen: o.amountFen, paidFen: paid }, `body.outcome.amountFen: ${yuan(o.amountFen)} is more than the ${yuan(paid)} paid for order ${c.detail.order.id}`);
    }
  }
  if (c.kind === 'merchant_complaint' && body.kind === 'merchant_complaint' && body.outcome.type === 'reverse' && body.outcome.amountFen !== undefined) {
    const ceiling = reversalCeilingFen(c);
    const amountFen = body.outcome.amountFen;
    if (ceiling !== null && amountFen > ceiling) {
      return refusal('amount_above_contested', { amountFen, contestedFen: ceiling }, `body.outcome.amountFen: ${yuan(amountFen)} is more than the ${yuan(ceiling)} the complaint contests`);
    }
  }
  if (c.kind === 'appeal' && body.kind === 'appeal' && body.outcome.type === 'modify') {
    const was = c.detail.contested.outcome;
    const contested: DecisionBody = { kind: 'violation', outcome: was };
    const { fineFen, suspendDays } = body.outcome;
    if (fineFen !== undefined) {
      if (was.type !== 'fine') return refusal('imposed_not_fine_or_suspension', { contested }, `body.outcome.fineFen: the contested decision (${was.type}) imposed no fine`);
      if (fineFen >= was.amountFen) {
        return refusal('imposed_fine_not_lower', { fineFen, contestedFen: was.amountFen }, `body.outcome.fineFen: a modification lowers the fine, and ${yuan(fineFen)} is not below ${yuan(was.amountFen)}`);
      }
    }
    if (suspendDays !== undefined) {
      if (was.type !== 'suspend_store') return refusal('imposed_not_fine_or_suspension', { contested }, `body.outcome.suspendDays: the contested decision (${was.type}) suspended no store`);
      if (suspendDays >= was.days) {
        return refusal('imposed_days_not_shorter', { days: suspendDays, contestedDays: was.days }, `body.outcome.suspendDays: a modification shortens the suspension, and ${suspendDays} days is not less than ${was.days}`);
      }
    }
  }
  return null;
}
