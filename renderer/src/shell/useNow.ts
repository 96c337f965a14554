import { useSyncExternalStore } from 'react';

/**
 * One shared clock for every countdown on screen (SLA cells, relative times): a single
 * interval however many cells render, instead of one timer per cell.
 */
let now = Date.now();
const subscribers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
const TICK_MS = 15_000;

function subscribe(cb: () => void): () => void {
  subscribers.add(cb);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      subscribers.forEach((s) => s());
    }, TICK_MS);
  }
  return () => {
    subscribers.delete(cb);
    if (subscribers.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
