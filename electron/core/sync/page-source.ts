/**
 * Where feed pages come from: fetched, cut into lines and validated, ready to apply. The pull
 * asks for the next page as soon as the current one's end line has arrived, so the next page
 * travels (and, with workers, is validated) while the current one is applied.
 * - `InThreadPageSource` does everything on the calling thread (incremental pulls, and the
 *   fallback when no worker can start);
 * - `WorkerPageSource` runs fetch + validation in worker threads (feed-worker.ts) for a
 *   bootstrap: validating every line costs more than inserting it, and this way the main thread
 *   only inserts.
 */
import { Worker } from 'node:worker_threads';
import type { CaseKind } from '../../../shared/domain';
import { FeedError, peekEnd, readFeedLines, validatePage, type FeedPage } from './feed';
import { unpackPage, type PackedPage } from './packed-page';
import { MustRefetchError, OfflineError, ProtocolError, ServiceRefusal, type ServiceClient } from './service';
import { workerExecArgv, workerScript } from '../worker-script';

export interface EarlyEnd {
  cursor: string;
  hasMore: boolean;
}

export interface PendingPage {
  /** The end line's cursor once the page has arrived, before it is validated; null if it has none. Never rejects. */
  early: Promise<EarlyEnd | null>;
  /** The validated page, or the error that refused it. */
  page: Promise<FeedPage>;
  /** No longer wanted: stop fetching and forget it. */
  cancel(): void;
}

export interface PageSource {
  fetch(kind: CaseKind, cursor: string | null, limit: number): PendingPage;
  close(): Promise<void>;
}

export class InThreadPageSource implements PageSource {
  constructor(private readonly client: ServiceClient) {}

  fetch(kind: CaseKind, cursor: string | null, limit: number): PendingPage {
    const abort = new AbortController();
    const lines = this.client.changes(kind, cursor, limit, abort.signal).then((body) => readFeedLines(body, kind));
    const page = lines.then((l) => validatePage(kind, l));
    page.catch(() => undefined);
    return {
      early: lines.then((l) => peekEnd(l), () => null),
      page,
      cancel: () => abort.abort(),
    };
  }

  async close(): Promise<void> {}
}

/** What crosses from a feed worker to the main thread. */
export type WorkerReply =
  | { id: number; type: 'early'; end: EarlyEnd | null }
  | { id: number; type: 'page'; page: PackedPage }
  | { id: number; type: 'error'; error: SerializedError };
export type WorkerRequest = { type: 'fetch'; id: number; kind: CaseKind; cursor: string | null; limit: number } | { type: 'cancel'; id: number };

export interface SerializedError {
  name: string;
  message: string;
  kind?: CaseKind;
  line?: number | null;
  field?: string | null;
  status?: number;
  code?: string;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof FeedError) return { name: e.name, message: e.message, kind: e.kind, line: e.line, field: e.field };
  if (e instanceof MustRefetchError) return { name: e.name, message: e.message, kind: e.kind };
  if (e instanceof ServiceRefusal) return { name: e.name, message: e.message, status: e.status, code: e.code };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export function deserializeError(s: SerializedError): Error {
  switch (s.name) {
    case 'FeedError':
      return Object.assign(new FeedError(s.kind as CaseKind, s.line ?? null, s.field ?? null, ''), { message: s.message });
    case 'MustRefetchError':
      return new MustRefetchError(s.kind as CaseKind, s.message);
    case 'ServiceRefusal':
      return new ServiceRefusal(s.status ?? 0, s.code ?? 'unknown', s.message);
    case 'ProtocolError':
      return new ProtocolError(s.message);
    case 'OfflineError':
    case 'AbortError':
    case 'TimeoutError':
      return new OfflineError(s.message);
    default:
      return new Error(s.message);
  }
}

interface InFlight {
  early(end: EarlyEnd | null): void;
  resolve(page: FeedPage): void;
  reject(e: Error): void;
}

export class WorkerPageSource implements PageSource {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 1;
  private broken: Error | null = null;

  private constructor(private readonly fallback: InThreadPageSource) {}

  /** Starts `count` workers; null if the worker module is not there to start. */
  static start(opts: { baseUrl: string; token: string; count: number }, fallback: InThreadPageSource): WorkerPageSource | null {
    const path = workerScript('feed-worker');
    if (!path || opts.count < 1) return null;
    const source = new WorkerPageSource(fallback);
    const execArgv = workerExecArgv(path);
    for (let i = 0; i < opts.count; i++) {
      const worker = new Worker(path, { workerData: { baseUrl: opts.baseUrl, token: opts.token }, execArgv });
      const slot = { worker, busy: 0 };
      worker.on('message', (m: WorkerReply) => source.onReply(slot, m));
      worker.on('error', (e) => source.fail(e));
      worker.on('exit', (code) => source.fail(new Error(`a feed worker stopped (exit code ${code})`)));
      source.workers.push(slot);
    }
    return source;
  }

  fetch(kind: CaseKind, cursor: string | null, limit: number): PendingPage {
    if (this.broken) return this.fallback.fetch(kind, cursor, limit);
    const id = this.nextId++;
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    let earlyResolve: (e: EarlyEnd | null) => void = () => undefined;
    const early = new Promise<EarlyEnd | null>((r) => (earlyResolve = r));
    const page = new Promise<FeedPage>((resolve, reject) => {
      this.inFlight.set(id, {
        early: earlyResolve,
        resolve: (p) => {
          slot.busy -= 1;
          resolve(p);
        },
        reject: (e) => {
          slot.busy -= 1;
          earlyResolve(null);
          reject(e);
        },
      });
    });
    page.catch(() => undefined);
    slot.busy += 1;
    slot.worker.postMessage({ type: 'fetch', id, kind, cursor, limit } satisfies WorkerRequest);
    return {
      early,
      page,
      cancel: () => {
        const f = this.inFlight.get(id);
        if (!f) return;
        this.inFlight.delete(id);
        f.reject(new OfflineError('page cancelled'));
        slot.worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
      },
    };
  }

  private onReply(_slot: { busy: number }, m: WorkerReply): void {
    const f = this.inFlight.get(m.id);
    if (!f) return;
    if (m.type === 'early') {
      f.early(m.end);
      return;
    }
    this.inFlight.delete(m.id);
    if (m.type === 'page') f.resolve(unpackPage(m.page));
    else f.reject(deserializeError(m.error));
  }

  private fail(e: Error): void {
    if (this.broken) return;
    this.broken = e;
    for (const [id, f] of this.inFlight) {
      this.inFlight.delete(id);
      f.reject(e);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    this.broken ??= new Error('closed');
    for (const [id, f] of this.inFlight) {
      this.inFlight.delete(id);
      f.reject(new OfflineError('the console is closing'));
    }
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
