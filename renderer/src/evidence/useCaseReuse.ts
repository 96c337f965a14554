import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { ask } from '../data/ask';

/**
 * Reuse flags of a case's photos (`evidence.reuse`, answered by the console offline too). Any
 * newly replicated case may match, so it is asked again whenever a case view mounts.
 */
export function useCaseReuse(caseId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['evidenceReuse', caseId] as const,
    queryFn: () => ask(api, 'evidence.reuse', { caseId }),
    refetchOnMount: 'always',
  });
}
