import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Session } from '../../../shared/api';
import type { ConsoleClient } from '../api/client';
import { DecisionMemory } from '../case/decisionMemory';
import { createConsoleQueryClient } from './ask';
import { installInvalidation } from './invalidation';
import { trackSignIn } from './signIn';

interface ConsoleData {
  memory: DecisionMemory;
  /** To call with each session answer (see signIn.ts). */
  signedIn: (session: Session) => void;
}

const ConsoleDataContext = createContext<ConsoleData | null>(null);

/** The query cache, the decision form's memory, and the one subscription that keeps the cache current. */
export function ConsoleDataProvider({ api, children }: { api: ConsoleClient; children: ReactNode }) {
  const [client] = useState(createConsoleQueryClient);
  const [data] = useState<ConsoleData>(() => {
    const memory = new DecisionMemory();
    return { memory, signedIn: trackSignIn(client, memory) };
  });
  useEffect(() => installInvalidation(api, client), [api, client]);
  return (
    <QueryClientProvider client={client}>
      <ConsoleDataContext.Provider value={data}>{children}</ConsoleDataContext.Provider>
    </QueryClientProvider>
  );
}

function useConsoleData(): ConsoleData {
  const data = useContext(ConsoleDataContext);
  if (!data) throw new Error('useConsoleData outside <ConsoleDataProvider>');
  return data;
}

export const useDecisionMemory = () => useConsoleData().memory;
export const useSignedIn = () => useConsoleData().signedIn;
