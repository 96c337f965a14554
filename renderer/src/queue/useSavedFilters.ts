import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef } from 'react';
import type { QueueFilter } from '../../../shared/api';
import type { CaseKind, Role } from '../../../shared/domain';
import { useApi } from '../api/context';
import { usePref } from '../data/queries';
import { queryKeys } from '../data/queryKeys';
import { lastFilterKey, parseLastFilter, parseSavedFilters, removeSavedFilter, savedFiltersKey, upsertSavedFilter, type SavedFilter } from './savedFilters';

/** Before a reviewer has chosen anything, a queue shows the work still to do. */
export function defaultFilter(role: Role): QueueFilter {
  return { status: role === 'supervisor' ? ['awaiting_approval', 'open'] : ['open'] };
}

const NONE: SavedFilter[] = [];

/**
 * The reviewer's named filters and last-used filter for one queue, kept in the core's
 * per-user prefs (so they follow the staff member, not the browser) and in the query cache.
 */
export function useSavedFilters(kind: CaseKind, role: Role) {
  const api = useApi();
  const queryClient = useQueryClient();
  const list = usePref(savedFiltersKey(kind));
  const last = usePref(lastFilterKey(kind));
  const lastWrite = useRef<ReturnType<typeof setTimeout> | null>(null);

  const saved = useMemo(() => (list.data === undefined ? NONE : parseSavedFilters(list.data)), [list.data]);
  // The filter to start with: read once both prefs answered (an unreadable pref counts as none).
  const lastSettled = !list.isPending && !last.isPending;
  const lastValue = last.data;
  const initial = useMemo(
    () => (!lastSettled ? null : lastValue !== undefined && lastValue !== null ? parseLastFilter(lastValue) : defaultFilter(role)),
    [lastSettled, lastValue, role],
  );

  const persist = useCallback(
    (next: SavedFilter[]) => {
      queryClient.setQueryData(queryKeys.pref(savedFiltersKey(kind)), next);
      void api.invoke('prefs.set', { key: savedFiltersKey(kind), value: next });
    },
    [api, kind, queryClient],
  );

  return {
    saved,
    /** The filter to start with (null until prefs answered). */
    initial,
    save: (name: string, filter: QueueFilter) => persist(upsertSavedFilter(saved, { name, filter })),
    remove: (name: string) => persist(removeSavedFilter(saved, name)),
    /** Remembers the filter in use, debounced: typing a merchant id writes once. */
    remember: (filter: QueueFilter) => {
      if (lastWrite.current) clearTimeout(lastWrite.current);
      lastWrite.current = setTimeout(() => void api.invoke('prefs.set', { key: lastFilterKey(kind), value: filter }), 800);
    },
  };
}
