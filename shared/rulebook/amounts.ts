/** The money a decision moves, read from the case and the decision alone (no facts needed). */
import type { ComplaintRemedy, MerchantComplaintCase, MerchantComplaintOutcome, Order, RefundDisputeOutcome } from '../domain';

/** What a refund-dispute outcome pays the buyer: full outcomes pay what was paid. */
export function refundAmountFen(order: Order, outcome: RefundDisputeOutcome): number {
  switch (outcome.type) {
    case 'full_refund':
    case 'return_and_refund': return order.amountPaidFen;
    case 'partial_refund':
    case 'fund_compensation': return outcome.amountFen;
    case 'reject':
    case 'flag_malicious_buyer': return 0;
  }
}

/** Outcomes that send goods back, so freight is due. */
export function involvesReturn(outcome: RefundDisputeOutcome): boolean {
  return outcome.type === 'return_and_refund';
}

/**
 * The most a reversal by `remedy` may give back to the merchant, or null for a remedy that
 * moves no money. A recovered refund is at most what was refunded (and what was paid); a
 * released deposit at most the deposit held.
 */
export function remedyCapFen(c: MerchantComplaintCase, remedy: ComplaintRemedy): number | null {
  const contested = c.detail.contested.amountFen;
  switch (remedy) {
    case 'recover_refund': {
      const paid = c.detail.order?.amountPaidFen;
      if (contested === null) return paid ?? 0;
      return paid === undefined ? contested : Math.min(contested, paid);
    }
    case 'refund_fine': return contested ?? 0;
    case 'release_deposit': return Math.min(contested ?? c.merchant.depositFen, c.merchant.depositFen);
    case 'restore_store': return null;
  }
}

/** What a complaint outcome gives back: the named amount, or for a full reversal the whole cap. */
export function reversalAmountFen(c: MerchantComplaintCase, outcome: MerchantComplaintOutcome): number {
  if (outcome.type === 'uphold') return 0;
  const cap = remedyCapFen(c, outcome.remedy);
  if (cap === null) return 0;
  return outcome.amountFen ?? (outcome.extent === 'full' ? cap : 0);
}
