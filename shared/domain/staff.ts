import { z } from 'zod';
import type { CaseKind } from './taxonomy';
import { EntityId, text } from './primitives';

/** `platform` is the service account through which the platform side ingests cases and evidence. */
export const ROLES = ['moderator', 'arbiter', 'supervisor', 'platform'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const StaffRef = z.object({ id: EntityId, name: text(80).min(1) });
export type StaffRef = z.infer<typeof StaffRef>;

export const StaffMember = StaffRef.extend({ role: Role });
export type StaffMember = z.infer<typeof StaffMember>;

const DECIDES: Record<Role, readonly CaseKind[]> = {
  moderator: ['violation'],
  arbiter: ['refund_dispute', 'merchant_complaint', 'appeal'],
  supervisor: ['violation', 'refund_dispute', 'merchant_complaint', 'appeal'],
  platform: [],
};

/** Who may decide (and so claim) a kind of case. The case service enforces this; the UI only mirrors it. */
export function canDecide(role: Role, kind: CaseKind): boolean {
  return DECIDES[role].includes(kind);
}

/** A reviewer reads the queues of the kinds they decide; the platform account reads everything it ingests. */
export function canRead(role: Role, kind: CaseKind): boolean {
  return role === 'platform' || canDecide(role, kind);
}

export function readableKinds(role: Role): CaseKind[] {
  return (['violation', 'refund_dispute', 'merchant_complaint', 'appeal'] as const).filter((k) => canRead(role, k));
}
