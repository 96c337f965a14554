import { QueryObserver, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload, SyncStatus } from '../../../shared/api';
import type { ConsoleClient } from '../api/client';
import { createConsoleQueryClient } from './ask';
import { BURST, installInvalidation } from './invalidation';
import { queryKeys } from './queryKeys';
import { defaultFacts } from '../../../shared/rulebook/facts';

/** The console's event side, as the core drives it: listeners per event and for reconnects. */
function consoleEvents() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const reconnects = new Set<() => void>();
  const events: Pick<ConsoleClient, 'on' | 'onReconnect'> = {
    on(event, cb) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = cb as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onReconnect(cb) {
      reconnects.add(cb);
      return () => reconnects.delete(cb);
    },
  };
  return {
    events,
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      listeners.get(event)?.forEach((l) => l(payload));
    },
    reconnect: () => reconnects.forEach((cb) => cb()),
  };
}

const status: SyncStatus = {
  online: true, serverUrl: 'http://127.0.0.1:1', lastPullAt: null, lastPushAt: null, pending: 0, conflicts: 0, partitions: [],
  progress: { phase: 'idle', kind: null, received: 0, ratePerSec: 0 }, lastError: null,
};

/** Every kind of key the screens hold, each with an answer in the cache. */
const KEYS: Record<string, QueryKey> = {
  session: queryKeys.session,
  summaries: queryKeys.queueSummaries,
  syncStatus: queryKeys.syncStatus,
  conflicts: queryKeys.conflicts,
  violationCount: queryKeys.queueCount('violation', { status: ['open'] }),
  violationCountAll: queryKeys.queueCount('violation', {}),
  appealCount: queryKeys.queueCount('appeal', {}),
  violationCase: queryKeys.case('violation', 'V-1'),
  violationRecommendation: queryKeys.recommendation('violation', 'V-1', defaultFacts('violation')),
  rulebook: queryKeys.rulebook,
  refundCase: queryKeys.case('refund_dispute', 'R-1'),
  ledger: queryKeys.ledgerSummary({ by: 'payer' }),
  pref: queryKeys.pref('queue.violation.last'),
};

function seeded(): QueryClient {
  const client = createConsoleQueryClient();
  for (const [name, key] of Object.entries(KEYS)) client.setQueryData(key, name === 'syncStatus' ? status : name);
  return client;
}

const invalidated = (client: QueryClient) =>
  Object.entries(KEYS)
    .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
    .map(([name]) => name)
    .sort();

describe('one data.changed burst invalidates the keys it concerns, once', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('marks exactly the queues, cases, tab counts and ledger of the kinds named', async () => {
    const client = seeded();
    const c = consoleEvents();
    const off = installInvalidation(c.events, client);
    c.emit('data.changed', { kinds: ['violation'] });
    await vi.advanceTimersByTimeAsync(BURST.quietMs - 1);
    expect(invalidated(client), 'nothing before the burst ends').toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(invalidated(client)).toEqual(['ledger', 'summaries', 'violationCase', 'violationRecommendation', 'violationCount', 'violationCountAll'].sort());
    off();
  });

  it('gathers the kinds of a burst into one invalidation', async () => {
    const client = seeded();
    const c = consoleEvents();
    const off = installInvalidation(c.events, client);
    c.emit('data.changed', { kinds: ['violation'] });
    await vi.advanceTimersByTimeAsync(100);
    c.emit('data.changed', { kinds: ['refund_dispute'] });
    await vi.advanceTimersByTimeAsync(BURST.quietMs);
    expect(invalidated(client)).toEqual(['ledger', 'refundCase', 'summaries', 'violationCase', 'violationRecommendation', 'violationCount', 'violationCountAll'].sort());
    expect(invalidated(client)).not.toContain('appealCount');
    off();
  });

  it('asks a shown queue again once per burst, and at most once a second in a stream that never goes quiet', async () => {
    const client = createConsoleQueryClient();
    let asked = 0;
    const observer = new QueryObserver(client, { queryKey: queryKeys.queueCount('violation', {}), queryFn: async () => ++asked });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toBe(1);
    const c = consoleEvents();
    const off = installInvalidation(c.events, client);

    // One decision: claim, decision, push answer, pulled page — four events within 200 ms.
    for (let i = 0; i < 4; i++) {
      c.emit('data.changed', { kinds: ['violation'] });
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(BURST.maxWaitMs);
    expect(asked, 'one refetch for the burst').toBe(2);

    // A bootstrap: an event every 100 ms for 3 s.
    for (let i = 0; i < 30; i++) {
      c.emit('data.changed', { kinds: ['violation'] });
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(BURST.maxWaitMs);
    expect(asked - 2).toBeGreaterThanOrEqual(3);
    expect(asked - 2).toBeLessThanOrEqual(4);

    // Events of another kind leave this queue alone.
    const before = asked;
    c.emit('data.changed', { kinds: ['appeal'] });
    await vi.advanceTimersByTimeAsync(BURST.maxWaitMs);
    expect(asked).toBe(before);
    off();
    unsubscribe();
  });

  it('takes the sync status and conflict count from their events, and asks the inbox again', async () => {
    const client = seeded();
    const c = consoleEvents();
    const off = installInvalidation(c.events, client);
    c.emit('sync.status', { ...status, pending: 3 });
    expect(client.getQueryData<SyncStatus>(queryKeys.syncStatus)?.pending).toBe(3);
    c.emit('conflicts.changed', { count: 2 });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getQueryData<SyncStatus>(queryKeys.syncStatus)?.conflicts).toBe(2);
    expect(invalidated(client)).toEqual(['conflicts']);
    off();
  });

  it('after a reconnect (events may have been lost) marks everything', async () => {
    const client = seeded();
    const c = consoleEvents();
    const off = installInvalidation(c.events, client);
    c.emit('data.changed', { kinds: ['violation'] });
    c.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(invalidated(client)).toEqual(Object.keys(KEYS).sort());
    off();
  });

  it('stops listening when uninstalled', async () => {
    const client = seeded();
    const c = consoleEvents();
    installInvalidation(c.events, client)();
    c.emit('data.changed', { kinds: ['violation'] });
    await vi.advanceTimersByTimeAsync(BURST.maxWaitMs);
    expect(invalidated(client)).toEqual([]);
  });
});
