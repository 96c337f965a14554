/**
 * The renderer's Content Security Policy, for web mode and the Electron `app://` protocol alike.
 * Scripts come from the app only. Style elements need the page's nonce: AG Grid injects its
 * theme as `<style>` elements at run time, and its `styleNonce` option stamps them with it, so
 * no injected stylesheet of anyone else's applies. Style *attributes* stay allowed — the grid
 * positions rows and cells with them — they carry no selectors, so they cannot read the page.
 */

/** Written into the built index.html by Vite (`html.cspNonce`); replaced per response. */
export const STYLE_NONCE_PLACEHOLDER = '__DOCKET_STYLE_NONCE__';

export interface PolicyOptions {
  /** Extra `connect-src` sources besides 'self' (web mode's WebSocket). */
  connect?: readonly string[];
  /** The nonce of the document this policy is sent with; other responses have none. */
  styleNonce?: string;
  /**
   * Where evidence files come from, for `img-src` and `media-src`: web mode serves them on its
   * own origin ('self', the default); Electron from its `evidence:` scheme.
   */
  evidence?: string;
}

export function contentSecurityPolicy(opts: PolicyOptions = {}): string {
  const nonce = opts.styleNonce ? ` 'nonce-${opts.styleNonce}'` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${nonce}`,
    `style-src-elem 'self'${nonce}`,
    "style-src-attr 'unsafe-inline'",
    `img-src 'self' data: blob:${opts.evidence ? ` ${opts.evidence}` : ''}`,
    `media-src ${opts.evidence ?? "'self'"}`,
    "font-src 'self' data:",
    ['connect-src', "'self'", ...(opts.connect ?? [])].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** 128 random bits, base64: a fresh one for every document served. */
export function newStyleNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The document with its nonce in place of Vite's placeholder. */
export function withStyleNonce(html: string, nonce: string): string {
  return html.replaceAll(STYLE_NONCE_PLACEHOLDER, nonce);
}
