import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EVENT_NAMES, type EventName } from '../../shared/api/contract';
import type { Result } from '../../shared/api/result';
import { STYLE_NONCE_PLACEHOLDER } from '../../shared/web/csp';
import type { EvidenceFile } from '../core/evidence';
import { answerEvidence } from '../core/evidence-serve';
import { startWebHost, type HostedCore, type WebHost } from './web-host';

/** The host is a transport: a fake core that records calls and lets the test emit events. */
function fakeCore() {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  /** Evidence files by path (`/<sha256>`), answered by the real range code as the console core does. */
  const evidence = new Map<string, EvidenceFile>();
  const core: HostedCore = {
    async evidenceFile(path, range) {
      return answerEvidence(evidence.get(path) ?? null, range, path);
    },
    async invoke(channel: string, input: unknown): Promise<Result<unknown>> {
      calls.push({ channel, input });
      return { ok: true, value: { echo: input } };
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const emit = (event: EventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  const listenerCount = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { core, calls, emit, listenerCount, evidence };
}

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** Raw node:http so the test controls every header and the exact path (fetch would normalise `..`). */
function send(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // A connection of its own (no keep-alive pool): each test starts a host on a port the OS may
    // have given an earlier test's host, whose pooled connection would then answer instead.
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const outside = mkdtempSync(join(tmpdir(), 'docket-host-outside-'));
const root = mkdtempSync(join(tmpdir(), 'docket-host-renderer-'));
let host: WebHost;
let fake: ReturnType<typeof fakeCore>;

beforeAll(() => {
  writeFileSync(join(root, 'index.html'), `<!doctype html><title>Docket</title><meta property="csp-nonce" nonce="${STYLE_NONCE_PLACEHOLDER}">`);
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(outside, 'secret.txt'), 'top secret');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});
beforeEach(async () => {
  fake = fakeCore();
  host = await startWebHost({ core: fake.core, rendererDir: root });
});
afterEach(() => host.close());

const invoke = (body: string, headers: Record<string, string> = {}) =>
  send(host.port, {
    method: 'POST',
    path: '/api/invoke',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...headers },
    body,
  });

describe('startWebHost', () => {
  it('listens on 127.0.0.1 and prints the address with a 32-byte token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
  });

  it('gives every start its own token', async () => {
    const other = await startWebHost({ core: fakeCore().core, rendererDir: root });
    try {
      expect(other.token).not.toBe(host.token);
    } finally {
      await other.close();
    }
  });
});

describe('POST /api/invoke', () => {
  it('passes channel and input to the core and answers its Result', async () => {
    const res = await invoke(JSON.stringify({ channel: 'queue.count', input: { kind: 'violation' } }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { echo: { kind: 'violation' } } });
    expect(fake.calls).toEqual([{ channel: 'queue.count', input: { kind: 'violation' } }]);
  });

  it('accepts the own origin, by either loopback name', async () => {
    expect((await invoke('{"channel":"session.get","input":{}}', { Origin: host.origin })).status).toBe(200);
    expect((await invoke('{"channel":"session.get","input":{}}', { Origin: `http://localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses a missing or wrong token with 401 and never reaches the core', async () => {
    const body = '{"channel":"session.get","input":{}}';
    const noAuth = await send(host.port, { method: 'POST', path: '/api/invoke', headers: { 'Content-Type': 'application/json' }, body });
    expect(noAuth.status).toBe(401);
    // One character off: a token that ends in A gets B, so the wrong token is never the right one by chance.
    expect((await invoke(body, { Authorization: `Bearer ${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}` })).status).toBe(401);
    expect((await invoke(body, { Authorization: host.token })).status).toBe(401);
    expect(fake.calls).toEqual([]);
  });

  it('refuses a foreign Origin with 403 even with the right token', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
      expect((await invoke('{"channel":"session.get","input":{}}', { Origin: origin })).status, origin).toBe(403);
    }
    expect(fake.calls).toEqual([]);
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const res = await invoke('{"channel":"session.get","input":{}}', { Host: `attacker.example:${host.port}` });
    expect(res.status).toBe(403);
    expect(fake.calls).toEqual([]);
  });

  it('answers an unknown channel with unknown_channel, without calling the core', async () => {
    const res = await invoke('{"channel":"fs.readFile","input":{"path":"/etc/passwd"}}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    // Inherited object keys are not channels either.
    expect(JSON.parse((await invoke('{"channel":"constructor","input":{}}')).body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(fake.calls).toEqual([]);
  });

  it('answers invalid JSON or a wrong shape with 400', async () => {
    expect((await invoke('{"channel":')).status).toBe(400);
    expect((await invoke('[1,2]')).status).toBe(400);
    expect((await invoke('{"channel":42}')).status).toBe(400);
    expect((await invoke('null')).status).toBe(400);
    expect(fake.calls).toEqual([]);
  });

  it('takes JSON only, POST only, and bodies up to the limit', async () => {
    expect((await invoke('{"channel":"session.get"}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await send(host.port, { path: '/api/invoke', headers: { Authorization: `Bearer ${host.token}` } })).status).toBe(405);
    const big = JSON.stringify({ channel: 'prefs.set', input: { key: 'k', value: 'x'.repeat(1024 * 1024 + 1) } });
    expect((await invoke(big)).status).toBe(413);
    expect(fake.calls).toEqual([]);
  });

  it('turns a core that throws into an internal error Result', async () => {
    await host.close();
    const throwing: HostedCore = { invoke: () => Promise.reject(new Error('boom')), on: () => () => undefined, evidenceFile: () => Promise.reject(new Error('boom')) };
    host = await startWebHost({ core: throwing, rendererDir: root });
    const res = await invoke('{"channel":"session.get","input":{}}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });
});

describe('static files', () => {
  it('serves index.html with a strict CSP and nosniff', async () => {
    const res = await send(host.port, { path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Docket</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    const js = await send(host.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('admits only style elements carrying a nonce that is new for every load of the page', async () => {
    const nonceOf = async () => {
      const res = await send(host.port, { path: '/index.html' });
      const inBody = /<meta property="csp-nonce" nonce="([^"]+)">/.exec(res.body)?.[1];
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain(`style-src 'self' 'nonce-${inBody}';`);
      expect(csp).toContain(`style-src-elem 'self' 'nonce-${inBody}';`);
      expect(csp).not.toMatch(/style-src(-elem)? [^;]*unsafe/);
      expect(res.body).not.toContain(STYLE_NONCE_PLACEHOLDER);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
      return inBody;
    };
    const first = await nonceOf();
    expect(first).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(await nonceOf()).not.toBe(first);
    // Other files carry no nonce: a stylesheet they smuggled in would have nothing to match.
    const js = await send(host.port, { path: '/assets/app.js' });
    expect(String(js.headers['content-security-policy'])).not.toContain('nonce-');
  });

  it('refuses traversal, encoded traversal, dot-files and symlinks that lead out', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets%2f..%2f..%2fsecret.txt', '/..%5csecret.txt', '/.env', '/assets/link.txt', '/%00index.html', '/%E0%A4%A']) {
      const res = await send(host.port, { path });
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('secret');
    }
  });

  it('answers 404 for unknown API paths and 405 for writes to static paths', async () => {
    expect((await send(host.port, { path: '/api/other' })).status).toBe(404);
    expect((await send(host.port, { method: 'PUT', path: '/index.html', body: 'x' })).status).toBe(405);
  });
});

describe('WebSocket /api/events', () => {
  function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events${query}`, { headers });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  it('delivers every console event as {event, payload}', async () => {
    const ws = await connect(`?token=${host.token}`, { Origin: host.origin });
    const received: unknown[] = [];
    const all = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        received.push(JSON.parse(data.toString('utf8')));
        if (received.length === EVENT_NAMES.length) resolve();
      });
    });
    EVENT_NAMES.forEach((event, i) => fake.emit(event, { n: i }));
    await all;
    expect(received).toEqual(EVENT_NAMES.map((event, i) => ({ event, payload: { n: i } })));
    ws.close();
  });

  it('refuses a missing or wrong token and a foreign origin', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${host.token}x`)).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${host.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('stops listening to the core when closed', async () => {
    expect(fake.listenerCount()).toBe(EVENT_NAMES.length);
    await host.close();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe('evidence route', () => {
  const sha = 'ab'.repeat(32);
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  beforeEach(() => {
    const file = join(outside, 'blob');
    writeFileSync(file, bytes);
    fake.evidence.set(`/${sha}`, { path: file, mediaType: 'video/webm', size: bytes.length });
  });
  const get = (path: string, headers: Record<string, string> = {}) => send(host.port, { path, headers });

  it('needs the token, in the query (an <img> or <video> cannot send a header)', async () => {
    expect((await get(`/api/evidence/${sha}`)).status).toBe(401);
    expect((await get(`/api/evidence/${sha}?token=${host.token.slice(1)}`)).status).toBe(401);
    expect((await get(`/api/evidence/${sha}?token=${host.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    const ok = await get(`/api/evidence/${sha}?token=${host.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('video/webm');
    expect(ok.headers['accept-ranges']).toBe('bytes');
    expect(ok.headers['content-length']).toBe('1000');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['content-security-policy']).toContain("media-src 'self'");
  });

  it('answers ranges with 206 and Content-Range, so a video seeks; a bad range with 416', async () => {
    const q = `/api/evidence/${sha}?token=${host.token}`;
    const mid = await get(q, { Range: 'bytes=100-199' });
    expect(mid.status).toBe(206);
    expect(mid.headers['content-range']).toBe('bytes 100-199/1000');
    expect(mid.headers['content-length']).toBe('100');
    const open = await get(q, { Range: 'bytes=990-' });
    expect(open.status).toBe(206);
    expect(open.headers['content-range']).toBe('bytes 990-999/1000');
    const suffix = await get(q, { Range: 'bytes=-5' });
    expect(suffix.headers['content-range']).toBe('bytes 995-999/1000');
    const clipped = await get(q, { Range: 'bytes=900-5000' });
    expect(clipped.headers['content-range']).toBe('bytes 900-999/1000');
    for (const bad of ['bytes=1000-', 'bytes=500-100', 'bytes=-0', 'bytes=abc', 'lines=1-2']) {
      const r = await get(q, { Range: bad });
      expect(r.status, bad).toBe(416);
      expect(r.headers['content-range'], bad).toBe('bytes */1000');
    }
  });

  it('says plainly what is missing or malformed', async () => {
    const missing = await get(`/api/evidence/${'cd'.repeat(32)}?token=${host.token}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatch(/not in this console's evidence cache/);
    expect((await get(`/api/evidence/..%2f..%2fetc%2fpasswd?token=${host.token}`)).status).toBe(404);
    expect((await send(host.port, { method: 'POST', path: `/api/evidence/${sha}?token=${host.token}` })).status).toBe(405);
  });
});
