/**
 * The escalation command of the sync protocol (issue 17), kept apart from the decision and
 * approval commands it is pushed with. Like a decision: its own client-generated id, a mutation
 * id from the console's one sequence (so moves and decisions apply in the order made), and the
 * epoch of the lease its author held; the lease passes with the case.
 */
import { z } from 'zod';
import { EntityId, UtcMillis } from '../domain/primitives';
import { EscalationMove, EscalationNote } from '../domain/escalation';

export const EscalationCommand = z.object({
  decisionId: z.uuid(),
  mutationId: z.number().int().min(1),
  caseId: EntityId,
  /** The case version the reviewer saw. */
  baseVersion: z.number().int().min(1),
  leaseEpoch: z.number().int().min(1),
  /** The console's clock; the service times the move itself. */
  decidedAt: UtcMillis,
  move: EscalationMove,
  /** Hand-off: the reviewer who takes the case (required). Escalate: one supervisor, or absent for every supervisor's escalated view. */
  toStaffId: EntityId.optional(),
  note: EscalationNote,
}).refine((c) => c.move !== 'handoff' || c.toStaffId !== undefined, { path: ['toStaffId'], message: 'a hand-off names who takes the case' });
export type EscalationCommand = z.infer<typeof EscalationCommand>;
