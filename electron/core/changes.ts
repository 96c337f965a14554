/**
 * The wrapper every state-changing handler is declared through: it says which queues (case
 * kinds) the call touches, whether it queues something to push, and whether it changes the
 * conflicts inbox. After the call the wrapper announces the queues (`data.changed`, coalesced
 * per burst by `ConsoleEvents`; also after a refusal, since a claim may have been made before
 * it) and, when the call succeeded, the inbox count, and schedules a push of the outbox.
 */
import type { ReadableDB } from './db/handles';
import type { CaseKind } from '../../shared/domain';
import { caseHeader } from './db/cases';
import { unresolvedConflictCount } from './db/decisions';
import type { ConsoleEvents } from './events';
import type { SyncEngine } from './sync/engine';

export interface Changes<I> {
  /** The queues whose cases the call may change, worked out from its input before it runs. */
  queues: (input: I) => CaseKind[];
  /** It queues a decision or approval: a push of the outbox follows soon. */
  push?: boolean;
  /** It may change the conflicts inbox. */
  inbox?: boolean;
}

export interface ChangesContext {
  db: ReadableDB;
  events: ConsoleEvents;
  engine: Pick<SyncEngine, 'schedulePush'>;
}

export function changesOf(ctx: ChangesContext) {
  return function changes<I, O>(declared: Changes<I>, handler: (input: I) => Promise<O>): (input: I) => Promise<O> {
    return async (input) => {
      const queues = declared.queues(input);
      try {
        const output = await handler(input);
        if (declared.inbox) ctx.events.emit('conflicts.changed', { count: unresolvedConflictCount(ctx.db) });
        if (declared.push) ctx.engine.schedulePush();
        return output;
      } finally {
        ctx.events.changed(queues);
      }
    };
  };
}

/** The queues of the replicated cases among `caseIds` (cases not in the console touch none). */
export function queuesOfCases(db: ReadableDB): (caseIds: readonly string[]) => CaseKind[] {
  return (caseIds) => [...new Set(caseIds.map((id) => caseHeader(db, id)?.kind).filter((k): k is CaseKind => k !== undefined))];
}
