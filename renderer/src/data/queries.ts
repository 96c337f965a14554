import { useQuery } from '@tanstack/react-query';
import type { CaseKind } from '../../../shared/domain';
import type { LedgerSummaryQuery } from '../../../shared/sync/protocol';
import { useApi } from '../api/context';
import { ask } from './ask';
import { queryKeys } from './queryKeys';

/** The tab counts. */
export function useQueueSummaries() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.queueSummaries, queryFn: () => ask(api, 'queues.list', {}) });
}

/** The sync state behind the status bar; kept current by its own event. */
export function useSyncStatus() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.syncStatus, queryFn: () => ask(api, 'sync.status', {}) });
}

/** The conflict inbox's entries, asked while the inbox is shown. */
export function useConflicts(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.conflicts, queryFn: () => ask(api, 'conflicts.list', {}), enabled });
}

/**
 * One case as the console holds it; while it is asked again after a change, the last answer
 * stays shown. A case opened again shows at once from the cache and is asked again behind it:
 * a lease can run out without any change being announced.
 */
export function useCaseDetail(caseId: string | null, kind: CaseKind) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.case(kind, caseId ?? ''),
    queryFn: () => ask(api, 'case.get', { caseId: caseId ?? '' }),
    enabled: caseId !== null,
    refetchOnMount: 'always',
  });
}

/** Ledger sums for a query (null: the form does not parse), asked while the ledger is shown. */
export function useLedgerSummary(query: LedgerSummaryQuery | null, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.ledgerSummary(query),
    queryFn: () => ask(api, 'ledger.summary', query ?? { by: 'payer' }),
    enabled: enabled && query !== null,
  });
}

/**
 * One of the signed-in staff member's prefs (null when never set). Only this page writes them,
 * and it puts what it writes in the cache at once: asked once, never again behind a write (a
 * refetch answered before the write landed would undo a quick second change).
 */
export function usePref(key: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.pref(key), queryFn: async () => (await ask(api, 'prefs.get', { key })).value, staleTime: Infinity });
}

/** The escalated view: cases escalated to the supervisors or handed to me, with the note. */
export function useEscalations(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.escalations, queryFn: () => ask(api, 'escalations.list', {}), enabled });
}

/** My latest escalation or hand-off of a case, and the service's answer. */
export function useMyEscalation(kind: CaseKind, caseId: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.myEscalation(kind, caseId), queryFn: () => ask(api, 'case.myEscalation', { caseId }) });
}
