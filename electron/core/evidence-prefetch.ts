/**
 * The background prefetch: the evidence of every case the reviewer holds (claimed, or checked
 * out for offline work) is fetched into the cache while they work, a few blobs at a time, so
 * opening a case shows its photos and video at once, and leaving the network loses nothing.
 * Progress goes out as `evidence.progress` for the status bar.
 */
import type { EvidencePrefetchStatus } from '../../shared/evidence/cache-status';
import type { WritableDB } from './db/handles';
import { ConsoleError } from './errors';
import type { ConsoleEvents } from './events';
import { heldEvidence, type EvidenceCache } from './evidence';
import { ServiceRefusal, type ServiceClient } from './sync/service';

/** Downloads at once: enough to overlap round trips, few enough not to starve the sync. */
export const PREFETCH_PARALLEL = 4;
/** Progress events at most this often: a thousand small photos must not flood the page. */
const PROGRESS_EVERY_MS = 250;

export interface PrefetchContext {
  db: WritableDB;
  client: ServiceClient;
  cache: EvidenceCache;
  events?: ConsoleEvents;
  now: () => number;
}

export interface FetchOutcome {
  fetched: number;
  failed: number;
  errors: string[];
}

export class EvidencePrefetch {
  private state: EvidencePrefetchStatus = { wanted: 0, fetched: 0, failed: 0, running: false, lastError: null };
  private run: Promise<void> | null = null;
  private again = false;
  private lastEmit = 0;
  private stopped = false;
  /** Blobs given up on (refused, or wrong bytes every time): not retried until the reviewer's holdings change. */
  private readonly givenUp = new Set<string>();

  constructor(private readonly ctx: PrefetchContext) {}

  status(): EvidencePrefetchStatus {
    return { ...this.state };
  }

  /** Starts a round over everything held that is not cached, or queues one after the running round. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.run) {
      this.again = true;
      return this.run;
    }
    this.run = (async () => {
      try {
        do {
          this.again = false;
          const wanted = [...heldEvidence(this.ctx.db, this.ctx.now()).keys()].filter((sha) => !this.ctx.cache.has(sha) && !this.givenUp.has(sha));
          if (wanted.length === 0) continue;
          this.state = { wanted: wanted.length, fetched: 0, failed: 0, running: true, lastError: this.state.lastError };
          this.emit(true);
          const outcome = await this.fetchAll(wanted, true);
          if (outcome.errors.length > 0) this.state.lastError = outcome.errors[outcome.errors.length - 1] ?? null;
        } while (this.again && !this.stopped);
      } catch (e) {
        // A disk or database failure in the background: shown in the status bar, tried again on the next beat.
        this.state.lastError = e instanceof Error ? e.message : String(e);
      }
      this.state.running = false;
      this.emit(true);
    })().finally(() => {
      this.run = null;
    });
    return this.run;
  }

  /**
   * Fetches the blobs, `PREFETCH_PARALLEL` at a time. A blob the service refuses, or whose bytes
   * never match, is counted and named in `errors`; offline ends the round (nothing more can come).
   */
  async fetchAll(shas: readonly string[], counted = false): Promise<FetchOutcome> {
    const queue = [...shas];
    const outcome: FetchOutcome = { fetched: 0, failed: 0, errors: [] };
    const worker = async () => {
      for (let sha = queue.shift(); sha !== undefined && !this.stopped; sha = queue.shift()) {
        try {
          await this.ctx.cache.ensure(sha, this.ctx.client, this.ctx.now);
          outcome.fetched++;
          if (counted) this.state.fetched++;
        } catch (e) {
          if (!(e instanceof ConsoleError || e instanceof ServiceRefusal)) throw e;
          outcome.failed++;
          outcome.errors.push(e.message);
          if (counted) this.state.failed++;
          if (e instanceof ConsoleError && e.code === 'offline') {
            // The rest would fail alike; count them and try again on a later round.
            outcome.failed += queue.length;
            if (counted) this.state.failed += queue.length;
            queue.length = 0;
          } else {
            this.givenUp.add(sha);
          }
        }
        if (counted) this.emit(false);
      }
    };
    await Promise.all(Array.from({ length: PREFETCH_PARALLEL }, worker));
    return outcome;
  }

  /** New holdings: blobs given up on before get another chance. */
  forgetFailures(): void {
    this.givenUp.clear();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.run?.catch(() => undefined);
  }

  private emit(force: boolean): void {
    const t = this.ctx.now();
    if (!force && t - this.lastEmit < PROGRESS_EVERY_MS) return;
    this.lastEmit = t;
    this.ctx.events?.emit('evidence.progress', this.status());
  }
}
