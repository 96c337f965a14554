import { createContext, useContext, useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../shared/api';
import type { ConsoleClient } from './client';

export const ApiContext = createContext<ConsoleClient | null>(null);

export function useApi(): ConsoleClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}

/** Subscribes to a core event for the component's lifetime; the latest callback is always used. */
export function useConsoleEvent<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): void {
  const api = useApi();
  const latest = useRef(cb);
  useEffect(() => {
    latest.current = cb;
  });
  useEffect(() => api.on(event, (p) => latest.current(p)), [api, event]);
}

/** Runs `cb` when the event stream reconnects after a break (events may have been missed). */
export function useReconnect(cb: () => void): void {
  const api = useApi();
  const latest = useRef(cb);
  useEffect(() => {
    latest.current = cb;
  });
  useEffect(() => api.onReconnect(() => latest.current()), [api]);
}
