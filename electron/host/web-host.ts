/**
 * Web mode: the built renderer and the console API over HTTP + WebSocket on 127.0.0.1.
 *
 *   POST /api/invoke        {channel, input} → the core's Result, as JSON
 *   GET  /api/events?token  WebSocket; every core event as {"event", "payload"}
 *   GET  /api/evidence/<sha256>[/thumb]?token   an evidence file from the console's cache, with ranges
 *   GET  /*                 dist/renderer, with a strict CSP
 *
 * It is a transport only: the core validates every input. Everything but the static files
 * needs the per-start token, and a foreign Origin or Host is refused before the token is
 * even looked at.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realpath } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConsoleCore } from '../core/console';
import { EVENT_NAMES, isChannel } from '../../shared/api/contract';
import { fail, type Result } from '../../shared/api/result';
import { bearerToken, hostAllowed, newToken, originAllowed, securityHeaders, tokenMatches } from './security';
import { serveStatic } from './static';

/** What the host needs of the core; the caller opens and closes the core itself. */
export type HostedCore = Pick<ConsoleCore, 'invoke' | 'on' | 'evidenceFile'>;

export interface WebHostOptions {
  core: HostedCore;
  rendererDir: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Largest accepted request body; decisions and saved filters are a few KiB. */
  maxBodyBytes?: number;
  /** For tests; a fresh random token otherwise. */
  token?: string;
}

export interface WebHost {
  /** The address to open: origin plus `#token=…` (a fragment never reaches a server log). */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
export const EVIDENCE_ROUTE = '/api/evidence/';
/** A client that stops reading is dropped rather than buffered without end. */
const MAX_WS_BUFFER = 8 * 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const root = await realpath(opts.rendererDir);
  const token = opts.token ?? newToken();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let port = 0; // known once listening; every check below runs after that
  let headers: Record<string, string> = {};

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof Error ? e.message : String(e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, status, { error: message }, headers);
    });
  });
  // Slow or stuck clients must not hold sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) throw new HttpError(403, 'unknown host name: use the address the console printed');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/api/invoke') return invoke(req, res);
    if (url.pathname.startsWith(EVIDENCE_ROUTE)) return evidence(req, res, url);
    if (url.pathname.startsWith('/api/')) throw new HttpError(404, 'no such endpoint');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, 'method not allowed');
    }
    await serveStatic(root, url.pathname, req, res, (styleNonce) => (styleNonce ? securityHeaders(port, styleNonce) : headers));
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpError(405, 'use POST');
    }
    if (!originAllowed(req.headers.origin, port)) throw new HttpError(403, 'foreign origin');
    if (!tokenMatches(token, bearerToken(req.headers.authorization))) throw new HttpError(401, 'missing or wrong token');
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, 'send application/json');
    // A refused body is not read to its end: close the connection after answering.
    res.setHeader('Connection', 'close');
    const body = await readBody(req, maxBody);
    res.removeHeader('Connection');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new HttpError(400, 'body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { channel?: unknown }).channel !== 'string') {
      throw new HttpError(400, 'expected {"channel": string, "input": ...}');
    }
    const { channel, input } = parsed as { channel: string; input?: unknown };
    let result: Result<unknown>;
    if (!isChannel(channel)) {
      result = fail('unknown_channel', `no such channel: ${channel.slice(0, 80)}`);
    } else {
      try {
        result = await opts.core.invoke(channel, input);
      } catch (e) {
        // The core promises never to throw; if it does, the caller still gets a Result.
        result = fail('internal', e instanceof Error ? e.message : String(e));
      }
    }
    sendJson(res, 200, result, headers);
  }

  /** `<img>` and `<video>` cannot send a header: the token comes as `?token=`, as for the event stream. */
  async function evidence(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, 'method not allowed');
    }
    if (!originAllowed(req.headers.origin, port)) throw new HttpError(403, 'foreign origin');
    if (!tokenMatches(token, url.searchParams.get('token') ?? bearerToken(req.headers.authorization))) throw new HttpError(401, 'missing or wrong token');
    const answer = await opts.core.evidenceFile(url.pathname.slice(EVIDENCE_ROUTE.length - 1), req.headers.range);
    if (answer.body === null) {
      const body = answer.message ?? '';
      res.writeHead(answer.status, { ...headers, ...answer.headers, 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(answer.status, { ...headers, ...answer.headers });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = answer.body();
    stream.on('error', () => res.destroy());
    // A player that seeks drops the connection mid-file: stop reading the file too.
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/api/events') return refuse(404, 'Not Found');
    if (!hostAllowed(req.headers.host, port) || !originAllowed(req.headers.origin, port)) return refuse(403, 'Forbidden');
    if (!tokenMatches(token, url.searchParams.get('token'))) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      // The stream is one-way; anything the page sends is ignored.
      ws.on('message', () => undefined);
      ws.on('error', () => ws.terminate());
    });
  });

  const unsubscribe = EVENT_NAMES.map((event) =>
    opts.core.on(event, (payload) => {
      const frame = JSON.stringify({ event, payload });
      for (const ws of wss.clients) {
        if (ws.readyState !== ws.OPEN) continue;
        if (ws.bufferedAmount > MAX_WS_BUFFER) ws.terminate();
        else ws.send(frame);
      }
    }),
  );

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(port);
  const origin = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | null = null;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close() {
      closed ??= (async () => {
        unsubscribe.forEach((off) => off());
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((r) => wss.close(() => r()));
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      })();
      return closed;
    },
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string>): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) return Promise.reject(new HttpError(413, `body larger than ${limit} bytes`));
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return; // already refused; the rest is discarded
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
