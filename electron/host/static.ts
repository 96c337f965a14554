/**
 * Serves the built renderer (`dist/renderer`) read-only. A request path is decoded once,
 * normalised and resolved through symlinks; anything that lands outside the folder is
 * refused, as are dot-files and NUL bytes.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { newStyleNonce, withStyleNonce } from '../../shared/web/csp';
import { contentTypeFor } from '../../shared/web/media-types';

/**
 * Maps a URL pathname to a file inside `root`, or null when it would leave it.
 * `root` must already be a real (symlink-free) absolute path.
 */
export async function resolveStatic(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // malformed %-escapes
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p.length > 0);
  // Dot-files and `..` never belong to the built renderer.
  if (parts.some((p) => p.startsWith('.'))) return null;
  const candidate = resolve(root, ...(parts.length === 0 ? ['index.html'] : parts));
  if (!inside(root, candidate)) return null;
  let real: string;
  try {
    real = await realpath(candidate);
    if (!(await stat(real)).isFile()) return null;
  } catch {
    return null;
  }
  // A symlink inside the folder must not lead out of it either.
  return inside(root, real) ? real : null;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel.length > 0 && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The response headers, given the style nonce of the document they go with (none for other files). */
export type HeadersFor = (styleNonce?: string) => Record<string, string>;

/**
 * Streams the file or answers 404; only GET and HEAD reach here. The entry document gets a
 * fresh style nonce in its body and its CSP on every request.
 */
export async function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse, headersFor: HeadersFor): Promise<void> {
  const file = await resolveStatic(root, pathname);
  if (!file) {
    res.writeHead(404, { ...headersFor(), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  // Hashed assets could be cached forever; index.html must not be, and the host restarts
  // with a new token anyway, so revalidate everything.
  const common = { 'Content-Type': contentTypeFor(file), 'Cache-Control': 'no-cache' };
  if (file === join(root, 'index.html')) {
    const nonce = newStyleNonce();
    const body = Buffer.from(withStyleNonce(await readFile(file, 'utf8'), nonce));
    res.writeHead(200, { ...headersFor(nonce), ...common, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const info = await stat(file);
  res.writeHead(200, { ...headersFor(), ...common, 'Content-Length': String(info.size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
