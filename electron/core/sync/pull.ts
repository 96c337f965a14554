/**
 * Pull of one partition: bootstrap from the start, or continue from the stored cursor. Each
 * page is read and validated whole, then applied together with its cursor in one transaction,
 * so a crash or a bad page leaves the partition exactly at the last applied page. The next page
 * is requested as soon as the current one's end line has arrived, and dropped if the current
 * one turns out bad.
 */
import type Database from 'better-sqlite3';
import type { CaseKind } from '../../../shared/domain';
import { caseWriter, deletePartitionCases } from '../db/cases';
import { conflictsAwaitingTheirs, fillConflictTheirs } from '../db/decisions';
import { supersededLeaseDropper } from '../db/leases';
import { advanceCursor, partitionState, resetPartition } from '../db/sync-state';
import { lastDecisionOf, type FeedPage } from './feed';
import type { PageSource, PendingPage } from './page-source';
import { MustRefetchError, ServiceRefusal } from './service';

export interface AppliedInfo {
  kind: CaseKind;
  changes: number;
  cursor: string | null;
  caughtUp: boolean;
  bootstrapping: boolean;
  refetched: boolean;
  /** The first and last case the page touched (crash tests check pages line up with the rows). */
  firstCaseId: string | null;
  lastCaseId: string | null;
}

export interface PullOptions {
  limit: number;
  myStaffId: string | null;
  now: () => number;
  /** After each committed page (and after a must-refetch reset): for events and progress. */
  onApplied?: (info: AppliedInfo) => void;
  /** Before each page request, with the cursor it starts from. */
  onRequest?: (info: { kind: CaseKind; cursor: string | null }) => void;
}

/** Applies a validated page and its cursor in one transaction. */
export function applyPage(db: Database.Database, page: FeedPage, myStaffId: string | null, now: number): void {
  const writer = caseWriter(db);
  const dropLease = supersededLeaseDropper(db, myStaffId);
  db.transaction(() => {
    const enrich = conflictsAwaitingTheirs(db);
    for (const change of page.changes) {
      if (change.type === 'upsert') {
        writer.upsertRow(change.row, change.raw);
        if (change.lease) dropLease(change.caseId, change.lease);
        const theirs = enrich ? lastDecisionOf(change) : null;
        if (theirs) fillConflictTheirs(db, change.caseId, theirs);
      } else {
        writer.remove(change.caseId);
      }
    }
    advanceCursor(db, page.kind, page.end.cursor, !page.end.hasMore, now);
  }).immediate();
}

/** Drops a partition's replicated rows and position, so the next pull bootstraps it. */
export function refetchPartition(db: Database.Database, kind: CaseKind): void {
  db.transaction(() => {
    deletePartitionCases(db, kind);
    resetPartition(db, kind);
  }).immediate();
}

/** Pulls pages until the partition has caught up. Returns the number of changes applied. */
export async function pullPartition(db: Database.Database, source: PageSource, kind: CaseKind, opts: PullOptions): Promise<number> {
  let applied = 0;
  let refetchedFromStart = false;
  const request = (cursor: string | null): PendingPage => {
    opts.onRequest?.({ kind, cursor });
    return source.fetch(kind, cursor, opts.limit);
  };
  let current = request(partitionState(db, kind).cursor);
  for (;;) {
    const state = partitionState(db, kind);
    const early = await current.early;
    // Ask for the next page while this one is validated and applied.
    const ahead = early?.hasMore ? request(early.cursor) : null;
    let page: FeedPage;
    try {
      page = await current.page;
      if (ahead && page.end.cursor !== early?.cursor) throw new Error('the page changed between its end line and its validation');
    } catch (e) {
      ahead?.cancel();
      if (!(e instanceof MustRefetchError)) throw e;
      // From the start there is nothing older to refetch: the service is broken, not our cursor.
      if (state.cursor === null || refetchedFromStart) throw new ServiceRefusal(410, 'must-refetch', `the ${kind} feed refuses even a pull from the start`);
      refetchPartition(db, kind);
      refetchedFromStart = true;
      opts.onApplied?.({ kind, changes: 0, cursor: null, caughtUp: false, bootstrapping: true, refetched: true, firstCaseId: null, lastCaseId: null });
      current = request(null);
      continue;
    }
    try {
      applyPage(db, page, opts.myStaffId, opts.now());
    } catch (e) {
      ahead?.cancel();
      throw e;
    }
    applied += page.changes.length;
    opts.onApplied?.({
      kind, changes: page.changes.length, cursor: page.end.cursor, caughtUp: !page.end.hasMore, bootstrapping: !state.bootstrapped, refetched: false,
      firstCaseId: page.changes[0]?.caseId ?? null, lastCaseId: page.changes.at(-1)?.caseId ?? null,
    });
    if (!page.end.hasMore) {
      ahead?.cancel();
      return applied;
    }
    current = ahead ?? request(page.end.cursor);
  }
}
