import { createContext, useContext } from 'react';
import type { ConsoleClient } from './client';

export const ApiContext = createContext<ConsoleClient | null>(null);

export function useApi(): ConsoleClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
