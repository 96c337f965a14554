/**
 * Bounded requests: body limits derived from the largest batches the contracts allow, JSON
 * nested deeper than any contract refused before it is parsed, slow clients cut off, the body
 * bytes held at once capped, and one client's large body not stalling another's request.
 * Everything talks to 127.0.0.1, with a bounded number of requests that end by themselves.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RefundFacts } from '../shared/rulebook';
import { ClaimRequest, IngestCasesRequest, LeaseCaseIds, PushRequest, routes, type DecisionCommand } from '../shared/sync/protocol';
import { MAX_JSON_DEPTH } from './json-body';
import { INGEST_BODY_LIMIT, PUSH_BODY_LIMIT } from './routes';
import { decision, refundDisputeCase } from './test-fixtures';
import { serveForTests, type TestService } from './test-helpers';

/** JSON-schema nodes as zod writes them: only the keys that nest. */
interface SchemaNode {
  $ref?: string;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
}

/** The deepest JSON document a schema admits (objects and arrays count one level each). */
function schemaDepth(node: SchemaNode | undefined, defs: Record<string, SchemaNode>, seen: readonly string[] = []): number {
  if (!node) return 0;
  if (node.$ref) {
    const name = node.$ref.split('/').pop() ?? '';
    if (seen.includes(name)) return Number.POSITIVE_INFINITY;
    return schemaDepth(defs[name], defs, [...seen, name]);
  }
  let depth = 0;
  for (const alt of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) depth = Math.max(depth, schemaDepth(alt, defs, seen));
  if (node.properties || typeof node.additionalProperties === 'object') {
    const inner = [...Object.values(node.properties ?? {}), ...(typeof node.additionalProperties === 'object' ? [node.additionalProperties] : [])];
    depth = Math.max(depth, 1 + Math.max(0, ...inner.map((p) => schemaDepth(p, defs, seen))));
  }
  if (node.items) depth = Math.max(depth, 1 + schemaDepth(node.items, defs, seen));
  return depth;
}

function depthOf(schema: z.ZodType): number {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as SchemaNode & { $defs?: Record<string, SchemaNode> };
  return schemaDepth(js, js.$defs ?? {});
}

/** The largest decision a console sends: longest ids, every fact, reason and justification at their 2,000-character limit in Chinese (3 bytes each). */
function largestDecision(i: number): DecisionCommand {
  const longest = (n: number) => '理由充分证据确凿'.repeat(n / 8);
  return decision(`rd-${String(i).padStart(61, '0')}`, {
    mutationId: i + 1,
    baseVersion: 2_000_000_000,
    leaseEpoch: 2_000_000_000,
    body: { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 9_999_999_999 } },
    ruleRef: 'REFXX-ABCDEFGH-ABCDEFGH-ABCDEFGH-1.2.3.4',
    facts: RefundFacts.parse({ kind: 'refund_dispute', arrivedDamaged: true, notReceived: true, qualityDefect: true, buyerCausedDamage: true, worn: true, establishedLossFen: 9_999_999_999 }),
    rulebookVersion: '2026.11.123456789012',
    reason: longest(2000),
    justification: longest(2000),
  });
}

/** A raw POST whose body is written by `write`; resolves with the status and body, or the socket error. */
function rawPost(url: string, path: string, token: string, headers: Record<string, string | number>, write: (req: ReturnType<typeof httpRequest>) => void): Promise<{ status: number; text: string; at: number } | { error: string; at: number }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, at: performance.now() }));
      res.on('error', (e) => resolve({ error: e.message, at: performance.now() }));
    });
    req.on('error', (e) => resolve({ error: e.message, at: performance.now() }));
    write(req);
  });
}

/** Opens a raw connection; resolves when the server closes it, or rejects after `withinMs`. */
function whenClosed(socket: Socket, withinMs: number): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service kept the connection open for ${withinMs} ms`)), withinMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(performance.now() - start);
    });
    socket.on('error', () => undefined);
  });
}

async function latency(t: TestService): Promise<number> {
  const start = performance.now();
  expect((await t.as('moderator').get(routes.me)).status).toBe(200);
  return performance.now() - start;
}

describe('bounded requests', () => {
  let t: TestService;
  serveForTests('pglite', (env) => ({ t } = env), { limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, timeoutCheckMs: 200 } });

  it('admits the deepest document of every contract: the depth limit is above all of them', () => {
    const depths = { push: depthOf(PushRequest), ingest: depthOf(IngestCasesRequest), claim: depthOf(ClaimRequest), leases: depthOf(LeaseCaseIds) };
    expect(Math.max(...Object.values(depths))).toBeLessThanOrEqual(MAX_JSON_DEPTH / 2);
    expect(depths.ingest).toBeGreaterThan(3);
  });

  it('takes a full push of the largest decisions the contract allows, and refuses a byte more than the limit up front', async () => {
    const body = { clientId: randomUUID(), decisions: Array.from({ length: 1_000 }, (_, i) => largestDecision(i)) };
    PushRequest.parse(body);
    const bytes = Buffer.byteLength(JSON.stringify(body));
    expect(bytes).toBeGreaterThan(PUSH_BODY_LIMIT * 0.7);
    expect(bytes).toBeLessThanOrEqual(PUSH_BODY_LIMIT);
    const res = await t.as('arbiter').post<{ results: Array<{ status: string }> }>(routes.decisions, body);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.status)).toEqual(Array(1_000).fill('rejected'));
    // Declared larger than the limit: refused before the body is read, naming the limit.
    const over = await rawPost(t.url, routes.decisions, t.tokens.arbiter, { 'content-length': PUSH_BODY_LIMIT + 1 }, (req) => req.write('{'));
    expect(over).toMatchObject({ status: 413 });
    expect('text' in over && JSON.parse(over.text)).toEqual({ error: 'too_large', message: `the body is larger than this endpoint takes (${PUSH_BODY_LIMIT} bytes)` });
  });

  it('refuses a 100 MB ingest from its Content-Length alone, and a page within the limit goes through', async () => {
    const started = performance.now();
    const res = await rawPost(t.url, routes.ingestCases, t.tokens.platform, { 'content-length': 100 * 1024 * 1024 }, (req) => req.write('{"cases":['));
    expect(res).toMatchObject({ status: 413 });
    expect(performance.now() - started).toBeLessThan(5_000);
    const page = { cases: Array.from({ length: 500 }, (_, i) => refundDisputeCase(`rd-limit-${i}`)) };
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(INGEST_BODY_LIMIT);
    expect((await t.as('platform').post(routes.ingestCases, page)).status).toBe(200);
  });

  it('refuses JSON nested deeper than the limit, naming it, and takes the same body one level shallower', async () => {
    const nested = (depth: number) => `{"clientId":"${randomUUID()}","decisions":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    const deep = await t.as('moderator').post(routes.decisions, nested(MAX_JSON_DEPTH + 1), { 'content-type': 'application/json' });
    expect(deep.status).toBe(400);
    expect(deep.body).toEqual({ error: 'too_deep', message: `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels, more than any request of the contract` });
    // Brackets inside strings are text, not nesting.
    const inString = await t.as('moderator').post(routes.decisions, `{"clientId":"${'['.repeat(100)}","decisions":[]}`, { 'content-type': 'application/json' });
    expect(inString).toMatchObject({ status: 400, body: { error: 'invalid', message: expect.stringContaining('clientId') } });
    const shallow = await t.as('moderator').post(routes.decisions, nested(MAX_JSON_DEPTH), { 'content-type': 'application/json' });
    expect(shallow).toMatchObject({ status: 400, body: { error: 'invalid' } });
  });

  it('closes a connection that drips its headers, within the headers timeout', async () => {
    const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-Drip: 1\r\n'), 100);
    try {
      // Headers timeout 1 s, checked every 0.2 s; Node's defaults keep it for a minute.
      expect(await whenClosed(socket, 6_000)).toBeLessThan(6_000);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  it('ends a request whose body drips slower than the request timeout allows', async () => {
    const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    socket.write(`POST ${routes.decisions} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.tokens.moderator}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`);
    const drip = setInterval(() => socket.writable && socket.write(' '), 100);
    try {
      expect(await whenClosed(socket, 8_000)).toBeLessThan(8_000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  it('does not let a 15 MB body of nested arrays stall another client\'s small request', async () => {
    const baseline = [];
    for (let i = 0; i < 5; i++) baseline.push(await latency(t));
    baseline.sort((a, b) => a - b);
    const median = baseline[2] as number;
    const bound = Math.max(2_000, 20 * median);

    const attack = Buffer.alloc(15 * 1024 * 1024, '[');
    const big = rawPost(t.url, routes.decisions, t.tokens.moderator, { 'content-length': attack.length }, (req) => req.end(attack));
    const small: number[] = [];
    let done = false;
    void big.then(() => (done = true));
    // Small requests while the big one is in flight, and a few after: each must come back within the bound.
    for (let i = 0; i < 10 && (!done || i < 3); i++) small.push(await latency(t));
    const answer = await big;
    expect('status' in answer ? answer.status : answer.error).toSatisfy((s: number | string) => s === 400 || typeof s === 'string');
    expect(Math.max(...small)).toBeLessThan(bound);
    expect((await t.as('moderator').get(routes.me)).status).toBe(200);
  });
});

describe('the cap on body bytes held at once', () => {
  let t: TestService;
  serveForTests('pglite', (env) => ({ t } = env), { limits: { maxBufferedBytes: 1024 * 1024 } });

  it('refuses a body while others hold the cap, and takes it again once they are gone', async () => {
    // A client that sends 900 KB of a push and then waits.
    const holder = connect(Number(new URL(t.url).port), '127.0.0.1');
    await new Promise((r) => holder.once('connect', r));
    holder.on('error', () => undefined);
    holder.write(`POST ${routes.decisions} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.tokens.moderator}\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n`);
    let holderAnswer = '';
    holder.on('data', (d: Buffer) => (holderAnswer += d.toString('utf8')));
    await new Promise((r) => holder.write(`{"x":"${'a'.repeat(900 * 1024)}`, r));
    // Let the service read what was sent before another body competes for the room.
    await new Promise((r) => setTimeout(r, 500));
    const body = JSON.stringify({ clientId: randomUUID(), decisions: [{ ...decision('rd-cap-1', { mutationId: 1, body: { kind: 'refund_dispute', outcome: { type: 'full_refund' } } }), reason: 'x'.repeat(300 * 1024) }] });
    let refused: Awaited<ReturnType<Client['post']>> | undefined;
    for (let i = 0; i < 100; i++) {
      refused = await t.as('moderator').post(routes.decisions, body, { 'content-type': 'application/json' });
      if (refused.status === 503) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused).toMatchObject({ status: 503, body: { error: 'busy', message: expect.stringContaining(`${1024 * 1024} bytes`) } });
    expect(holderAnswer).toBe('');
    holder.destroy();
    let after: Awaited<ReturnType<Client['post']>> | undefined;
    for (let i = 0; i < 100; i++) {
      after = await t.as('moderator').post(routes.decisions, body, { 'content-type': 'application/json' });
      if (after.status !== 503) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Read in full again: judged by the contract (the reason is too long), not refused for room.
    expect(after).toMatchObject({ status: 400, body: { error: 'invalid', message: expect.stringContaining('reason') } });
  });
});

type Client = TestService['anonymous'];
