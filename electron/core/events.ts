/**
 * A small typed emitter for the console's events; a failing listener never breaks the emitter.
 *
 * `data.changed` is coalesced: a burst of changes (a pull of many pages, a push's answers, a
 * run of decisions) makes the grid and the case view refresh once, not once per step. Changes
 * are gathered until none has come for `CHANGE_QUIET_MS`, or until the work that holds the
 * events (`hold`, a sync cycle) ends, and go out as one event with the union of their kinds;
 * a long burst still goes out every `CHANGE_MAX_DELAY_MS` (held: `CHANGE_HELD_MAX_MS`), so a
 * bootstrap shows progress.
 */
import type { EventName, EventPayload } from '../../shared/api';
import type { CaseKind } from '../../shared/domain';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** Changes closer together than this are one burst. */
export const CHANGE_QUIET_MS = 50;
/** However long a burst lasts, what changed so far goes out at least this often. */
export const CHANGE_MAX_DELAY_MS = 1_000;
/** The same while work holds the events: a cycle's pages are one burst unless the cycle is long. */
export const CHANGE_HELD_MAX_MS = 5_000;

/** Events sent as they happen; `data.changed` goes through `changed` instead. */
export type ImmediateEvent = Exclude<EventName, 'data.changed'>;

export class ConsoleEvents {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly pending = new Set<CaseKind>();
  /** When the oldest change not yet sent came in. */
  private pendingSince = 0;
  private timer: NodeJS.Timeout | null = null;
  private holds = 0;

  constructor(private readonly now: () => number = Date.now) {}

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

  emit<E extends ImmediateEvent>(event: E, payload: EventPayload<E>): void {
    this.send(event, payload);
  }

  /** Cases of these queues changed (after the commit): announced with the rest of the burst. */
  changed(kinds: readonly CaseKind[]): void {
    if (kinds.length === 0) return;
    if (this.pending.size === 0) this.pendingSince = this.now();
    for (const k of kinds) this.pending.add(k);
    this.arm();
  }

  /**
   * Holds `data.changed` back while a piece of work runs (changes keep gathering, a long one
   * still goes out every `CHANGE_HELD_MAX_MS`); the returned function ends the hold, and the
   * last hold to end sends what gathered.
   */
  hold(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0) this.flush();
    };
  }

  /** Sends the gathered changes now, if any. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const kinds = [...this.pending];
    this.pending.clear();
    this.send('data.changed', { kinds });
  }

  /** Drops listeners and anything not yet sent (the console is closing). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.listeners.clear();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const waited = this.now() - this.pendingSince;
    const most = this.holds > 0 ? CHANGE_HELD_MAX_MS : CHANGE_MAX_DELAY_MS;
    if (waited >= most) {
      this.flush();
      return;
    }
    const quiet = this.holds > 0 ? most - waited : Math.min(CHANGE_QUIET_MS, most - waited);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, quiet);
  }

  private send<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(payload);
      } catch (e) {
        console.error(`docket: a ${event} listener failed:`, e);
      }
    }
  }
}
