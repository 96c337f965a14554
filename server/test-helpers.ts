/** Test helpers of the case service: both database backends, staff tokens, and an HTTP client for 127.0.0.1. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { freshDatabase } from '../test-support/postgres';
import type { Case, CaseKind } from '../shared/domain';
import {
  FeedLine, PushResponse, routes, type ApprovalCommand, type DecisionCommand, type FeedEnd, type FeedUpsert, type LeaseResponse, type PushResult,
} from '../shared/sync/protocol';
import type { Db } from './db/db';
import { migrate } from './db/migrations';
import { pgliteDb } from './db/pglite';
import { postgresDb } from './db/postgres';
import { readRulebookDir } from './rulebooks';
import { serveCaseService, type CaseService, type CaseServiceOptions } from './service';
import { STAFF, type StaffKey } from './test-fixtures';

/** The main suites run on both: describe.each(BACKENDS). */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface TestDatabase {
  backend: Backend;
  db: Db;
  /** The PostgreSQL URL (postgres backend only), for more instances or raw SQL. */
  url: string | undefined;
  close(): Promise<void>;
}

export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await pgliteDb();
    await migrate(db);
    return { backend, db, url: undefined, close: () => db.close() };
  }
  const fresh = await freshDatabase();
  const db = postgresDb(fresh.url, { maxConnections: 24 });
  await migrate(db);
  return {
    backend,
    db,
    url: fresh.url,
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}

export interface TestService {
  svc: CaseService;
  url: string;
  /** A client authenticated as one of the fixture staff. */
  as(who: StaffKey): Client;
  anonymous: Client;
  tokens: Record<StaffKey, string>;
  /** See `feedSettled`. */
  settled(): Promise<void>;
}

/** The shipped rulebooks, read from their JSON files as the CLI does (server/ may not import resources/). */
export const SHIPPED_RULEBOOKS = readRulebookDir();

export async function startTestService(db: Db, opts: CaseServiceOptions = {}, tokens?: Record<StaffKey, string>): Promise<TestService> {
  const svc = await serveCaseService(db, { rulebooks: SHIPPED_RULEBOOKS, ...opts });
  const t = tokens ?? (Object.fromEntries(await Promise.all(Object.entries(STAFF).map(async ([k, s]) => [k, await svc.provisionStaff(s)]))) as Record<StaffKey, string>);
  const settle = () => feedSettled(db);
  return { svc, url: svc.url, tokens: t, as: (who) => new Client(svc.url, t[who], settle), anonymous: new Client(svc.url), settled: settle };
}

/**
 * Waits until every transaction that had begun when called has ended. The feed serves only
 * changes below the oldest write transaction still running in the whole PostgreSQL cluster,
 * and the test files share one cluster: another file's open transaction delays (never
 * loses) this file's changes. A test that reads its own writes settles first.
 */
export async function feedSettled(db: Db): Promise<void> {
  const [begun] = await db.query<{ xmax: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax');
  for (let i = 0; ; i++) {
    const [r] = await db.query<{ ok: boolean }>('SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS ok', [begun?.xmax ?? '0']);
    if (r?.ok) return;
    if (i >= 6_000) throw new Error('a transaction in the PostgreSQL cluster has stayed open for a minute');
    await sleep(10);
  }
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class Client {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
    /** Run by `pullAll` first, so that it reads this test's own writes (see `feedSettled`). */
    readonly settle?: () => Promise<void>,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (typeof body === 'string') payload = body;
    else if (body instanceof Uint8Array) payload = new Uint8Array(body); // a copy on its own ArrayBuffer, as fetch's types want
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
    const raw = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(raw);
    const json = (res.headers.get('content-type') ?? '').includes('application/json') && text ? (JSON.parse(text) as T) : (text as T);
    return { status: res.status, headers: res.headers, body: json, text };
  }

  get<T = unknown>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = unknown>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  del<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

export interface Page {
  status: number;
  lines: FeedLine[];
  upserts: FeedUpsert[];
  end: FeedEnd;
}

/** One page of the feed; every line is checked against the protocol schema, and the page must end with its `end` line. */
export async function pull(client: Client, partition: CaseKind, cursor?: string, limit?: number): Promise<Page> {
  const q = new URLSearchParams({ partition, ...(cursor ? { cursor } : {}), ...(limit ? { limit: String(limit) } : {}) });
  const res = await client.get(`${routes.changes}?${q}`);
  if (res.status !== 200) throw Object.assign(new Error(`pull answered ${res.status}: ${res.text}`), { answer: res });
  const lines = res.text.split('\n').filter(Boolean).map((l) => FeedLine.parse(JSON.parse(l)));
  const end = lines.pop();
  if (end?.type !== 'end') throw new Error('the page has no end line');
  if (end.count !== lines.length) throw new Error(`end.count ${end.count} but ${lines.length} lines`);
  return { status: res.status, lines, upserts: lines.filter((l): l is FeedUpsert => l.type === 'upsert'), end };
}

/** Pulls until the feed has nothing more, after every write begun before the call has ended (never `pull` alone: it must not wait). */
export async function pullAll(client: Client, partition: CaseKind, cursor?: string, limit?: number): Promise<{ lines: FeedLine[]; cursor: string }> {
  await client.settle?.();
  const lines: FeedLine[] = [];
  let c = cursor;
  for (;;) {
    const page = await pull(client, partition, c, limit);
    lines.push(...page.lines);
    c = page.end.cursor;
    if (!page.end.hasMore) return { lines, cursor: c };
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Claims a case online; the lease epoch to decide under (0 when the claim was refused). */
export async function claimEpoch(client: Client, caseId: string): Promise<number> {
  const res = await client.post<LeaseResponse>(routes.claim, { caseIds: [caseId] });
  const [answer] = res.body.results ?? [];
  return answer?.granted ? answer.lease.epoch : 0;
}

/** Pushes decisions and approvals as one batch; the answers, checked against the contract. */
export async function push(client: Client, items: { decisions?: DecisionCommand[]; approvals?: ApprovalCommand[] }, clientId: string = randomUUID()): Promise<PushResult[]> {
  const res = await client.post<PushResponse>(routes.decisions, { clientId, decisions: items.decisions ?? [], ...(items.approvals ? { approvals: items.approvals } : {}) });
  if (res.status !== 200) throw new Error(`push answered ${res.status}: ${res.text}`);
  return PushResponse.parse(res.body).results;
}

/** The case as the feed has it now. */
export async function caseNow(t: TestService, kind: CaseKind, id: string): Promise<Case> {
  const { lines } = await pullAll(t.as('platform'), kind);
  const last = lines.filter((l): l is FeedUpsert => l.type === 'upsert' && l.case.id === id).at(-1);
  if (!last) throw new Error(`case ${id} is not in the ${kind} feed`);
  return last.case;
}

/** A supervisor's answer to a held decision. */
export function approval(held: { caseId: string; decisionId: string }, mutationId: number, verdict: 'approve' | 'reject', reason = '证据充分，处罚与规则相符，同意执行。'): ApprovalCommand {
  return { decisionId: randomUUID(), mutationId, caseId: held.caseId, heldDecisionId: held.decisionId, verdict, decidedAt: Date.now(), reason };
}

/**
 * A test file's database and service on one backend: opened before its tests, closed after.
 * `set` receives them, so the file keeps plain `tdb` / `t` variables.
 */
export function serveForTests(backend: Backend, set: (env: { tdb: TestDatabase; t: TestService }) => void, opts: CaseServiceOptions = {}): void {
  let env: { tdb: TestDatabase; t: TestService } | null = null;
  beforeAll(async () => {
    const tdb = await openTestDatabase(backend);
    try {
      env = { tdb, t: await startTestService(tdb.db, opts) };
    } catch (e) {
      await tdb.close();
      throw e;
    }
    set(env);
  });
  afterAll(async () => {
    await env?.t.svc.close();
    await env?.tdb.close();
  });
}
