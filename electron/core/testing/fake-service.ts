/**
 * A programmable HTTP server on 127.0.0.1 that speaks (or deliberately breaks) the sync
 * protocol, for tests of what the console does with hostile or broken answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Case, StaffMember } from '../../../shared/domain';
import type { LeaseInfo } from '../../../shared/sync/protocol';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => void | Promise<void>;

export interface FakeService {
  url: string;
  requests: { method: string; path: string; query: Record<string, string> }[];
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

export async function startFakeService(staff: StaffMember): Promise<FakeService> {
  const routes = new Map<string, Route>();
  const requests: FakeService['requests'] = [];
  routes.set('/v1/me', (_req, res) => json(res, 200, { staff }));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) });
      const handler = routes.get(url.pathname);
      if (!handler) return json(res, 404, { error: 'not_found', message: `no route ${url.pathname}` });
      Promise.resolve(handler(req, res, url, Buffer.concat(chunks).toString('utf8'))).catch((e: unknown) => {
        if (!res.headersSent) json(res, 500, { error: 'internal', message: String(e) });
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => routes.set(path, handler),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** NDJSON text of a well-formed page. */
export function ndjsonPage(cases: Case[], cursor: string, hasMore: boolean, lease: LeaseInfo | null = null): string {
  const lines = cases.map((c) => JSON.stringify({ type: 'upsert', case: c, lease }));
  lines.push(JSON.stringify({ type: 'end', cursor, hasMore, count: cases.length }));
  return `${lines.join('\n')}\n`;
}
