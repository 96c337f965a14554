/**
 * What the reviewer can still do about an answer in the inbox. Re-deciding helps when the answer
 * was about the decision itself (a rule it broke, a case that changed under it); when it was about
 * who decides, or about a case or appeal that can no longer be decided, a new decision meets the
 * same refusal, so only withdrawing is offered and the inbox says why.
 */
import type { TFunction } from 'i18next';
import type { Conflict } from '../../../shared/api';
import { canDecide, type Role } from '../../../shared/domain';
import { isKnownConflictReason, isKnownRejectCode } from '../../../shared/sync/protocol';

/** Why re-deciding cannot help; each has a sentence under `conflicts.why`. */
export const NO_REDECIDE_REASONS = ['decided_by_others', 'case_closed', 'not_about_decision', 'appeal_settled'] as const;
export type NoRedecideReason = (typeof NO_REDECIDE_REASONS)[number];

/** Refusals of an appeal that stand whatever the appeal decides: the contested decision cannot be appealed (any more). */
const APPEAL_SETTLED = ['already_appealed', 'contested_not_in_effect', 'contested_not_penalty', 'contested_other_case'];
const CASE_GONE = ['case_withdrawn', 'case_not_found'];

export type InboxEntry = Pick<Conflict, 'status' | 'reason' | 'refusals' | 'kind'>;

export function whyNotRedecide(c: InboxEntry): NoRedecideReason | null {
  if (c.status === 'conflict') return c.reason === 'already_decided' ? 'decided_by_others' : null;
  const codes = c.refusals.map((r) => r.code);
  if (c.reason === 'case_closed' || c.reason === 'not_found' || codes.some((code) => CASE_GONE.includes(code))) return 'case_closed';
  // Refused for who decides (an appeal by the contested decision's author, one's own held
  // decision, a console registered to someone else, a role that may not decide the kind).
  if (c.reason === 'forbidden') return 'not_about_decision';
  if (codes.some((code) => APPEAL_SETTLED.includes(code))) return 'appeal_settled';
  return null;
}

export function canRedecide(c: InboxEntry, role: Role): boolean {
  return canDecide(role, c.kind) && whyNotRedecide(c) === null;
}

/** The answer's reason as a label; a reason from a newer service is named as sent and marked unknown. */
export function reasonLabel(c: InboxEntry, t: TFunction): { text: string; known: boolean } {
  const r = c.reason;
  if (c.status === 'conflict' && isKnownConflictReason(r)) return { text: t(`conflicts.reason.${r}`), known: true };
  if (c.status === 'rejected' && isKnownRejectCode(r)) return { text: t(`conflicts.reason.${r}`), known: true };
  return { text: t('conflicts.unknownReason', { reason: c.reason }), known: false };
}
