import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueFilter } from '../../../shared/api';
import type { CaseKind, Role } from '../../../shared/domain';
import { useApi } from '../api/context';
import { lastFilterKey, parseLastFilter, parseSavedFilters, removeSavedFilter, savedFiltersKey, upsertSavedFilter, type SavedFilter } from './savedFilters';

/**
 * The reviewer's named filters and last-used filter for one queue, kept in the core's
 * per-user prefs (so they follow the staff member, not the browser).
 */
/** Before a reviewer has chosen anything, a queue shows the work still to do. */
export function defaultFilter(role: Role): QueueFilter {
  return { status: role === 'supervisor' ? ['awaiting_approval', 'open'] : ['open'] };
}

export function useSavedFilters(kind: CaseKind, role: Role) {
  const api = useApi();
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  const [initial, setInitial] = useState<QueueFilter | null>(null);
  const lastWrite = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([api.invoke('prefs.get', { key: savedFiltersKey(kind) }), api.invoke('prefs.get', { key: lastFilterKey(kind) })]).then(([list, last]) => {
      if (!live) return;
      setSaved(list.ok ? parseSavedFilters(list.value.value) : []);
      setInitial(last.ok && last.value.value !== null ? parseLastFilter(last.value.value) : defaultFilter(role));
    });
    return () => {
      live = false;
    };
  }, [api, kind, role]);

  const persist = useCallback(
    (next: SavedFilter[]) => {
      setSaved(next);
      void api.invoke('prefs.set', { key: savedFiltersKey(kind), value: next });
    },
    [api, kind],
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
