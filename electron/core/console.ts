/**
 * The console's engine behind one object: `openConsole` opens the local database, signs in to
 * the case service (or works offline as the reviewer who last signed in), starts the sync
 * engine, and answers the console API through `invoke`, which never throws.
 */
import { dirname, basename, join } from 'node:path';
import type { z } from 'zod';
import { consoleApi, fail, isChannel, ok, type ApiError, type EventName, type EventPayload, type Result } from '../../shared/api';
import { checkServiceAddress } from '../../shared/sync/service-address';
import { openDatabase } from './db/open';
import { clientId as loadClientId } from './db/meta';
import { ConsoleError } from './errors';
import { ConsoleEvents } from './events';
import { EvidenceCache } from './evidence';
import { EvidencePrefetch } from './evidence-prefetch';
import { answerEvidence, parseEvidencePath, type EvidenceAnswer } from './evidence-serve';
import { createHandlers } from './handlers';
import { loadRulebooks, MissingRulebooks } from './rulebooks';
import { SyncEngine, WrongStaffError } from './sync/engine';
import { describeIssue } from '../../shared/validation/issues';
import { OfflineError, ProtocolError, ServiceClient, ServiceRefusal } from './sync/service';

export interface ConsoleOptions {
  dbPath: string;
  serverUrl: string;
  token: string;
  /** Default true: sync on a timer and push right after each decision. */
  autoSync?: boolean;
  syncIntervalMs?: number;
  /** Changes per feed page (default: the protocol's default page). Tests use small pages. */
  pullPageLimit?: number;
  /** Decisions per push request (default and most: `MAX_PUSH_BATCH`, 1,000; the service applies a batch in one transaction). */
  pushBatchSize?: number;
  /** Worker threads validating bootstrap pages (default: 2, 1 on one core; 0 validates on the calling thread). */
  bootstrapWorkers?: number;
  /**
   * Where the `rulebook-*.json` files are, read at open: a missing or broken rulebook here stops
   * the console, naming the file. Default: `resources/rulebook` of the repository or the app;
   * without it the console opens but refuses everything that judges by the rulebook.
   */
  rulebookDir?: string;
  /** Progress lines, for the command-line console. */
  trace?: (event: string, detail: Record<string, unknown>) => void;
  /** The audit signing key to pin (`name+hash+base64`); without it a supervisor confirms the key the service states. */
  auditKey?: string;
}

export interface ConsoleCore {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * An evidence file for the page, by `/<sha256>` or `/<sha256>/thumb` and the request's `Range`:
   * from the cache, fetched first when it is not there and the service is reachable. Both hosts
   * serve evidence through this (web mode's route, Electron's `evidence:` scheme).
   */
  evidenceFile(path: string, range: string | undefined): Promise<EvidenceAnswer>;
  close(): Promise<void>;
}

const DEFAULT_SYNC_INTERVAL_MS = 5_000;
const PREFETCH_INTERVAL_MS = 15_000;

export async function openConsole(opts: ConsoleOptions): Promise<ConsoleCore> {
  // Every host (shell, web mode, command line) gets the same rule, whatever its own checks.
  const address = checkServiceAddress(opts.serverUrl);
  if (!address.ok) throw new Error(address.message);
  // Before the database: rulebooks asked for but unusable stop the console here.
  const rulebooks = loadRulebooks(opts.rulebookDir);
  if (rulebooks instanceof MissingRulebooks) opts.trace?.('rulebooks-missing', { problem: rulebooks.problem });
  const db = openDatabase(opts.dbPath);
  const closing = new AbortController();
  const events = new ConsoleEvents();
  const clientId = loadClientId(db);
  const client = new ServiceClient(opts.serverUrl, opts.token, closing.signal);
  const now = Date.now;
  const engine = new SyncEngine(db, client, events, {
    serverUrl: opts.serverUrl,
    token: opts.token,
    bootstrapWorkers: opts.bootstrapWorkers,
    clientId,
    intervalMs: opts.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
    pullLimit: opts.pullPageLimit,
    pushBatch: opts.pushBatchSize,
    now,
    trace: opts.trace,
    ...(opts.auditKey !== undefined ? { auditKey: opts.auditKey } : {}),
  });
  try {
    await engine.signIn();
  } catch (e) {
    // Offline is fine: the reviewer works on what was pulled before. Anything else is fatal.
    if (!(e instanceof OfflineError)) {
      db.close();
      throw e;
    }
  }
  const evidence = new EvidenceCache(db, join(dirname(opts.dbPath), `${basename(opts.dbPath)}-evidence`));
  const exportsDir = join(dirname(opts.dbPath), `${basename(opts.dbPath)}-exports`);
  const prefetch = new EvidencePrefetch({ db, client, cache: evidence, events, now });
  const handlers = createHandlers({ db, client, engine, events, evidence, prefetch, clientId, serverUrl: opts.serverUrl, rulebooks, now, exportsDir });
  let prefetchTimer: ReturnType<typeof setInterval> | null = null;
  if (opts.autoSync !== false) {
    engine.start();
    // Holdings change with claims, checkouts and expiries; a slow beat catches what no kick did.
    void prefetch.kick();
    prefetchTimer = setInterval(() => void prefetch.kick(), PREFETCH_INTERVAL_MS);
    prefetchTimer.unref();
  }

  let closed: Promise<void> | null = null;
  return {
    async invoke(channel, input) {
      if (closed) return fail('internal', 'the console is closed');
      if (!isChannel(channel)) return fail('unknown_channel', `no channel named ${JSON.stringify(String(channel)).slice(0, 80)}`);
      const parsed = (consoleApi[channel].input as z.ZodType).safeParse(input ?? {});
      if (!parsed.success) {
        const { field, detail } = describeIssue(parsed.error);
        return fail('invalid_input', `${channel}: ${field ? `${field}: ` : ''}${detail}`);
      }
      try {
        // The table is typed per channel; here the channel is only known at run time.
        const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
        return ok(await handler(parsed.data));
      } catch (e) {
        return { ok: false, error: toApiError(e) };
      }
    },
    on(event, listener) {
      return events.on(event, listener);
    },
    async evidenceFile(path, range) {
      const target = parseEvidencePath(path);
      if (target === null) return answerEvidence(null, range, `evidence ${JSON.stringify(path.slice(0, 80))}`);
      const what = `evidence ${target.sha256.slice(0, 12)}…${target.variant === 'thumb' ? ' (thumbnail)' : ''}`;
      if (closed) return answerEvidence(null, range, what);
      try {
        await evidence.ensure(target.sha256, client, now);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return { ...answerEvidence(null, range, what), message: `${what}: ${message}` };
      }
      return answerEvidence(evidence.file(target.sha256, target.variant, now()), range, what);
    },
    close() {
      closed ??= (async () => {
        if (prefetchTimer) clearInterval(prefetchTimer);
        await prefetch.stop();
        closing.abort();
        await engine.stop();
        events.clear();
        db.close();
      })();
      return closed;
    },
  };
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ConsoleError) return { code: e.code, message: e.message, ...(e.refusals ? { refusals: e.refusals } : {}) };
  if (e instanceof OfflineError) return { code: 'offline', message: e.message };
  if (e instanceof WrongStaffError) return { code: 'forbidden', message: e.message };
  if (e instanceof ProtocolError) return { code: 'server_error', message: e.message };
  if (e instanceof ServiceRefusal) {
    const code: ApiError['code'] = e.status === 403 || e.status === 401 ? 'forbidden' : e.status === 404 ? 'not_found' : e.status === 409 ? 'conflict' : e.status === 400 ? 'invalid_input' : 'server_error';
    return { code, message: e.message };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
