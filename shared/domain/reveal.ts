/**
 * Who may reveal a buyer's personal data, and when (issue 15 §4): only someone who needs it for
 * the case at hand. An arbiter, for a case of a kind they decide while they hold its lease (a
 * dispute they are deciding: to call the buyer, to check an address against the waybill). A
 * supervisor, for any case they may read (they approve held decisions and audit; every reveal is
 * logged). Never a moderator: violation cases have no buyer to call. Never the platform account:
 * it sent the data. The case service enforces this; the console mirrors it to offer the button.
 */
import type { CaseKind } from './taxonomy';
import { canDecide, type Role } from './staff';

export type RevealRefusal = 'role' | 'lease';

/** Null when allowed; otherwise why not: the role never may, or an arbiter does not hold the case's lease. */
export function revealRefusal(role: Role, kind: CaseKind, holdsLease: boolean): RevealRefusal | null {
  if (role === 'supervisor') return null;
  if (role === 'arbiter' && canDecide(role, kind)) return holdsLease ? null : 'lease';
  return 'role';
}
