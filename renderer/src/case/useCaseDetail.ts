import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, CaseDetail } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import { useApi, useConsoleEvent } from '../api/context';

export type DetailState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; detail: CaseDetail }
  | { status: 'error'; error: ApiError };

/** Loads one case; reloads quietly (keeping what is shown) when the core says its kind changed. */
export function useCaseDetail(caseId: string | null, kind: CaseKind) {
  const api = useApi();
  const [state, setState] = useState<DetailState>({ status: 'idle' });
  const seq = useRef(0);

  const load = useCallback(
    async (quiet: boolean) => {
      const mine = ++seq.current;
      if (!caseId) {
        setState({ status: 'idle' });
        return;
      }
      if (!quiet) setState({ status: 'loading' });
      const r = await api.invoke('case.get', { caseId });
      if (mine !== seq.current) return; // a newer request (another case) won
      setState(r.ok ? { status: 'ready', detail: r.value } : { status: 'error', error: r.error });
    },
    [api, caseId],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  useConsoleEvent('data.changed', (p) => {
    if (p.kinds.includes(kind)) void load(true);
  });

  return { state, reload: () => load(true) };
}
