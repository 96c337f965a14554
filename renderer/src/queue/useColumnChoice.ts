import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { CaseKind, Role } from '../../../shared/domain';
import { useApi } from '../api/context';
import { usePref } from '../data/queries';
import { queryKeys } from '../data/queryKeys';
import { columnChoiceKey, defaultColumnChoice, parseColumnChoice, type ColumnChoice } from './columnChoice';

/**
 * The columns a reviewer shows in one queue, and their widths: kept in the core's per-user
 * prefs (they follow the staff member), the role's defaults until the reviewer chooses.
 * Null until the pref answered, so the grid does not draw the defaults and then redraw.
 */
export function useColumnChoice(kind: CaseKind, role: Role) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = columnChoiceKey(kind);
  const pref = usePref(key);
  const choice = useMemo<ColumnChoice | null>(
    () => (pref.isPending ? null : parseColumnChoice(pref.data ?? null, role, kind)),
    [pref.isPending, pref.data, role, kind],
  );
  const save = useCallback(
    (next: ColumnChoice | null) => {
      void queryClient.cancelQueries({ queryKey: queryKeys.pref(key) });
      queryClient.setQueryData(queryKeys.pref(key), next);
      void api.invoke('prefs.set', { key, value: next });
    },
    [api, key, queryClient],
  );
  return { choice, save, reset: () => save(null), defaults: defaultColumnChoice(role, kind) };
}
