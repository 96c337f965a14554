import type { QueryClient } from '@tanstack/react-query';
import type { SyncStatus } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import type { ConsoleClient } from '../api/client';
import type { EvidenceCacheStatus } from '../../../shared/evidence/cache-status';
import { queryKeys, staleAfterChange } from './queryKeys';

/**
 * How changes are gathered into one refresh. One decision makes the core say `data.changed`
 * three or four times within a few hundred milliseconds (claim, decision, push answer, pulled
 * page); a bootstrap says it for every page. A burst ends after `quietMs` without a change,
 * and a stream that never goes quiet still refreshes every `maxWaitMs`.
 */
export interface BurstTiming {
  quietMs: number;
  maxWaitMs: number;
}

export const BURST: BurstTiming = { quietMs: 300, maxWaitMs: 1000 };

export interface Timers {
  setTimeout: (cb: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Gathers the kinds named by a burst of changes and hands them over once when it ends. */
export class ChangeBurst {
  private kinds = new Set<CaseKind>();
  private quiet: unknown = null;
  private deadline: unknown = null;

  constructor(
    private readonly flush: (kinds: CaseKind[]) => void,
    private readonly timing: BurstTiming = BURST,
    private readonly timers: Timers = realTimers,
  ) {}

  add(kinds: readonly CaseKind[]): void {
    if (kinds.length === 0) return;
    for (const k of kinds) this.kinds.add(k);
    if (this.quiet !== null) this.timers.clearTimeout(this.quiet);
    this.quiet = this.timers.setTimeout(() => this.end(), this.timing.quietMs);
    this.deadline ??= this.timers.setTimeout(() => this.end(), this.timing.maxWaitMs);
  }

  /** Drops a burst in progress (the page is going away). */
  cancel(): void {
    if (this.quiet !== null) this.timers.clearTimeout(this.quiet);
    if (this.deadline !== null) this.timers.clearTimeout(this.deadline);
    this.quiet = this.deadline = null;
    this.kinds.clear();
  }

  private end(): void {
    const kinds = [...this.kinds];
    this.cancel();
    if (kinds.length > 0) this.flush(kinds);
  }
}

type Events = Pick<ConsoleClient, 'on' | 'onReconnect'>;

/**
 * The one place server data goes stale: the core's events mark the keys they concern, and the
 * screens showing those keys refetch. Returns the unsubscribe.
 */
export function installInvalidation(events: Events, client: QueryClient, timing: BurstTiming = BURST, timers: Timers = realTimers): () => void {
  const burst = new ChangeBurst(
    (kinds) => {
      for (const filters of staleAfterChange(kinds)) void client.invalidateQueries(filters);
    },
    timing,
    timers,
  );
  const offs = [
    events.on('data.changed', (p) => burst.add(p.kinds)),
    // These events carry the new value itself: nothing to ask again, except the list behind a count.
    events.on('sync.status', (status) => client.setQueryData(queryKeys.syncStatus, status)),
    events.on('conflicts.changed', (p) => {
      client.setQueryData(queryKeys.syncStatus, (s: SyncStatus | undefined) => (s ? { ...s, conflicts: p.count } : s));
      void client.invalidateQueries({ queryKey: queryKeys.conflicts });
    }),
    // Prefetch progress carries itself; the cache's use changes with it.
    events.on('evidence.progress', (prefetch) => {
      client.setQueryData(queryKeys.evidenceCache, (s: EvidenceCacheStatus | undefined) => (s ? { ...s, prefetch } : s));
      if (!prefetch.running) void client.invalidateQueries({ queryKey: queryKeys.evidenceCache });
    }),
    // Events may have been missed while the stream was down: everything may be stale.
    events.onReconnect(() => {
      burst.cancel();
      void client.invalidateQueries();
    }),
  ];
  return () => {
    burst.cancel();
    offs.forEach((off) => off());
  };
}
