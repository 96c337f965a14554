/**
 * The renderer is served from `app://docket/` rather than file://: a standard, secure
 * origin of its own (so the sender check has something exact to compare), the CSP sent as
 * a real response header, and no way for the page to read arbitrary files.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { contentTypeFor } from '../../shared/web/media-types';
import type { ProtocolLike } from './electron-api';

export const APP_SCHEME = 'app';
export const APP_HOST = 'docket';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * No network at all: in Electron the page talks to the core through the preload only.
 * `style-src 'unsafe-inline'` because AG Grid injects its theme as <style> elements.
 */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Must run before `app` is ready. */
export function registerAppScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}


/**
 * A URL on the app origin → a file inside `rendererDir`, or null. The packaged renderer
 * lives in app.asar, which has no symlinks, so a lexical check is enough here.
 */
export function rendererFileFor(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const parts = path.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p.startsWith('.'))) return null;
  const file = resolve(rendererDir, ...(parts.length === 0 ? ['index.html'] : parts));
  const rel = relative(rendererDir, file);
  if (rel.length === 0 || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return file;
}

const headers = (type: string) => ({ 'Content-Type': type, 'Content-Security-Policy': ELECTRON_CSP, 'X-Content-Type-Options': 'nosniff' });

/** Answers `app://docket/...` from the built renderer; must run once `app` is ready. */
export function serveRenderer(protocol: ProtocolLike, rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(root, request.url);
    if (file) {
      try {
        if ((await stat(file)).isFile()) {
          return new Response(new Uint8Array(await readFile(file)), { status: 200, headers: headers(contentTypeFor(file)) });
        }
      } catch {
        // fall through to 404
      }
    }
    return new Response('not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
  });
}
