/**
 * Deciding a case: checks against the local replica and the reviewer's lease, then writes the
 * decision and its outbox row in one transaction with the next mutation id. It never waits for
 * the network; the sync engine pushes the outbox.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DecisionBody, StaffMember } from '../../shared/domain';
import { canDecide } from '../../shared/domain';
import { DecisionCommand } from '../../shared/sync/protocol';
import { caseFacts } from './db/cases';
import { insertDecisionWithOutbox, latestDecisionOnCase, resolveConflict } from './db/decisions';
import { getMyLease } from './db/leases';
import { takeMutationId } from './db/meta';
import { ConsoleError } from './errors';
import { describeIssue } from './sync/feed';

export interface DecideInput {
  caseId: string;
  body: DecisionBody;
  ruleRef: string;
  reason: string;
  /**
   * Adjudication by the rulebook (DecisionCommand): passed through when the caller gives them,
   * so `case.decide` carries them as soon as its contract does.
   */
  rulebookVersion?: string;
  facts?: unknown;
  justification?: string;
}

export interface Decided {
  decisionId: string;
  mutationId: number;
  /** The earlier decision this one replaced in the conflicts inbox, if any. */
  superseded: string | null;
}

export function decideCase(db: Database.Database, staff: StaffMember, input: DecideInput, now: number): Decided {
  // A first bootstrap runs with synchronous = NORMAL; a decision is committed durably regardless.
  const sync = db.pragma('synchronous', { simple: true }) as number;
  if (sync < 2) db.pragma('synchronous = FULL');
  try {
    return writeDecision(db, staff, input, now);
  } finally {
    if (sync < 2) db.pragma(`synchronous = ${sync}`);
  }
}

function writeDecision(db: Database.Database, staff: StaffMember, input: DecideInput, now: number): Decided {
  return db.transaction((): Decided => {
    const facts = caseFacts(db, input.caseId);
    if (!facts) throw new ConsoleError('not_found', `case ${input.caseId} is not in this console's queues`);
    if (input.body.kind !== facts.kind) {
      throw new ConsoleError('invalid_input', `case ${input.caseId} is a ${facts.kind} case; a ${input.body.kind} decision cannot be applied to it`);
    }
    if (!canDecide(staff.role, facts.kind)) throw new ConsoleError('forbidden', `a ${staff.role} does not decide ${facts.kind} cases`);
    if (facts.status !== 'open') throw new ConsoleError('conflict', `case ${input.caseId} is ${facts.status.replace('_', ' ')}, not open: it cannot be decided`);
    const lease = getMyLease(db, input.caseId);
    if (!lease || lease.expiresAt <= now) {
      throw new ConsoleError('forbidden', `you hold no ${lease ? 'current ' : ''}claim on case ${input.caseId}: claim it before deciding`);
    }
    const earlier = latestDecisionOnCase(db, input.caseId);
    let superseded: string | null = null;
    if (earlier?.state === 'pending') throw new ConsoleError('conflict', `your decision on case ${input.caseId} is still waiting to be sent`);
    if (earlier?.state === 'accepted') throw new ConsoleError('conflict', `you already decided case ${input.caseId} and the service accepted it`);
    if (earlier && (earlier.state === 'conflict' || earlier.state === 'rejected')) {
      resolveConflict(db, earlier.decisionId, 'superseded', now);
      superseded = earlier.decisionId;
    }
    const parsed = DecisionCommand.safeParse({
      decisionId: randomUUID(),
      mutationId: takeMutationId(db),
      caseId: input.caseId,
      baseVersion: facts.version,
      leaseEpoch: lease.epoch,
      decidedAt: now,
      body: input.body,
      ruleRef: input.ruleRef,
      reason: input.reason,
      ...(input.rulebookVersion !== undefined ? { rulebookVersion: input.rulebookVersion } : {}),
      ...(input.facts !== undefined ? { facts: input.facts } : {}),
      ...(input.justification !== undefined ? { justification: input.justification } : {}),
    });
    if (!parsed.success) {
      // Rolls back with the transaction: the mutation id is not spent.
      const { field, detail } = describeIssue(parsed.error);
      throw new ConsoleError('invalid_input', `case.decide: ${field ? `${field}: ` : ''}${detail}`);
    }
    const command = parsed.data;
    insertDecisionWithOutbox(db, staff.id, command, now);
    return { decisionId: command.decisionId, mutationId: command.mutationId, superseded };
  }).immediate();
}
