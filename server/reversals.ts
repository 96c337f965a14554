/**
 * Money given back against a decision: a merchant complaint and an appeal both name the decision
 * they contest, and what they return is bounded by what that decision took from the party, less
 * what earlier reversals of it (complaints and appeals alike, in effect or held) already
 * returned. So one fine is refunded at most once, whoever decides and however it is contested.
 */
import { refusal, type MerchantComplaintCase, type Refusal, type StaffMember } from '../shared/domain';
import type { LedgerEntry, LedgerParty } from '../shared/rulebook';
import type { DecisionCommand } from '../shared/sync/protocol';
import type { Queryable } from './db/db';
import { decisionRecord, type DecisionRecord } from './decision-records';
import { asEntries, ledgerRecords } from './ledger';

/** What a contested decision took from `party`, and what decisions contesting it returned so far. */
export interface MoneyTaken {
  party: LedgerParty;
  paidFen: number;
  returnedFen: number;
}

export const remainingFen = (m: MoneyTaken): number => Math.max(0, m.paidFen - m.returnedFen);

export async function moneyTaken(q: Queryable, contested: DecisionRecord, ledger: readonly LedgerEntry[], party: LedgerParty, except: string): Promise<MoneyTaken> {
  const paidFen = ledger.filter((e) => e.payer === party).reduce((n, e) => n + e.amountFen, 0);
  const rows = await q.query<{ decision_id: string; state: string; pending_ledger: string }>(
    `SELECT decision_id, state, pending_ledger FROM decisions WHERE contests = $1 AND decision_id <> $2 AND state IN ('in_effect', 'awaiting_approval')`,
    [contested.decisionId, except],
  );
  let returnedFen = 0;
  for (const r of rows) {
    const entries = r.state === 'in_effect' ? asEntries(await ledgerRecords(q, { decisionId: r.decision_id })) : (JSON.parse(r.pending_ledger) as LedgerEntry[]);
    returnedFen += entries.filter((e) => e.payee === party).reduce((n, e) => n + e.amountFen, 0) - entries.filter((e) => e.payer === party).reduce((n, e) => n + e.amountFen, 0);
  }
  return { party, paidFen, returnedFen };
}

/** `entries` with what they pay `party` cut down to `remaining` fen, in order; entries cut to nothing are dropped. */
export function capReturn(entries: readonly LedgerEntry[], party: LedgerParty, remaining: number): LedgerEntry[] {
  let left = remaining;
  return entries.flatMap((e) => {
    if (e.payee !== party) return [e];
    const amountFen = Math.min(e.amountFen, left);
    left -= amountFen;
    return amountFen > 0 ? [{ ...e, amountFen }] : [];
  });
}

/** The decision kind whose money each money remedy gives back. */
const REMEDY_REVERSES = { recover_refund: 'refund_dispute', refund_fine: 'violation' } as const;

export type ComplaintContext =
  | { refused: 'forbidden' | 'invalid' | 'not_found'; refusal: Refusal }
  | { contested: null; judged: MerchantComplaintCase }
  | { contested: DecisionRecord; money: MoneyTaken; judged: MerchantComplaintCase };

/**
 * A complaint is judged against the decision it names: it exists, concerns the same merchant (and
 * the related case, when one is named), is in effect, and was made by someone else than who
 * decides the complaint (nor approved by them). A money remedy needs such a decision, of the kind
 * it reverses, and is bounded by what that decision took less what was already given back: the
 * case is judged with that amount as what it contests. Locked, so two complaints (or a complaint
 * and an appeal) of one decision are judged one after the other.
 */
export async function complaintContext(tx: Queryable, c: MerchantComplaintCase, staff: StaffMember, d: DecisionCommand): Promise<ComplaintContext> {
  const outcome = d.body.kind === 'merchant_complaint' ? d.body.outcome : null;
  const remedy = outcome?.type === 'reverse' ? outcome.remedy : null;
  const reverses = remedy === 'recover_refund' || remedy === 'refund_fine' ? REMEDY_REVERSES[remedy] : null;
  const decisionId = c.detail.contested.decisionId;
  if (decisionId === undefined) {
    if (remedy && reverses) {
      return { refused: 'invalid', refusal: refusal('complaint_names_no_decision', { remedy }, `detail.contested.decisionId: the complaint names no decision it contests, and ${remedy.replace('_', ' ')} gives back money a decision took`) };
    }
    return { contested: null, judged: c };
  }
  const record = await decisionRecord(tx, decisionId, { forUpdate: true });
  if (!record) {
    if (!remedy) return { contested: null, judged: c };
    return { refused: 'not_found', refusal: refusal('contested_decision_not_found', { decisionId }, `detail.contested.decisionId: the case service has no decision ${decisionId}, so nothing of it can be reversed`) };
  }
  const s = record.summary;
  const approval = s.approval?.state === 'approved' ? s.approval.by : null;
  if (s.decidedBy.id === staff.id || approval?.id === staff.id) {
    const by = s.decidedBy.id === staff.id ? 'made' : 'approved';
    const name = by === 'made' ? s.decidedBy.name : (approval?.name ?? '');
    return {
      refused: 'forbidden',
      refusal: refusal(by === 'made' ? 'complaint_by_author' : 'complaint_by_approver', { decisionId, name }, `a complaint is decided by someone other than who ${by} the contested decision ${decisionId} (${name})`),
    };
  }
  const merchantId = record.caseInput.merchant.id;
  if (merchantId !== c.merchant.id) {
    return { refused: 'invalid', refusal: refusal('contested_other_merchant', { decisionId, merchantId, expectedMerchantId: c.merchant.id }, `detail.contested.decisionId: decision ${decisionId} concerns merchant ${merchantId}, not ${c.merchant.id}`) };
  }
  const related = c.detail.contested.relatedCaseId;
  if (related !== null && related !== record.caseId) {
    return { refused: 'invalid', refusal: refusal('contested_other_case', { decisionId, caseId: record.caseId, expectedCaseId: related }, `detail.contested.relatedCaseId: decision ${decisionId} was made on case ${record.caseId}, not ${related}`) };
  }
  if (record.state !== 'in_effect') {
    return { refused: 'invalid', refusal: refusal('contested_not_in_effect', { decisionId, state: record.state }, `detail.contested.decisionId: decision ${decisionId} is not in effect (${record.state.replace('_', ' ')}), so there is nothing to contest`) };
  }
  const money = await moneyTaken(tx, record, asEntries(await ledgerRecords(tx, { decisionId })), 'merchant', d.decisionId);
  if (remedy && reverses && (record.kind !== reverses || money.paidFen === 0)) {
    return { refused: 'invalid', refusal: refusal('contested_wrong_kind', { decisionId, decidedKind: record.kind, remedy }, `body.outcome.remedy: decision ${decisionId} took no ${remedy === 'refund_fine' ? 'fine' : 'refund'} from the merchant to give back`) };
  }
  if (money.paidFen === 0) return { contested: record, money, judged: c };
  const left = remainingFen(money);
  const asked = outcome?.type === 'reverse' ? (outcome.amountFen ?? (outcome.extent === 'full' && left === 0 ? money.paidFen : undefined)) : undefined;
  if (asked !== undefined && asked > left) {
    return {
      refused: 'invalid',
      refusal: refusal('reversal_above_remaining', { amountFen: asked, paidFen: money.paidFen, returnedFen: money.returnedFen },
        `body.outcome.amountFen: ¥${(asked / 100).toFixed(2)} is more than the ¥${(money.paidFen / 100).toFixed(2)} decision ${decisionId} took from the merchant, less ¥${(money.returnedFen / 100).toFixed(2)} already given back`),
    };
  }
  // Judged as contesting what is left of the money that decision took, whatever the complaint states.
  return { contested: record, money, judged: { ...c, detail: { ...c.detail, contested: { ...c.detail.contested, amountFen: left } } } };
}
