import type { TFunction } from 'i18next';
import type { DecisionBody } from '../../../shared/domain';
import { formatFen } from '../format/money';
import type { FieldError } from './decisionForm';

/** One line saying what a decision does, in the reviewer's language: "罚款 ¥300.00", "Restrict traffic 7 days". */
export function describeDecision(body: DecisionBody, t: TFunction, locale: string): string {
  const money = (fen: number) => formatFen(fen, locale);
  switch (body.kind) {
    case 'violation': {
      const o = body.outcome;
      const label = t(`outcome.violation.${o.type}`);
      if (o.type === 'restrict_traffic' || o.type === 'suspend_store') return t('describe.days', { label, days: o.days, count: o.days });
      if (o.type === 'deduct_points') return t('describe.points', { label, points: o.points });
      if (o.type === 'fine') return t('describe.amount', { label, amount: money(o.amountFen) });
      return label;
    }
    case 'refund_dispute': {
      const o = body.outcome;
      const label = t(`outcome.refund_dispute.${o.type}`);
      if (o.type === 'partial_refund' || o.type === 'fund_compensation') return t('describe.amount', { label, amount: money(o.amountFen) });
      return label;
    }
    case 'merchant_complaint': {
      const o = body.outcome;
      if (o.type === 'uphold') return t('outcome.merchant_complaint.uphold');
      const values = { extent: t(`extent.${o.extent}`), remedy: t(`remedy.${o.remedy}`) };
      return o.amountFen === undefined ? t('describe.reverse', values) : t('describe.reverseAmount', { ...values, amount: money(o.amountFen) });
    }
    case 'appeal': {
      const o = body.outcome;
      if (o.type !== 'modify') return t(`outcome.appeal.${o.type}`);
      const parts: string[] = [];
      if (o.fineFen !== undefined) parts.push(t('describe.modifyFine', { amount: money(o.fineFen) }));
      if (o.suspendDays !== undefined) parts.push(t('describe.modifySuspend', { days: o.suspendDays, count: o.suspendDays }));
      if (o.penalty !== undefined) parts.push(t('describe.modifyPenalty', { penalty: describeDecision({ kind: 'violation', outcome: o.penalty }, t, locale) }));
      return `${t('outcome.appeal.modify')}: ${parts.join(', ')}`;
    }
  }
}

/**
 * The label of an outcome type of a kind. The key is built from two unions TypeScript does
 * not combine into key types; the i18n test checks every kind × outcome key exists.
 */
export function outcomeLabel(t: TFunction, kind: DecisionBody['kind'], type: string): string {
  return t(`outcome.${kind}.${type}` as 'outcome.violation.dismiss');
}

/** The words for a form field error; `amount` values are fen and shown as money. */
export function fieldErrorText(t: TFunction, e: FieldError, locale: string): string {
  const values: Record<string, string | number> = { ...(e.values ?? {}) };
  if (e.values?.amount !== undefined) values.amount = formatFen(e.values.amount, locale);
  // The key is a union whose members take different placeholders; TypeScript checks each
  // key against one fixed value shape, so it is widened here (the i18n test checks the keys).
  return t(`decision.error.${e.key}` as 'decision.error.required', values);
}
