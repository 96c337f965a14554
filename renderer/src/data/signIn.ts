import type { QueryClient } from '@tanstack/react-query';
import type { Session } from '../../../shared/api';
import type { DecisionMemory } from '../case/decisionMemory';
import { belongsToSignIn } from './queryKeys';

/**
 * Called with every session the console reports: when the staff member or the console
 * changes (a host restarted for someone else behind the same page), nothing of the previous
 * sign-in stays — no cached queue, case or pref, and no draft.
 */
export function trackSignIn(client: QueryClient, memory: DecisionMemory): (session: Session) => void {
  let current: string | null = null;
  return (session) => {
    const scope = { staffId: session.staff.id, clientId: session.clientId };
    const key = `${scope.staffId}\u0000${scope.clientId}`;
    if (current !== null && current !== key) client.removeQueries({ predicate: (q) => belongsToSignIn(q.queryKey) });
    current = key;
    memory.signIn(scope);
  };
}
