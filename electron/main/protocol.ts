/**
 * The renderer is served from `app://docket/` rather than file://: a standard, secure
 * origin of its own (so the sender check has something exact to compare), the CSP sent as
 * a real response header, and no way for the page to read arbitrary files.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { contentSecurityPolicy, newStyleNonce, withStyleNonce } from '../../shared/web/csp';
import { contentTypeFor } from '../../shared/web/media-types';
import type { ProtocolLike } from './electron-api';

export const APP_SCHEME = 'app';
export const APP_HOST = 'docket';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;
/** Evidence files from the console's cache: `evidence://docket/<sha256>[/thumb]` (see evidence-protocol.ts). */
export const EVIDENCE_SCHEME = 'evidence';
export const EVIDENCE_ORIGIN = `${EVIDENCE_SCHEME}://${APP_HOST}`;

/** Must run before `app` is ready. */
export function registerAppScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    // `stream`: a <video> reads it in ranges as it plays and seeks.
    { scheme: EVIDENCE_SCHEME, privileges: { standard: true, secure: true, stream: true } },
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

/** No network at all: in Electron the page talks to the core through the preload only, and reads evidence from its scheme. */
export const appContentSecurityPolicy = (styleNonce?: string) => contentSecurityPolicy({ styleNonce, evidence: `${EVIDENCE_SCHEME}:` });
const headers = (type: string, styleNonce?: string) => ({
  'Content-Type': type,
  'Content-Security-Policy': appContentSecurityPolicy(styleNonce),
  'X-Content-Type-Options': 'nosniff',
});

/**
 * Answers `app://docket/...` from the built renderer; must run once `app` is ready. The entry
 * document gets a fresh style nonce in its body and its CSP on every load.
 */
export function serveRenderer(protocol: ProtocolLike, rendererDir: string): void {
  const root = resolve(rendererDir);
  const entry = resolve(root, 'index.html');
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(root, request.url);
    if (file) {
      try {
        if (file === entry) {
          const nonce = newStyleNonce();
          return new Response(withStyleNonce(await readFile(file, 'utf8'), nonce), { status: 200, headers: headers(contentTypeFor(file), nonce) });
        }
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
