/**
 * Pull of one partition: bootstrap from the start, or continue from the stored cursor. Each
 * page is read and validated whole, then applied together with its cursor in one transaction,
 * so a crash or a bad page leaves the partition exactly at the last applied page. The next page
 * is requested as soon as the current one's end line has arrived (and the one after it as soon
 * as that page's has, up to `ahead`), and every page on its way is dropped if one before it
 * turns out bad.
 */
import type { WritableDB } from '../db/handles';
import type { CaseKind } from '../../../shared/domain';
import { caseWriter, deletePartitionCases } from '../db/cases';
import { conflictsAwaitingTheirs, fillConflictTheirs } from '../db/decisions';
import { supersededLeaseDropper } from '../db/leases';
import { advanceCursor, partitionState, resetPartition } from '../db/sync-state';
import { lastDecisionOf, type FeedPage } from './feed';
import type { EarlyEnd, PageSource, PendingPage } from './page-source';
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
  /**
   * Pages to have on their way beyond the one being applied (at least 1), asked each time a
   * page's end line arrives: a bootstrap keeps every feed worker busy as partitions finish.
   */
  ahead?: () => number;
}

/** Applies a validated page and its cursor in one transaction. */
export function applyPage(db: WritableDB, page: FeedPage, myStaffId: string | null, now: number): void {
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
export function refetchPartition(db: WritableDB, kind: CaseKind): void {
  db.transaction(() => {
    deletePartitionCases(db, kind);
    resetPartition(db, kind);
  }).immediate();
}

/**
 * The pages of one partition on their way, in feed order: the first is the next to apply, and
 * each later one was requested from the end line of the page before it as soon as that line
 * arrived, while fewer than `1 + ahead()` pages were on their way.
 */
class PageWindow {
  private readonly pages: { pending: PendingPage; early: EarlyEnd | null | undefined; followed: boolean }[] = [];
  private closed = false;

  constructor(private readonly request: (cursor: string | null) => PendingPage, private readonly ahead: () => number) {}

  open(cursor: string | null): void {
    this.closed = false;
    this.push(cursor);
  }

  /** The next page, validated. A successor requested from its end line must follow that very line. */
  async next(): Promise<FeedPage> {
    const first = this.pages[0];
    if (!first) throw new Error('no page was requested');
    const page = await first.pending.page;
    if (first.followed && page.end.cursor !== first.early?.cursor) throw new Error('the page changed between its end line and its validation');
    return page;
  }

  /** The first page is applied: its place goes to the next request. */
  advance(): void {
    this.pages.shift();
    this.fill();
  }

  cancel(): void {
    this.closed = true;
    for (const p of this.pages.splice(0)) p.pending.cancel();
  }

  private push(cursor: string | null): void {
    const requested = { pending: this.request(cursor), early: undefined as EarlyEnd | null | undefined, followed: false };
    this.pages.push(requested);
    void requested.pending.early.then((early) => {
      requested.early = early;
      this.fill();
    });
  }

  private fill(): void {
    const last = this.pages.at(-1);
    if (this.closed || !last?.early?.hasMore || last.followed || this.pages.length > Math.max(1, this.ahead())) return;
    last.followed = true;
    this.push(last.early.cursor);
  }
}

/** Pulls pages until the partition has caught up. Returns the number of changes applied. */
export async function pullPartition(db: WritableDB, source: PageSource, kind: CaseKind, opts: PullOptions): Promise<number> {
  let applied = 0;
  let refetchedFromStart = false;
  const window = new PageWindow((cursor) => {
    opts.onRequest?.({ kind, cursor });
    return source.fetch(kind, cursor, opts.limit);
  }, opts.ahead ?? (() => 1));
  window.open(partitionState(db, kind).cursor);
  try {
    for (;;) {
      const state = partitionState(db, kind);
      let page: FeedPage;
      try {
        page = await window.next();
      } catch (e) {
        if (!(e instanceof MustRefetchError)) throw e;
        window.cancel();
        // From the start there is nothing older to refetch: the service is broken, not our cursor.
        if (state.cursor === null || refetchedFromStart) throw new ServiceRefusal(410, 'must-refetch', `the ${kind} feed refuses even a pull from the start`);
        refetchPartition(db, kind);
        refetchedFromStart = true;
        opts.onApplied?.({ kind, changes: 0, cursor: null, caughtUp: false, bootstrapping: true, refetched: true, firstCaseId: null, lastCaseId: null });
        window.open(null);
        continue;
      }
      applyPage(db, page, opts.myStaffId, opts.now());
      applied += page.changes.length;
      opts.onApplied?.({
        kind, changes: page.changes.length, cursor: page.end.cursor, caughtUp: !page.end.hasMore, bootstrapping: !state.bootstrapped, refetched: false,
        firstCaseId: page.changes[0]?.caseId ?? null, lastCaseId: page.changes.at(-1)?.caseId ?? null,
      });
      if (!page.end.hasMore) return applied;
      window.advance();
    }
  } finally {
    window.cancel();
  }
}
