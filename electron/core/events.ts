/** A small typed emitter for the console's events; a failing listener never breaks the emitter. */
import type { EventName, EventPayload } from '../../shared/api';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export class ConsoleEvents {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    // Sets are keyed by event name, so a listener only ever receives its own event's payload.
    const l = listener as unknown as Listener<EventName>;
    set.add(l);
    return () => {
      set.delete(l);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(payload);
      } catch (e) {
        console.error(`docket: a ${event} listener failed:`, e);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
