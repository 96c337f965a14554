/**
 * Ledger entries for money decisions: who pays whom, how much (integer fen), under which
 * clause. Computed from the case and the decision body alone, so the case service can write
 * them from the stored decision and a supervisor can recompute them when auditing.
 */
import {
  RuleRef, type AppealCase, type AppealOutcome, type Case, type DecisionBody, type MerchantComplaintCase, type MerchantComplaintOutcome,
  type RefundDisputeCase, type RefundDisputeOutcome, type ViolationOutcome,
} from '../domain';
import { involvesReturn, refundAmountFen, reversalAmountFen } from './amounts';
import type { Rulebook } from './schema';
import { LEDGER_PARTIES, type LedgerEntry, type LedgerParty, type LedgerPurpose } from './types';

function entry(payer: LedgerParty, payee: LedgerParty, amountFen: number, ruleRef: RuleRef, purpose: LedgerPurpose): LedgerEntry[] {
  return amountFen > 0 ? [{ payer, payee, amountFen, ruleRef, purpose }] : [];
}

/** A fine is paid by the fined party to the platform (or its fund, as the rulebook says). */
export function violationLedger(outcome: ViolationOutcome, payer: 'merchant' | 'creator', ruleRef: RuleRef, rb: Rulebook): LedgerEntry[] {
  return outcome.type === 'fine' ? entry(payer, rb.violations.finePayee, outcome.amountFen, ruleRef, 'fine') : [];
}

/**
 * Refunds are the merchant's, compensation is the guarantee fund's. With express refund the
 * platform advances a return-and-refund and settles with the merchant; with shipping
 * insurance the insurer pays the return freight.
 */
export function refundLedger(c: RefundDisputeCase, outcome: RefundDisputeOutcome, rb: Rulebook, ruleRef?: RuleRef): LedgerEntry[] {
  const r = rb.refunds;
  const order = c.detail.order;
  const amount = refundAmountFen(order, outcome);
  const entries: LedgerEntry[] = [];
  if (outcome.type === 'fund_compensation') {
    entries.push(...entry('platform_fund', 'buyer', amount, ruleRef ?? r.refs.fundCoverage, 'compensation'));
  } else if (amount > 0) {
    const ref = ruleRef ?? r.refs.merchantRefund;
    if (involvesReturn(outcome) && order.guarantees.includes('express_refund')) {
      entries.push(...entry('platform', 'buyer', amount, r.expressRefund.ref, 'advance'));
      entries.push(...entry('merchant', 'platform', amount, ref, 'settlement'));
    } else {
      entries.push(...entry('merchant', 'buyer', amount, ref, 'refund'));
    }
  }
  if (involvesReturn(outcome) && order.guarantees.includes('shipping_insurance')) {
    entries.push(...entry('insurer', 'buyer', r.shippingInsurance.freightPayoutFen, r.shippingInsurance.ref, 'freight'));
  }
  return entries;
}

export function complaintLedger(c: MerchantComplaintCase, outcome: MerchantComplaintOutcome, rb: Rulebook, ruleRef?: RuleRef): LedgerEntry[] {
  if (outcome.type === 'uphold') return [];
  const remedy = rb.complaints.remedies[outcome.remedy];
  if (remedy.payer === null || remedy.payee === null) return [];
  return entry(remedy.payer, remedy.payee, reversalAmountFen(c, outcome), ruleRef ?? remedy.ref, 'remedy');
}

/** Overturning reverses the contested fine; a modification returns the part taken off it (all of it for a lighter penalty without a fine). */
export function appealLedger(c: AppealCase, outcome: AppealOutcome, rb: Rulebook, ruleRef?: RuleRef): LedgerEntry[] {
  const contested = c.detail.contested;
  const payer = c.detail.appellant.type === 'creator' ? 'creator' : 'merchant';
  const cited = RuleRef.safeParse(contested.ruleRef);
  const original = violationLedger(contested.outcome, payer, cited.success ? cited.data : rb.appeals.refs.reversal, rb);
  if (outcome.type === 'overturn') return reverseLedger(original, ruleRef ?? rb.appeals.refs.reversal);
  if (outcome.type === 'modify' && outcome.penalty !== undefined) {
    // A lower fine in place of the fine returns the difference; any other lighter penalty imposes no money, so the original's is returned.
    const p = outcome.penalty;
    if (p.type === 'fine' && contested.outcome.type === 'fine') {
      return entry(rb.violations.finePayee, payer, contested.outcome.amountFen - p.amountFen, ruleRef ?? rb.appeals.refs.modifyLowers, 'reversal');
    }
    return reverseLedger(original, ruleRef ?? rb.appeals.refs.modifyLowers);
  }
  if (outcome.type === 'modify' && contested.outcome.type === 'fine' && outcome.fineFen !== undefined) {
    return entry(rb.violations.finePayee, payer, contested.outcome.amountFen - outcome.fineFen, ruleRef ?? rb.appeals.refs.modifyLowers, 'reversal');
  }
  return [];
}

/**
 * The entries a decision writes. `ruleRef` is the clause the decision cites; entries for the
 * principal money carry it, ancillary ones (freight, advances) their own clause.
 */
export function ledgerEntries(c: Case, body: DecisionBody, rb: Rulebook, ruleRef?: RuleRef): LedgerEntry[] {
  if (c.kind !== body.kind) throw new Error(`a ${body.kind} decision cannot apply to a ${c.kind} case`);
  switch (body.kind) {
    case 'violation': {
      if (c.kind !== 'violation') return [];
      const payer = c.detail.subject.type === 'creator' ? 'creator' : 'merchant';
      return violationLedger(body.outcome, payer, ruleRef ?? rb.violations.categories[c.detail.violationCategory].ref, rb);
    }
    case 'refund_dispute': return c.kind === 'refund_dispute' ? refundLedger(c, body.outcome, rb, ruleRef) : [];
    case 'merchant_complaint': return c.kind === 'merchant_complaint' ? complaintLedger(c, body.outcome, rb, ruleRef) : [];
    case 'appeal': return c.kind === 'appeal' ? appealLedger(c, body.outcome, rb, ruleRef) : [];
  }
}

/** The entries that undo `entries` (payer and payee swapped, last first), e.g. for an overturned decision. */
export function reverseLedger(entries: readonly LedgerEntry[], ruleRef?: RuleRef): LedgerEntry[] {
  return [...entries].reverse().map((e) => ({
    payer: e.payee,
    payee: e.payer,
    amountFen: e.amountFen,
    ruleRef: ruleRef ?? e.ruleRef,
    purpose: 'reversal',
  }));
}

/** Each party's net position in fen: received minus paid. Over any set of entries the positions sum to zero. */
export function netByParty(entries: readonly LedgerEntry[]): Record<LedgerParty, number> {
  const net = Object.fromEntries(LEDGER_PARTIES.map((p) => [p, 0])) as Record<LedgerParty, number>;
  for (const e of entries) {
    net[e.payer] -= e.amountFen;
    net[e.payee] += e.amountFen;
  }
  return net;
}

/** Totals in fen grouped by one field, for a supervisor's sums by payer, payee, purpose or clause. */
export function sumLedger(entries: readonly LedgerEntry[], by: 'payer' | 'payee' | 'purpose' | 'ruleRef'): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const e of entries) totals[e[by]] = (totals[e[by]] ?? 0) + e.amountFen;
  return totals;
}
