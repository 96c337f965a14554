/**
 * Deciding a case: checks against the local replica and the reviewer's lease, then writes the
 * decision and its outbox row in one transaction with the next mutation id. It never waits for
 * the network; the sync engine pushes the outbox.
 */
import { randomUUID } from 'node:crypto';
import type { WritableDB } from './db/handles';
import type { DecisionBody, StaffMember } from '../../shared/domain';
import { canDecide, refusal } from '../../shared/domain';
import { judgeDecision, type CaseFacts, type Rulebook } from '../../shared/rulebook';
import { DecisionCommand } from '../../shared/sync/protocol';
import { caseAsJudged } from './contested';
import { caseHeader, getCase } from './db/cases';
import { insertDecisionWithOutbox, latestDecisionOnCase, resolveConflict } from './db/decisions';
import { getMyLease } from './db/leases';
import { takeMutationId } from './db/meta';
import { ConsoleError, notInConsole, refused } from './errors';
import { describeIssue } from '../../shared/validation/issues';

export interface DecideInput {
  caseId: string;
  body: DecisionBody;
  ruleRef: string;
  reason: string;
  /** What the reviewer established; the defaults of the case's kind when absent. */
  facts?: CaseFacts;
  /** Required when the decision departs from the rulebook's recommendation. */
  justification?: string;
}

export interface Decided {
  decisionId: string;
  mutationId: number;
  /** The earlier decision this one replaced in the conflicts inbox, if any. */
  superseded: string | null;
}

/**
 * `rulebook`: the version the decision is judged by (the console's current one). With it, a
 * decision the case service would refuse by that rulebook is refused here (`invalid_input`,
 * the service's words) and the command carries the version and the facts (given or default),
 * so the service re-checks it exactly. The console always passes it; without it (tests of the
 * outbox alone) the command is only checked for shape and carries what the input gives.
 */
export function decideCase(db: WritableDB, staff: StaffMember, input: DecideInput, now: number, rulebook?: Rulebook): Decided {
  return durably(db, () => writeDecision(db, staff, input, now, rulebook));
}

/** A first bootstrap runs with synchronous = NORMAL; a decision or approval is committed durably regardless. */
export function durably<T>(db: WritableDB, write: () => T): T {
  const sync = db.pragma('synchronous', { simple: true }) as number;
  if (sync < 2) db.pragma('synchronous = FULL');
  try {
    return write();
  } finally {
    if (sync < 2) db.pragma(`synchronous = ${sync}`);
  }
}

function writeDecision(db: WritableDB, staff: StaffMember, input: DecideInput, now: number, rulebook: Rulebook | undefined): Decided {
  return db.transaction((): Decided => {
    const { caseId } = input;
    const header = caseHeader(db, caseId);
    if (!header) throw notInConsole(caseId);
    if (input.body.kind !== header.kind) {
      throw refused('invalid_input', refusal('decision_kind_mismatch', { caseKind: header.kind, decisionKind: input.body.kind },
        `case ${caseId} is a ${header.kind} case; a ${input.body.kind} decision cannot be applied to it`));
    }
    if (!canDecide(staff.role, header.kind)) {
      throw refused('forbidden', refusal('role_may_not_decide', { role: staff.role, caseKind: header.kind }, `a ${staff.role} does not decide ${header.kind} cases`));
    }
    if (header.status !== 'open') {
      throw refused('conflict', refusal('case_not_open', { caseId, status: header.status }, `case ${caseId} is ${header.status.replace('_', ' ')}, not open: it cannot be decided`));
    }
    const lease = getMyLease(db, caseId);
    if (!lease) throw refused('forbidden', refusal('claim_missing', { caseId }, `you hold no claim on case ${caseId}: claim it before deciding`));
    if (lease.expiresAt <= now) throw refused('forbidden', refusal('claim_expired', { caseId }, `you hold no current claim on case ${caseId}: claim it before deciding`));
    const earlier = latestDecisionOnCase(db, caseId);
    let superseded: string | null = null;
    if (earlier?.state === 'pending') {
      throw refused('conflict', refusal('decision_waiting_to_send', { caseId }, `your decision on case ${caseId} is still waiting to be sent`));
    }
    if (earlier?.state === 'accepted') {
      throw refused('conflict', refusal('decision_already_accepted', { caseId }, `you already decided case ${caseId} and the service accepted it`));
    }
    if (earlier && (earlier.state === 'conflict' || earlier.state === 'rejected')) {
      resolveConflict(db, earlier.decisionId, 'superseded', now);
      superseded = earlier.decisionId;
    }
    let judged: { rulebookVersion: string; facts: CaseFacts } | null = null;
    if (rulebook) {
      const stored = getCase(db, input.caseId);
      if (!stored) throw notInConsole(caseId);
      const c = caseAsJudged(db, stored.case);
      const verdict = judgeDecision(c, { body: input.body, ruleRef: input.ruleRef, justification: input.justification, facts: input.facts }, rulebook);
      if (!verdict.ok) throw new ConsoleError('invalid_input', `case.decide: ${verdict.message}`, verdict.refusals);
      judged = { rulebookVersion: rulebook.version, facts: verdict.facts };
    }
    const parsed = DecisionCommand.safeParse({
      decisionId: randomUUID(),
      mutationId: takeMutationId(db),
      caseId: input.caseId,
      baseVersion: header.version,
      leaseEpoch: lease.epoch,
      decidedAt: now,
      body: input.body,
      ruleRef: input.ruleRef,
      reason: input.reason,
      ...(judged ? judged : input.facts !== undefined ? { facts: input.facts } : {}),
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
