import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CaseRow } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import { useApi } from '../api/context';
import { emptyFactsDraft, factsFromDraft } from '../case/factsDraft';
import { ask } from '../data/ask';
import { queryKeys } from '../data/queryKeys';

/** Long enough for the case just opened to ask its own questions first. */
const PREFETCH_DELAY_MS = 150;

/**
 * While a reviewer reads a case, the one J or "decide and next" goes to is asked for in the
 * background: its detail and, for those who may decide it, the recommendation for the facts
 * as they stand. Moving on then shows it from the query cache (asked again behind it).
 */
export function usePrefetchNext(kind: CaseKind, caseId: string | null, peekNext: () => CaseRow | null, mayDecide: boolean): void {
  const api = useApi();
  const client = useQueryClient();
  useEffect(() => {
    if (caseId === null) return;
    const timer = setTimeout(() => {
      const next = peekNext();
      if (!next || next.id === caseId) return;
      void client.prefetchQuery({ queryKey: queryKeys.case(kind, next.id), queryFn: () => ask(api, 'case.get', { caseId: next.id }) });
      const facts = factsFromDraft(emptyFactsDraft(kind));
      if (mayDecide && facts.ok) {
        void client.prefetchQuery({ queryKey: queryKeys.recommendation(kind, next.id, facts.facts), queryFn: () => ask(api, 'case.recommend', { caseId: next.id, facts: facts.facts }) });
      }
    }, PREFETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, client, kind, caseId, peekNext, mayDecide]);
}
