/**
 * HTTP client of the case service. Every answer is validated with the protocol's schemas;
 * failures come back as one of four errors the sync engine acts on differently:
 * `OfflineError` (network down, timeout, 5xx: retry later), `MustRefetchError` (410: bootstrap
 * the partition again), `ServiceRefusal` (the service said no: 4xx), `ProtocolError` (the
 * service said yes, but its answer breaks the protocol: retrying will not help).
 */
import type { z } from 'zod';
import type { CaseKind } from '../../../shared/domain';
import { StatementOfReasons } from '../../../shared/statement';
import {
  AuditCheckpointPage, AuditConsistencyProof, AuditKeyClaim, AuditPage, LeaseResponse, LedgerSummary, Me, PushResponse, RevealResponse, ServiceError, revealPath, routes, statementPath,
  type ClaimRequest, type LeaseCaseIds, type LedgerSummaryQuery, type PushRequest,
} from '../../../shared/sync/protocol';
import { describeIssue } from '../../../shared/validation/issues';

export class OfflineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflineError';
  }
}
export class MustRefetchError extends Error {
  constructor(readonly kind: CaseKind, message: string) {
    super(message);
    this.name = 'MustRefetchError';
  }
}
export class ServiceRefusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ServiceRefusal';
  }
}

/** A successful answer that breaks the sync protocol (not JSON, a field out of shape, answers missing). */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

const CALL_TIMEOUT_MS = 30_000;
/** A feed page may be large; this bounds a server that stops sending mid-page. */
const FEED_TIMEOUT_MS = 300_000;

export class ServiceClient {
  constructor(readonly baseUrl: string, private readonly token: string, private readonly closing: AbortSignal) {}

  private async request(path: string, init: { method?: string; body?: unknown; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Response> {
    const url = new URL(path, this.baseUrl);
    const signal = AbortSignal.any([this.closing, AbortSignal.timeout(init.timeoutMs ?? CALL_TIMEOUT_MS), ...(init.signal ? [init.signal] : [])]);
    let res: Response;
    try {
      res = await fetch(url, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${this.token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal,
      });
    } catch (e) {
      throw new OfflineError(`cannot reach the case service at ${this.baseUrl}: ${causeOf(e)}`);
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      throw new OfflineError(`the case service answered ${res.status} on ${path}`);
    }
    return res;
  }

  private async json<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
    let body: unknown;
    try {
      body = await res.json();
    } catch (e) {
      if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) throw new OfflineError(`${what}: the answer did not arrive (${e.message})`);
      if (res.ok) throw new ProtocolError(`${what}: the answer is not JSON`);
      throw new ServiceRefusal(res.status, 'http', `${what}: HTTP ${res.status}, and the answer is not JSON`);
    }
    if (!res.ok) {
      const err = ServiceError.safeParse(body);
      throw new ServiceRefusal(res.status, err.success ? err.data.error : 'http', `${what}: ${err.success ? err.data.message : `HTTP ${res.status}`}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const { field, detail } = describeIssue(parsed.error);
      throw new ProtocolError(`${what}: the answer breaks the protocol at ${field ?? 'the top level'}: ${detail}`);
    }
    return parsed.data;
  }

  async me(): Promise<Me> {
    return this.json(await this.request(routes.me), Me, 'who am I');
  }

  /** Opens a feed page; the caller streams `body`. `signal` cancels a page no longer wanted. */
  async changes(kind: CaseKind, cursor: string | null, limit: number, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const q = new URLSearchParams({ partition: kind, limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    const res = await this.request(`${routes.changes}?${q.toString()}`, { timeoutMs: FEED_TIMEOUT_MS, signal });
    if (res.status === 410) {
      await res.body?.cancel();
      throw new MustRefetchError(kind, `the ${kind} feed no longer serves this console's position; bootstrapping it again`);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      const err = ServiceError.safeParse(safeJson(text));
      throw new ServiceRefusal(res.status, err.success ? err.data.error : 'http', `pull of ${kind}: ${err.success ? err.data.message : `HTTP ${res.status}`}`);
    }
    if (!res.body) throw new ProtocolError(`pull of ${kind}: empty answer`);
    return streamWithOfflineErrors(res.body, kind);
  }

  async claim(req: ClaimRequest): Promise<LeaseResponse> {
    return this.json(await this.request(routes.claim, { method: 'POST', body: req }), LeaseResponse, 'claim');
  }
  async renew(req: LeaseCaseIds): Promise<LeaseResponse> {
    return this.json(await this.request(routes.renew, { method: 'POST', body: req }), LeaseResponse, 'renew');
  }
  async release(req: LeaseCaseIds): Promise<LeaseResponse> {
    return this.json(await this.request(routes.release, { method: 'POST', body: req }), LeaseResponse, 'release');
  }
  async push(req: PushRequest): Promise<PushResponse> {
    return this.json(await this.request(routes.decisions, { method: 'POST', body: req }), PushResponse, 'push');
  }

  /** Ledger sums (supervisors). */
  async ledgerSummary(q: LedgerSummaryQuery): Promise<LedgerSummary> {
    const params = new URLSearchParams({ by: q.by });
    if (q.from !== undefined) params.set('from', String(q.from));
    if (q.to !== undefined) params.set('to', String(q.to));
    if (q.merchantId !== undefined) params.set('merchantId', q.merchantId);
    return this.json(await this.request(`${routes.ledgerSummary}?${params.toString()}`), LedgerSummary, 'ledger summary');
  }

  /** One original the service masked, for a reason (logged by the service); the caller must not store it. */
  async reveal(caseId: string, field: string, reason: string): Promise<RevealResponse> {
    return this.json(await this.request(revealPath(caseId), { method: 'POST', body: { field, reason } }), RevealResponse, `reveal of ${field} on case ${caseId}`);
  }

  /** The service's statement of reasons of a decision (it holds the facts every decision was checked with). */
  async statement(decisionId: string): Promise<StatementOfReasons> {
    return this.json(await this.request(statementPath(decisionId)), StatementOfReasons, `statement of decision ${decisionId}`);
  }

  /** Supervisors: audit log entries after `after` (seq), with the hashes the service claims. */
  async auditPage(after: number, limit: number): Promise<AuditPage> {
    return this.json(await this.request(`${routes.audit}?after=${after}&limit=${limit}`, { timeoutMs: FEED_TIMEOUT_MS }), AuditPage, 'audit log page');
  }
  async auditCheckpoints(after: number, limit: number): Promise<AuditCheckpointPage> {
    return this.json(await this.request(`${routes.auditCheckpoints}?after=${after}&limit=${limit}`), AuditCheckpointPage, 'audit checkpoints');
  }
  async auditConsistency(from: number, to: number): Promise<AuditConsistencyProof> {
    return this.json(await this.request(`${routes.auditConsistency}?from=${from}&to=${to}`, { timeoutMs: FEED_TIMEOUT_MS }), AuditConsistencyProof, 'audit consistency proof');
  }
  /** The key the service says it signs with: shown to the user to confirm, never trusted by itself. */
  async auditKeyClaim(): Promise<AuditKeyClaim> {
    return this.json(await this.request(routes.auditKey), AuditKeyClaim, 'audit signing key');
  }

  /** An evidence blob and the media type the service gave it. */
  async evidence(sha256: string): Promise<{ bytes: Uint8Array; mediaType: string }> {
    const res = await this.request(`${routes.evidence}/${sha256}`, { timeoutMs: FEED_TIMEOUT_MS });
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      const err = ServiceError.safeParse(safeJson(text));
      throw new ServiceRefusal(res.status, err.success ? err.data.error : 'http', `evidence ${sha256}: ${err.success ? err.data.message : `HTTP ${res.status}`}`);
    }
    let buf: ArrayBuffer;
    try {
      buf = await res.arrayBuffer();
    } catch (e) {
      throw new OfflineError(`evidence ${sha256}: the download broke off (${causeOf(e)})`);
    }
    return { bytes: new Uint8Array(buf), mediaType: res.headers.get('content-type')?.split(';')[0]?.trim() ?? 'application/octet-stream' };
  }
}

/** A connection lost mid-page is "offline", not a bad page. */
async function* streamWithOfflineErrors(body: ReadableStream<Uint8Array>, kind: CaseKind): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of body) yield chunk;
  } catch (e) {
    throw new OfflineError(`pull of ${kind}: the connection broke off mid-page (${causeOf(e)}); nothing of the page was applied`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function causeOf(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return `${e.message}: ${cause.message}`;
    return e.message;
  }
  return String(e);
}
