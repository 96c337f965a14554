/**
 * Escalation and hand-off (issue 17): a reviewer passes a case they hold, with a note, to a
 * supervisor (escalate: a named one, or every supervisor's escalated view) or to another
 * reviewer who decides its kind (hand-off). The case service records the latest move on the case.
 */
import { z } from 'zod';
import { UtcMillis, text } from './primitives';
import { StaffRef } from './staff';

export const ESCALATION_MOVES = ['escalate', 'handoff'] as const;
export const EscalationMove = z.enum(ESCALATION_MOVES);
export type EscalationMove = z.infer<typeof EscalationMove>;

export const EscalationNote = text(1000).trim().min(4, 'an escalation or hand-off needs a note (4 characters at least)');

/** The latest move of a case, as the service recorded it (its time; the console's only as `movedOfflineAt`). */
export const Escalation = z.object({
  move: EscalationMove,
  by: StaffRef,
  at: UtcMillis,
  movedOfflineAt: UtcMillis.optional(),
  note: EscalationNote,
  /** Who holds the case now by this move; null: every supervisor's escalated view, nobody holds it. */
  to: StaffRef.nullable(),
});
export type Escalation = z.infer<typeof Escalation>;
