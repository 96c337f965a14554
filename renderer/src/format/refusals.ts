/**
 * A refusal from the rulebook re-check or the case service, in the reviewer's language: the
 * code picks the sentence, the parameters fill it (money as ¥ from fen, times in the locale's
 * format, decisions described, domain values named). A code this console does not know — from
 * a newer service — or one missing a parameter shows the service's English message, marked.
 */
import type { TFunction } from 'i18next';
import {
  CASE_KINDS, CASE_STATUSES, COMPLAINT_REMEDIES, COMPLAINT_TYPES, REFUSAL_PARAMS, ROLES, VIOLATION_CATEGORIES, isRefusalCode, type Refusal, type RefusalCode, type RefusalParam,
} from '../../../shared/domain';
import { describeDecision } from '../case/describe';
import { formatFen } from './money';
import { formatDateTime } from './time';

export interface RefusalText {
  text: string;
  /** False: the service's English message, shown because the code or a parameter is unknown here. */
  translated: boolean;
}

const DECISION_STATES = ['in_effect', 'awaiting_approval', 'sent_back'] as const;
const VERDICTS = ['approved', 'rejected'] as const;
const has = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);

/** One parameter as the sentence shows it; a value outside the known vocabulary is shown as sent. */
function paramText(name: string, value: RefusalParam, t: TFunction, locale: string): string {
  if (typeof value === 'number') {
    if (name.endsWith('Fen')) return formatFen(value, locale);
    if (name.endsWith('At')) return formatDateTime(value, locale);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => paramText(name === 'remedies' ? 'remedy' : name, v, t, locale)).join(t('refusal.separator'));
  if (typeof value === 'object') return describeDecision(value, t, locale);
  if (name.endsWith('Kind') && has(CASE_KINDS, value)) return t(`kindOne.${value}`);
  if (name === 'category' && has(VIOLATION_CATEGORIES, value)) return t(`violationCategory.${value}`);
  if (name === 'complaintType' && has(COMPLAINT_TYPES, value)) return t(`complaintType.${value}`);
  if (name === 'remedy' && has(COMPLAINT_REMEDIES, value)) return t(`remedy.${value}`);
  if (name === 'state' && has(DECISION_STATES, value)) return t(`statement.state.${value}`);
  if (name === 'role' && has(ROLES, value)) return t(`role.${value}`);
  if (name === 'status' && has(CASE_STATUSES, value)) return t(`status.${value}`);
  if (name === 'verdict' && has(VERDICTS, value)) return t(`conflicts.verdict.${value}`);
  return value;
}

/**
 * Parameters a code carries for machines but its sentence leaves out: a decision's UUID means
 * nothing to a reviewer, and the appeal or held decision the refusal is about already says which one it is.
 */
export const UNSHOWN_PARAMS: Partial<Record<RefusalCode, readonly string[]>> = {
  appeal_by_author: ['decisionId'],
  appeal_by_approver: ['decisionId'],
  contested_not_penalty: ['decisionId'],
  contested_not_in_effect: ['decisionId'],
  contested_other_case: ['decisionId'],
  already_appealed: ['decisionId'],
  contested_decision_not_found: ['decisionId'],
  contested_other_merchant: ['decisionId'],
  contested_wrong_kind: ['decisionId'],
  complaint_by_author: ['decisionId'],
  complaint_by_approver: ['decisionId'],
  held_decision_not_found: ['decisionId'],
  approval_own_decision: ['decisionId'],
  approval_not_needed: ['decisionId'],
};

/** The parameters a code's sentence shows. */
export function shownParams(code: RefusalCode): string[] {
  const unshown = UNSHOWN_PARAMS[code] ?? [];
  return REFUSAL_PARAMS[code].filter((name) => !unshown.includes(name));
}

export function refusalText(r: Refusal, t: TFunction, locale: string): RefusalText {
  if (!isRefusalCode(r.code)) return { text: r.message, translated: false };
  const values: Record<string, string> = {};
  for (const name of shownParams(r.code)) {
    const v = r.params[name];
    if (v === undefined) return { text: r.message, translated: false };
    values[name] = paramText(name, v, t, locale);
  }
  // The key is built from the code and its placeholders differ per code, which the typed `t`
  // cannot follow; the i18n test checks every code's sentence and its placeholders.
  const lookup = t as unknown as (key: string, values: Record<string, string>) => string;
  return { text: lookup(`refusal.${r.code}`, values), translated: true };
}

/** Several refusals as one line of text (for error notices). */
export function refusalsLine(refusals: readonly Refusal[], t: TFunction, locale: string): string {
  return refusals.map((r) => {
    const x = refusalText(r, t, locale);
    return x.translated ? x.text : t('refusal.untranslated', { message: x.text });
  }).join(t('refusal.sentenceSeparator'));
}
