import {
  COMPLAINT_REMEDIES, DecisionBody, DecisionReason, RuleRef, type Case, type CaseKind, type ComplaintRemedy,
} from '../../../shared/domain';
import { reversalCeilingFen } from '../../../shared/rulebook/limits';
import { PENALTY_RANK, type ViolationOutcomeType } from '../../../shared/rulebook/penalty';
import { fenToYuanInput, parseYuanToFen, type YuanParse } from '../format/money';

/** The outcome types the form offers for each kind, in the order of the penalty ladder / contract. */
export const OUTCOMES = {
  violation: ['dismiss', 'warning', 'remove_product', 'interrupt_live', 'restrict_traffic', 'deduct_points', 'fine', 'suspend_store', 'close_store', 'remove_creator'],
  refund_dispute: ['full_refund', 'partial_refund', 'return_and_refund', 'reject', 'fund_compensation', 'flag_malicious_buyer'],
  merchant_complaint: ['uphold', 'reverse'],
  appeal: ['uphold', 'overturn', 'modify'],
} as const satisfies Record<CaseKind, readonly string[]>;

export type OutcomeOf<K extends CaseKind> = (typeof OUTCOMES)[K][number];

/** What the reviewer has typed: text as typed (yuan, days), converted only on submit. */
export interface DecisionDraft {
  outcome: string;
  amountYuan: string;
  days: string;
  points: string;
  extent: 'full' | 'partial';
  remedy: ComplaintRemedy;
  fineYuan: string;
  suspendDays: string;
  /** An appeal's modification to a lighter kind of penalty ('' = lower the fine or shorten the suspension); its days or points go in `days` / `points`. */
  penaltyType: string;
  ruleRef: string;
  reason: string;
}

export const emptyDraft = (kind: CaseKind): DecisionDraft => ({
  outcome: OUTCOMES[kind][0],
  amountYuan: '',
  days: '',
  points: '',
  extent: 'full',
  remedy: COMPLAINT_REMEDIES[0],
  fineYuan: '',
  suspendDays: '',
  penaltyType: '',
  ruleRef: '',
  reason: '',
});

/**
 * The kinds of penalty an appeal's modification may put in place of the contested one: the
 * steps below it on the ladder, without "no penalty" (an overturn) and without a fine (an appeal
 * imposes none; a lower fine is `fineYuan`). The rulebook judge says the same (`checkAppeal`).
 */
export function lighterPenaltyTypes(contested: ViolationOutcomeType): ViolationOutcomeType[] {
  return OUTCOMES.violation.filter((t) => t !== 'dismiss' && t !== 'fine' && PENALTY_RANK[t] < PENALTY_RANK[contested]);
}

/**
 * The limits the case sets on amounts, as hints beside the fields. The form does not enforce
 * them itself: the shared judgement (`checkDraft`) does, as the console and the service do.
 */
export interface LimitHints {
  /** A refund or compensation never exceeds what the buyer paid. */
  amountPaidFen: number | null;
  /** A complaint reversal never returns more than the complaint contests (or, naming no amount, what was paid). */
  reversalCeilingFen: number | null;
  /** An appeal modification lowers the fine or shortens the suspension imposed. */
  originalFineFen: number | null;
  originalSuspendDays: number | null;
}

export function limitHints(c: Case): LimitHints {
  const none: LimitHints = { amountPaidFen: null, reversalCeilingFen: null, originalFineFen: null, originalSuspendDays: null };
  switch (c.kind) {
    case 'refund_dispute':
      return { ...none, amountPaidFen: c.detail.order.amountPaidFen };
    case 'merchant_complaint':
      return { ...none, reversalCeilingFen: reversalCeilingFen(c) };
    case 'appeal': {
      const o = c.detail.contested.outcome;
      return { ...none, originalFineFen: o.type === 'fine' ? o.amountFen : null, originalSuspendDays: o.type === 'suspend_store' ? o.days : null };
    }
    case 'violation':
      return none;
  }
}

export type DraftField = 'outcome' | 'amountYuan' | 'days' | 'points' | 'fineYuan' | 'suspendDays' | 'ruleRef' | 'reason';

/** An error is an i18n key under `decision.error` plus its interpolation values. */
export interface FieldError {
  key:
    | 'required' | 'amountEmpty' | 'amountFormat' | 'amountPrecision' | 'amountTooLarge' | 'amountZero' | 'overPaid' | 'overContested'
    | 'notLower' | 'notShorter' | 'daysRange' | 'modifyNeedsOne' | 'ruleRef' | 'reasonShort' | 'reasonLong';
  values?: Record<string, number>;
}

export type DraftResult =
  | { ok: true; body: DecisionBody; ruleRef: string; reason: string }
  | { ok: false; errors: Partial<Record<DraftField, FieldError>> };

export type ValidDecision = Extract<DraftResult, { ok: true }>;

const yuanError: Record<Exclude<YuanParse, { ok: true }>['reason'], FieldError['key']> = {
  empty: 'amountEmpty', format: 'amountFormat', precision: 'amountPrecision', too_large: 'amountTooLarge',
};

/** Which extra fields an outcome asks for (drives both rendering and validation). */
export function fieldsFor(kind: CaseKind, outcome: string, penaltyType = ''): DraftField[] {
  if (kind === 'appeal' && outcome === 'modify' && penaltyType !== '') return fieldsFor('violation', penaltyType);
  switch (`${kind}:${outcome}`) {
    case 'violation:restrict_traffic':
    case 'violation:suspend_store':
      return ['days'];
    case 'violation:deduct_points':
      return ['points'];
    case 'violation:fine':
    case 'refund_dispute:partial_refund':
    case 'refund_dispute:fund_compensation':
      return ['amountYuan'];
    case 'merchant_complaint:reverse':
      // A partial reversal must say how much; for a full one the amount is optional.
      return ['amountYuan'];
    case 'appeal:modify':
      return ['fineYuan', 'suspendDays'];
    default:
      return [];
  }
}

function wholeNumber(text: string, min: number, max: number): number | FieldError {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return { key: 'daysRange', values: { min, max } };
  const n = Number(t);
  return n < min || n > max ? { key: 'daysRange', values: { min, max } } : n;
}

function money(text: string): number | FieldError {
  const p = parseYuanToFen(text);
  if (!p.ok) return { key: yuanError[p.reason] };
  return p.fen === 0 ? { key: 'amountZero' } : p.fen;
}

const isError = (v: number | FieldError): v is FieldError => typeof v !== 'number';

/** The outcome fields of a draft as an outcome object, and what is wrong with them. */
function outcomeOf(kind: CaseKind, d: DecisionDraft): { outcome: Record<string, unknown>; errors: Partial<Record<DraftField, FieldError>> } {
  const errors: Partial<Record<DraftField, FieldError>> = {};
  let outcome: Record<string, unknown> = { type: d.outcome };

  if (!(OUTCOMES[kind] as readonly string[]).includes(d.outcome)) errors.outcome = { key: 'required' };
  const wants = fieldsFor(kind, d.outcome, d.penaltyType);
  const newPenalty = kind === 'appeal' && d.outcome === 'modify' && d.penaltyType !== '';

  if ((kind === 'violation' || newPenalty) && wants.includes('days')) {
    const n = wholeNumber(d.days, 1, 90);
    if (isError(n)) errors.days = n;
    else outcome = { ...outcome, days: n };
  }
  if (wants.includes('points')) {
    const n = wholeNumber(d.points, 1, 48);
    if (isError(n)) errors.points = n;
    else outcome = { ...outcome, points: n };
  }
  if (wants.includes('amountYuan')) {
    const optional = kind === 'merchant_complaint' && d.extent === 'full' && d.amountYuan.trim() === '';
    if (!optional) {
      const fen = money(d.amountYuan);
      if (isError(fen)) errors.amountYuan = fen;
      else outcome = { ...outcome, amountFen: fen };
    }
  }
  if (kind === 'merchant_complaint' && d.outcome === 'reverse') outcome = { ...outcome, extent: d.extent, remedy: d.remedy };
  if (newPenalty) {
    // The penalty's own fields were read above, as for a violation; they move under `penalty`.
    const { type: _modify, ...fields } = outcome;
    outcome = { type: 'modify', penalty: { type: d.penaltyType, ...fields } };
  } else if (kind === 'appeal' && d.outcome === 'modify') {
    const hasFine = d.fineYuan.trim() !== '';
    const hasDays = d.suspendDays.trim() !== '';
    if (!hasFine && !hasDays) errors.fineYuan = { key: 'modifyNeedsOne' };
    if (hasFine) {
      const p = parseYuanToFen(d.fineYuan);
      if (!p.ok) errors.fineYuan = { key: yuanError[p.reason] };
      else outcome = { ...outcome, fineFen: p.fen };
    }
    if (hasDays) {
      const n = wholeNumber(d.suspendDays, 0, 90);
      if (isError(n)) errors.suspendDays = n;
      else outcome = { ...outcome, suspendDays: n };
    }
  }

  return { outcome, errors };
}

/**
 * The decision body alone (no rule or reason yet), or null while the outcome fields are
 * incomplete: what the form re-checks against the rulebook as the reviewer edits.
 */
export function draftBody(kind: CaseKind, d: DecisionDraft): DecisionBody | null {
  const { outcome, errors } = outcomeOf(kind, d);
  if (Object.keys(errors).length > 0) return null;
  const body = DecisionBody.safeParse({ kind, outcome });
  return body.success ? body.data : null;
}

/**
 * Turns a draft into the contract's decision body, or says per field what is wrong with its
 * form (numbers, ranges, citation format, reason length); what the case and the rulebook allow
 * is `checkDraft`'s to say.
 * Every body produced here also passes `DecisionBody` (checked at the end), so the core
 * never sees a decision the form believed valid but the contract refuses.
 */
export function validateDraft(kind: CaseKind, d: DecisionDraft): DraftResult {
  const { outcome, errors } = outcomeOf(kind, d);
  const ruleRef = d.ruleRef.trim().toUpperCase();
  if (!RuleRef.safeParse(ruleRef).success) errors.ruleRef = { key: 'ruleRef' };
  const reason = DecisionReason.safeParse(d.reason);
  if (!reason.success) errors.reason = { key: d.reason.trim().length > 2000 ? 'reasonLong' : 'reasonShort' };

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const body = DecisionBody.safeParse({ kind, outcome });
  if (!body.success || !reason.success) return { ok: false, errors: { outcome: { key: 'required' } } };
  return { ok: true, body: body.data, ruleRef, reason: reason.data };
}

/**
 * A decision body (the rulebook's recommendation) as form fields: outcome, amounts in yuan
 * from fen exactly, days, points, and the clause it cites. The reason stays the reviewer's.
 */
export function draftFromBody(body: DecisionBody, ruleRef: string, base: DecisionDraft): DecisionDraft {
  const d: DecisionDraft = { ...base, outcome: body.outcome.type, amountYuan: '', days: '', points: '', fineYuan: '', suspendDays: '', penaltyType: '', ruleRef };
  const o = body.outcome;
  switch (o.type) {
    case 'restrict_traffic':
    case 'suspend_store':
      return { ...d, days: String(o.days) };
    case 'deduct_points':
      return { ...d, points: String(o.points) };
    case 'fine':
    case 'partial_refund':
    case 'fund_compensation':
      return { ...d, amountYuan: fenToYuanInput(o.amountFen) };
    case 'reverse':
      return { ...d, extent: o.extent, remedy: o.remedy, amountYuan: o.amountFen === undefined ? '' : fenToYuanInput(o.amountFen) };
    case 'modify':
      if (o.penalty !== undefined) return { ...draftFromBody({ kind: 'violation', outcome: o.penalty }, ruleRef, d), outcome: 'modify', penaltyType: o.penalty.type };
      return {
        ...d,
        fineYuan: o.fineFen === undefined ? '' : fenToYuanInput(o.fineFen),
        suspendDays: o.suspendDays === undefined ? '' : String(o.suspendDays),
      };
    default:
      return d;
  }
}
