/**
 * The sync engine: one cycle pushes the outbox, renews leases and pulls every readable
 * partition; cycles repeat on a timer and back off while the service is unreachable. A decision
 * does not start a cycle: it schedules a push of the outbox alone (`schedulePush`, debounced, so
 * a burst of decisions makes one push), and the pull keeps its own schedule. Cycles and pushes
 * run one at a time. Events go out only after the transaction they describe has committed.
 */
import { availableParallelism } from 'node:os';
import type { WritableDB } from '../db/handles';
import type { SyncStatus } from '../../../shared/api';
import { readableKinds, type CaseKind, type StaffMember } from '../../../shared/domain';
import { DEFAULT_PAGE_LIMIT, MAX_PUSH_BATCH } from '../../../shared/sync/protocol';
import { countCases } from '../db/cases';
import { outboxSize, unresolvedConflictCount } from '../db/decisions';
import { deferDerived, derivedBuildSteps, derivedLive, rebuildDerivedCounting } from '../db/derived';
import { DerivedReader, DerivedReaderError } from '../db/derived-reader';
import { storeStaff, storedStaff } from '../db/meta';
import { queueCount } from '../db/queue';
import { allPartitionStates, partitionState } from '../db/sync-state';
import type { ConsoleEvents } from '../events';
import { AuditReplication } from '../audit/replication';
import { FeedError } from './feed';
import { renewDueLeases } from './leases';
import { InThreadPageSource, WorkerPageSource, type PageSource } from './page-source';
import { pullPartition } from './pull';
import { pushOutbox } from './push';
import { MustRefetchError, OfflineError, ProtocolError, ServiceRefusal, type ServiceClient } from './service';

export interface EngineOptions {
  serverUrl: string;
  token: string;
  clientId: string;
  /** Worker threads that fetch and validate bootstrap pages (0: validate on this thread). Default: 2 (1 on one core). */
  bootstrapWorkers?: number;
  intervalMs: number;
  pullLimit?: number;
  pushBatch?: number;
  now?: () => number;
  /** Progress lines for the command-line console (crash tests watch these). */
  trace?: (event: string, detail: Record<string, unknown>) => void;
  /** The audit signing key to pin (`name+hash+base64`, configured); without it the user confirms the one the service states. */
  auditKey?: string;
}

type Progress = SyncStatus['progress'];

/**
 * Feed workers for a bootstrap: two, so one fetches a page while the other validates, even on
 * two cores (measured: the pull waits on the wire and the service, not only on the CPU); one on one core.
 */
export const defaultBootstrapWorkers = () => Math.min(2, availableParallelism());
const IDLE: Progress = { phase: 'idle', kind: null, received: 0, ratePerSec: 0 };
/** Longest wait between probes while offline: a reviewer should see "online" soon after the service is back. */
const MAX_BACKOFF_MS = 20_000;
/** Decisions closer together than this go out in one push. */
export const PUSH_DEBOUNCE_MS = 150;
/** However fast decisions keep coming, the outbox is pushed at least this often. */
export const PUSH_MAX_DELAY_MS = 2_000;

/**
 * The console database holds another reviewer's work than the token signs in: their queued
 * decisions would be pushed under the wrong name. Found by the console, not said by the service.
 */
export class WrongStaffError extends Error {
  constructor(readonly stored: StaffMember, readonly signedIn: StaffMember) {
    super(`this console database holds the work of ${stored.name} (${stored.id}); the token signs in ${signedIn.name} (${signedIn.id}). Use a database file of your own.`);
    this.name = 'WrongStaffError';
  }
}

export class SyncEngine {
  private running: Promise<void> | null = null;
  /** The last cycle or push queued: each waits for the one before (see `serially`). */
  private tail: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private pushTimer: NodeJS.Timeout | null = null;
  /** When the oldest decision not yet pushed by a scheduled push asked for one. */
  private pushAskedAt: number | null = null;
  private started = false;
  private stopped = false;
  private online = false;
  private lastError: string | null = null;
  private tokenProblem: 'expired' | 'revoked' | null = null;
  private lastPushAt: number | null = null;
  private failures = 0;
  private progress: Progress = IDLE;
  private phaseStartedAt = 0;
  private readonly now: () => number;
  private readonly inThread: InThreadPageSource;
  readonly audit: AuditReplication;
  /** The bootstrap's worker threads while a cycle uses them; stop() ends them so close() never waits on a page. */
  private workers: PageSource | null = null;

  constructor(
    private readonly db: WritableDB,
    private readonly client: ServiceClient,
    private readonly events: ConsoleEvents,
    private readonly opts: EngineOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.inThread = new InThreadPageSource(client);
    this.audit = new AuditReplication(db, client, { now: this.now, ...(opts.auditKey !== undefined ? { configuredKey: opts.auditKey } : {}) });
  }

  staff(): StaffMember | null {
    return storedStaff(this.db);
  }

  /**
   * Learns who the token belongs to. A database holds one reviewer's work: opening it with
   * another reviewer's token would push their decisions under the wrong name, so it is refused.
   */
  async signIn(): Promise<StaffMember> {
    const { staff } = await this.client.me();
    const stored = storedStaff(this.db);
    if (stored && stored.id !== staff.id) {
      throw new WrongStaffError(stored, staff);
    }
    storeStaff(this.db, staff);
    return staff;
  }

  status(): SyncStatus {
    const staff = this.staff();
    const kinds: CaseKind[] = staff ? readableKinds(staff.role) : allPartitionStates(this.db).map((p) => p.kind);
    // While a bootstrap has the counts deferred, counting would scan the table on every page: report 0 until they are rebuilt.
    const live = derivedLive(this.db);
    const partitions = kinds.map((kind) => {
      const p = partitionState(this.db, kind);
      return { kind, bootstrapped: p.bootstrapped, rows: live ? queueCount(this.db, kind, {}, { now: this.now() }) : 0, lastPullAt: p.lastPullAt };
    });
    const pulls = partitions.map((p) => p.lastPullAt).filter((t): t is number => t !== null);
    return {
      online: this.online,
      serverUrl: this.opts.serverUrl,
      lastPullAt: pulls.length ? Math.max(...pulls) : null,
      lastPushAt: this.lastPushAt,
      pending: outboxSize(this.db),
      conflicts: unresolvedConflictCount(this.db),
      partitions,
      progress: this.progress,
      lastError: this.lastError,
      tokenProblem: this.tokenProblem,
      ...(staff?.role === 'supervisor' ? { audit: this.audit.status() } : {}),
    };
  }

  /** Starts the timer; the first cycle runs at once. */
  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /** Runs a cycle now (after the one in flight, if any) and resolves when it is done. */
  async syncNow(): Promise<SyncStatus> {
    if (this.running) await this.running;
    await this.cycle();
    return this.status();
  }

  /**
   * After a decision or approval was queued: its pending count shows at once, online or not,
   * and a push of the outbox (not a whole cycle) follows once no other decision came for
   * `PUSH_DEBOUNCE_MS` (at most `PUSH_MAX_DELAY_MS` after the first).
   */
  schedulePush(): void {
    if (this.stopped) return;
    this.events.emit('sync.status', this.status());
    if (!this.started) return;
    // Offline, the backoff timer is already probing the service: a push per decision would only
    // fail, and the first cycle that gets through pushes the outbox anyway.
    if (!this.online) return;
    const at = this.now();
    this.pushAskedAt ??= at;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    const delay = Math.max(0, Math.min(PUSH_DEBOUNCE_MS, this.pushAskedAt + PUSH_MAX_DELAY_MS - at));
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.pushAskedAt = null;
      void this.serially(() => this.runPush());
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    await this.workers?.close();
    await this.tail;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.cycle().then(() => {
        if (!this.started || this.stopped) return;
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.failures - 1, 10));
        // Jitter spreads a team's consoles out when the service comes back.
        this.schedule(this.failures > 0 ? backoff / 2 + Math.random() * backoff / 2 : this.opts.intervalMs);
      });
    }, delayMs);
  }

  /** One cycle (after a push in flight); never rejects (errors become `lastError` and the online flag). */
  cycle(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.serially(() => this.runCycle()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs `work` once everything queued before it has finished: a push never overlaps a cycle's push. */
  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** A scheduled push of the outbox alone; never rejects. Offline, the cycles' backoff takes over. */
  private async runPush(): Promise<void> {
    if (this.stopped || !this.online) return;
    const release = this.events.hold();
    try {
      await this.pushPhase();
    } catch (e) {
      if (e instanceof OfflineError) {
        this.online = false;
        this.failures += 1;
      }
      this.lastError = e instanceof Error ? e.message : String(e);
    } finally {
      this.setProgress(IDLE);
      this.opts.trace?.('push', { online: this.online, error: this.lastError });
      release();
    }
  }

  private async runCycle(): Promise<void> {
    const errors: string[] = [];
    // A cycle's changes (every page, every answer) are one burst for the grid.
    const release = this.events.hold();
    try {
      if (this.stopped) return;
      const staff = await this.signIn();
      this.online = true;
      this.tokenProblem = null;
      await this.pushPhase();
      await renewDueLeases(this.db, this.client, this.now);
      await this.pullPhase(readableKinds(staff.role), errors);
      if (staff.role === 'supervisor' && !this.stopped) await this.audit.cycle(errors);
      this.failures = 0;
    } catch (e) {
      if (e instanceof OfflineError) {
        this.online = false;
        this.failures += 1;
      }
      if (e instanceof ServiceRefusal && e.status === 401 && (e.code === 'token_expired' || e.code === 'token_revoked')) {
        this.tokenProblem = e.code === 'token_expired' ? 'expired' : 'revoked';
      }
      errors.unshift(e instanceof Error ? e.message : String(e));
    } finally {
      try {
        await this.finishDerived();
      } catch (e) {
        errors.push(`rebuilding the queue indexes failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.lastError = errors[0] ?? null;
      this.setProgress(IDLE);
      this.opts.trace?.('cycle', { online: this.online, error: this.lastError });
      release();
    }
  }

  private async pushPhase(): Promise<void> {
    if (outboxSize(this.db) === 0) return;
    this.setProgress({ phase: 'push', kind: null, received: 0, ratePerSec: 0 });
    await pushOutbox(this.db, this.client, this.opts.clientId, {
      batchSize: Math.min(this.opts.pushBatch ?? MAX_PUSH_BATCH, MAX_PUSH_BATCH),
      now: this.now,
      onBatch: (size) => this.opts.trace?.('push-batch', { size }),
      onRecorded: (s) => {
        this.lastPushAt = this.now();
        this.opts.trace?.('push-recorded', { ...s });
        this.bumpProgress(s.accepted + s.conflicts + s.rejected);
        this.events.changed(s.kinds);
        if (s.conflicts + s.rejected > 0) this.events.emit('conflicts.changed', { count: unresolvedConflictCount(this.db) });
      },
    });
  }

  private async pullPhase(kinds: CaseKind[], errors: string[]): Promise<void> {
    const pendingBootstrap = kinds.filter((k) => !partitionState(this.db, k).bootstrapped);
    // An initial bootstrap into an empty table inserts without indexes and builds them once at the end.
    if (pendingBootstrap.length > 0 && derivedLive(this.db) && countCases(this.db) === 0) {
      this.db.transaction(() => deferDerived(this.db)).immediate();
    }
    // A first bootstrap holds nothing of the reviewer's yet, and a page lost to a power cut is
    // simply pulled again (its cursor goes with it): no need to wait for the disk on every page.
    const bulk = !derivedLive(this.db);
    if (bulk) this.db.pragma('synchronous = NORMAL');
    // Bootstrap pages are validated in worker threads, started for this cycle only.
    try {
      if (pendingBootstrap.length > 0 && !this.stopped) {
        const pool = WorkerPageSource.start({ baseUrl: this.opts.serverUrl, token: this.opts.token, count: this.opts.bootstrapWorkers ?? defaultBootstrapWorkers() }, this.inThread);
        this.opts.trace?.('bootstrap-workers', { count: pool ? pool.size : 0 });
        const source = pool ?? this.inThread;
        this.workers = source;
        // Partitions are separate feeds, pulled side by side: while one partition's next page
        // is on the wire or being validated (its cursor comes only with the page before), another's is inserted.
        this.setProgress({ phase: 'bootstrap', kind: pendingBootstrap.length === 1 ? (pendingBootstrap[0] ?? null) : null, received: 0, ratePerSec: 0 });
        // As partitions finish, the ones left keep more pages on their way, so every worker stays busy.
        let pulling = pendingBootstrap.length;
        const ahead = () => Math.ceil((pool?.size ?? 1) / Math.max(1, pulling));
        const outcomes = await Promise.allSettled(pendingBootstrap.map((kind) => this.pullOne(kind, source, errors, ahead).finally(() => (pulling -= 1))));
        const failed = outcomes.find((o) => o.status === 'rejected');
        if (failed) throw failed.reason;
      }
      for (const kind of kinds.filter((k) => !pendingBootstrap.includes(k))) {
        if (this.stopped) return;
        this.setProgress({ phase: 'pull', kind, received: 0, ratePerSec: 0 });
        await this.pullOne(kind, this.inThread, errors);
      }
    } finally {
      if (bulk) this.db.pragma('synchronous = FULL');
      const workers = this.workers;
      this.workers = null;
      await workers?.close();
    }
  }

  private async pullOne(kind: CaseKind, source: PageSource, errors: string[], ahead?: () => number): Promise<void> {
    try {
      await pullPartition(this.db, source, kind, {
        limit: this.opts.pullLimit ?? DEFAULT_PAGE_LIMIT,
        myStaffId: this.staff()?.id ?? null,
        now: this.now,
        ahead,
        onRequest: (info) => this.opts.trace?.('pull-request', { ...info }),
        onApplied: (info) => {
          this.opts.trace?.('page', { ...info });
          // An empty page changes nothing (a refetch, which dropped the partition, does): no
          // reason to make every grid and case view reload.
          if (info.changes === 0 && !info.refetched) return;
          this.bumpProgress(info.changes);
          this.events.changed([kind]);
        },
      });
    } catch (e) {
      // A bad page or a refusal in one partition must not stop the others; offline stops all.
      if (e instanceof FeedError || e instanceof ServiceRefusal || e instanceof ProtocolError || e instanceof MustRefetchError) {
        errors.push(e.message);
        this.opts.trace?.('pull-error', { kind, error: e.message });
        return;
      }
      throw e;
    }
  }

  /** Rebuilds the indexes and counts a bootstrap deferred, one step at a time, letting other work in between. */
  private async finishDerived(): Promise<void> {
    if (derivedLive(this.db)) return;
    // Closing: the flag stays 'deferred' and the next start finishes the rebuild.
    const proceed = async (step: string) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.stopped) return false;
      this.opts.trace?.('derived-build', { step });
      return true;
    };
    // The counting runs on a second connection beside the index builds (a file database only).
    const reader = this.db.memory ? null : DerivedReader.start(this.db.name);
    let live = false;
    try {
      live = reader ? await rebuildDerivedCounting(this.db, reader, proceed, this.now()) : false;
    } catch (e) {
      if (!(e instanceof DerivedReaderError)) throw e;
      this.opts.trace?.('derived-reader-failed', { error: e.message });
    } finally {
      await reader?.close();
    }
    // Without a reader, or when it failed: one step after another on this connection.
    for (const step of live ? [] : derivedBuildSteps(this.db)) {
      if (!(await proceed(step.name))) return;
      step.run();
    }
    const staff = this.staff();
    this.events.changed(staff ? readableKinds(staff.role) : []);
  }

  private setProgress(p: Progress): void {
    this.progress = p;
    this.phaseStartedAt = this.now();
    this.events.emit('sync.status', this.status());
  }

  private bumpProgress(n: number): void {
    const received = this.progress.received + n;
    const secs = Math.max(0.001, (this.now() - this.phaseStartedAt) / 1000);
    this.progress = { ...this.progress, received, ratePerSec: Math.round(received / secs) };
    this.events.emit('sync.status', this.status());
  }
}
