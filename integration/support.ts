/**
 * Shared by the console ↔ case service integration tests: a real case service (real
 * PostgreSQL when the suite has one, PGlite otherwise) on 127.0.0.1 with staff and an ingest
 * client, a recording proxy that can lose responses, and the console's command-line process
 * (bundled once, so a child starts in a fraction of a second) with kill -9 on cue.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import type { CaseInput, DecisionBody, Role } from '../shared/domain';
import { defaultFacts, needsApproval, recommend, type Rulebook } from '../shared/rulebook';
import { readRulebookDir, rulebookShelf } from '../server/rulebooks';
import { AuditPage, IngestCasesResponse, routes, type AuditEntry } from '../shared/sync/protocol';
import { startCaseService, type CaseService, type CaseServiceOptions } from '../server/service';
import { postgresDb } from '../server/db/postgres';
import type { Db } from '../server/db/db';
import { feedSettled } from '../server/test-helpers';
import { freshDatabase, postgresAvailable } from '../test-support/postgres';

export const STAFF = {
  modA: { id: 'mod-a', name: 'Moderator A', role: 'moderator' },
  modB: { id: 'mod-b', name: 'Moderator B', role: 'moderator' },
  arbiter: { id: 'arb-a', name: 'Arbiter A', role: 'arbiter' },
  supervisor: { id: 'sup-a', name: 'Supervisor A', role: 'supervisor' },
  platform: { id: 'platform-ingest', name: 'Platform ingest', role: 'platform' },
} as const satisfies Record<string, { id: string; name: string; role: Role }>;
export type StaffKey = keyof typeof STAFF;

/** Staff with Chinese names, for tests that read what a reviewer reads (refusals, statements). */
export const STAFF_ZH = {
  mod: { id: 'mod-lin', name: '林晓', role: 'moderator' },
  arb: { id: 'arb-zhao', name: '赵磊', role: 'arbiter' },
  supA: { id: 'sup-zhou', name: '周敏', role: 'supervisor' },
  supB: { id: 'sup-wu', name: '吴芳', role: 'supervisor' },
  platform: { id: 'platform-ingest', name: 'Platform ingest', role: 'platform' },
} as const satisfies Record<string, { id: string; name: string; role: Role }>;

export interface TestService {
  url: string;
  svc: CaseService;
  tokens: Record<StaffKey, string>;
  /** Ingests over HTTP; returns once the next pull will bring the cases (see `settled`). */
  ingest(cases: CaseInput[]): Promise<Record<string, number>>;
  /** Every entry of the service's decision log. */
  audit(): Promise<AuditEntry[]>;
  /**
   * Waits until the cluster's transactions begun before the call have ended, so that the next
   * pull returns this test's own writes: test files share one PostgreSQL cluster, and another
   * file's open transaction delays (never loses) a change in the feed (see `feedSettled`).
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startService(opts: Omit<CaseServiceOptions, 'databaseUrl'> = {}): Promise<TestService> {
  const pg = postgresAvailable().ok ? await freshDatabase() : null;
  const svc = await startCaseService({ ...opts, ...(pg ? { databaseUrl: pg.url } : {}) });
  const entries = await Promise.all(Object.entries(STAFF).map(async ([k, s]) => [k, await svc.provisionStaff(s)] as const));
  const tokens = Object.fromEntries(entries) as Record<StaffKey, string>;
  let settleDb: Db | null = null;
  const settled = async () => {
    if (!pg) return; // PGlite: one service per instance, nothing else holds its feed back
    settleDb ??= postgresDb(pg.url);
    await feedSettled(settleDb);
  };
  const call = async (method: string, path: string, token: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(svc.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as unknown;
  };
  return {
    url: svc.url,
    svc,
    tokens,
    async ingest(cases) {
      const versions = IngestCasesResponse.parse(await call('POST', routes.ingestCases, tokens.platform, { cases })).versions;
      await settled(); // the next pull brings what was ingested
      return versions;
    },
    async audit() {
      const all: AuditEntry[] = [];
      for (let after = 0; ;) {
        const page = AuditPage.parse(await call('GET', `${routes.audit}?after=${after}&limit=5000`, tokens.supervisor));
        all.push(...page.entries);
        if (page.entries.length === 0) return all;
        after = page.next;
      }
    },
    settled,
    async close() {
      await settleDb?.close();
      await svc.close();
      await pg?.drop();
    },
  };
}

/** Decision ids in the service's log, in log order. */
export function loggedDecisionIds(entries: AuditEntry[]): string[] {
  return entries.filter((e) => e.action === 'decision').map((e) => (e.payload.decision as { decisionId: string }).decisionId);
}

/**
 * A proxy on 127.0.0.1 in front of the service that records requests and, on demand, lets a
 * request through to the service but loses its response (the connection drops after the
 * service has answered) — the "lost response" of the sync protocol.
 */
export interface Proxy {
  url: string;
  requests: string[];
  /** Bodies of the push requests, in order. */
  pushes: unknown[];
  loseNextResponses(pathPrefix: string, count: number): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<Proxy> {
  const requests: string[] = [];
  const pushes: unknown[] = [];
  const lose = { prefix: '', count: 0 };
  const t = new URL(target);
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(`${req.method} ${path}`);
    const drop = lose.count > 0 && path.startsWith(lose.prefix);
    if (drop) lose.count -= 1;
    // A connection of its own per request: a pooled one the service had closed would reset the client's request.
    const upstream = httpRequest({ host: t.hostname, port: t.port, method: req.method, path, headers: req.headers, agent: false }, (up) => {
      if (drop) {
        // Read the whole answer (the service has committed), then cut the client off.
        up.resume();
        up.on('end', () => res.destroy());
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    if (path.startsWith(routes.decisions)) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => pushes.push(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    }
    req.pipe(upstream);
  });
  // As long as the service's (fastify: 72 s): Node's 5 s closed a console's idle connection while
  // a slow test step ran, and the console's next request on it was reset.
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    pushes,
    loseNextResponses(prefix, count) {
      lose.prefix = prefix;
      lose.count = count;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

let bundled: Promise<string> | null = null;

/**
 * The console CLI bundled (npm packages stay external and load from node_modules), with the
 * worker scripts beside it as a bundle would ship them, so a child starts in a fraction of a second.
 */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const root = join(process.cwd(), 'node_modules', '.cache', 'docket-core-cli');
    // One folder per test process; the folders of processes gone are removed.
    for (const pid of existsSync(root) ? readdirSync(root) : []) if (!alive(Number(pid))) rmSync(join(root, pid), { recursive: true, force: true });
    const outdir = join(root, String(process.pid));
    mkdirSync(outdir, { recursive: true });
    await build({
      entryPoints: {
        cli: join(process.cwd(), 'electron/core/cli.ts'),
        'feed-worker': join(process.cwd(), 'electron/core/sync/feed-worker.ts'),
        'derived-worker': join(process.cwd(), 'electron/core/db/derived-worker.ts'),
      },
      bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', outdir, outExtension: { '.js': '.mjs' }, logLevel: 'warning',
    });
    return join(outdir, 'cli.mjs');
  })();
  return bundled;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface CliEvent {
  event: string;
  [key: string]: unknown;
}

export interface CliRun {
  events: CliEvent[];
  code: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
  stderr: string;
}

export interface CliOptions {
  db: string;
  server: string;
  token: string;
  args?: string[];
  /** Decides, per output line, whether to kill -9 the process, and after how many ms. */
  killWhen?: (e: CliEvent, all: CliEvent[]) => number | null;
}

export async function runCli(o: CliOptions): Promise<CliRun> {
  const file = await cliBundle();
  const child = spawn(process.execPath, [file, '--db', o.db, '--server', o.server, ...(o.args ?? [])], {
    env: { ...process.env, DOCKET_TOKEN: o.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: CliEvent[] = [];
  let stderr = '';
  let killing = false;
  let buffer = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const e = JSON.parse(text) as CliEvent;
      events.push(e);
      if (!killing && o.killWhen) {
        const delay = o.killWhen(e, events);
        if (delay !== null) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), delay);
        }
      }
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  return { events, code, signal, killed: signal === 'SIGKILL', stderr };
}

/** Opens a console database file read-only for checks, and closes it after `f`. */
export function inspect<T>(file: string, f: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

export function integrityOk(file: string): string {
  return inspect(file, (db) => db.pragma('integrity_check', { simple: true }) as string);
}

/** Polls `f` until it returns a value (for preconditions such as a lease having expired; never for timing assertions). */
export async function eventually<T>(f: () => Promise<T | null | undefined>, what: string, tries = 200, everyMs = 50): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await f();
    if (v !== null && v !== undefined) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}

let rulebook: Rulebook | null = null;

/**
 * What the case service's rulebook recommends for a case with the default facts: a decision
 * the service accepts without a justification. `heldForApproval`: it would wait for a
 * supervisor (four-eyes) instead of taking effect.
 */
export function recommended(input: CaseInput): { body: DecisionBody; ruleRef: string; heldForApproval: boolean } {
  rulebook ??= rulebookShelf(readRulebookDir()).current;
  const r = recommend({ ...input, version: 1, lastDecision: null } as Parameters<typeof recommend>[0], defaultFacts(input.kind), rulebook);
  return { body: r.body, ruleRef: r.ruleRef, heldForApproval: needsApproval(r.body, rulebook) };
}

/** Case inputs `makeInput(n)` for n = from, from+1, … whose recommended decision takes effect at once. */
export function casesDecidedAtOnce(count: number, from: number, makeInput: (n: number) => CaseInput): { inputs: CaseInput[]; next: number } {
  const inputs: CaseInput[] = [];
  let n = from;
  while (inputs.length < count) {
    const input = makeInput(n++);
    if (!recommended(input).heldForApproval) inputs.push(input);
  }
  return { inputs, next: n };
}

export type FeedEntry = { id: string; version: number } | { id: string; version: null };

/** The whole feed of a partition as the service serves it (read with the platform account), in order. */
export async function feedEntries(svc: TestService, kind: string): Promise<FeedEntry[]> {
  const out: FeedEntry[] = [];
  let cursor: string | null = null;
  for (;;) {
    const q: URLSearchParams = new URLSearchParams({ partition: kind, limit: '50000', ...(cursor ? { cursor } : {}) });
    const res: Response = await fetch(`${svc.url}${routes.changes}?${q.toString()}`, { headers: { authorization: `Bearer ${svc.tokens.platform}` } });
    if (!res.ok) throw new Error(`feed answered ${res.status}`);
    type Line = { type: string; case?: { id: string; version: number }; caseId?: string; cursor?: string; hasMore?: boolean };
    const lines: Line[] = (await res.text()).split('\n').filter(Boolean).map((l: string) => JSON.parse(l) as Line);
    for (const l of lines) {
      if (l.type === 'upsert' && l.case) out.push({ id: l.case.id, version: l.case.version });
      else if (l.type === 'tombstone' && l.caseId) out.push({ id: l.caseId, version: null });
      else if (l.type === 'end') {
        cursor = l.cursor ?? null;
        if (!l.hasMore) return out;
      }
    }
  }
}

/** The case versions after applying the first `n` feed entries. */
export function stateAfter(feed: FeedEntry[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of feed.slice(0, n)) {
    if (e.version === null) m.delete(e.id);
    else m.set(e.id, e.version);
  }
  return m;
}

/** The n (0..feed.length) for which the first n feed entries give exactly `versions`, or -1. */
export function prefixHeld(feed: FeedEntry[], versions: Map<string, number>): number {
  const m = new Map<string, number>();
  const same = () => m.size === versions.size && [...m].every(([k, v]) => versions.get(k) === v);
  for (let n = 0; ; n++) {
    if (same()) return n;
    const e = feed[n];
    if (!e) return -1;
    if (e.version === null) m.delete(e.id);
    else m.set(e.id, e.version);
  }
}
