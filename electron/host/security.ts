/**
 * The web host's guards: the per-start token, the Host/Origin checks and the response
 * headers. Kept apart from the server so each rule is tested on its own.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { contentSecurityPolicy } from '../../shared/web/csp';

/** 32 random bytes, URL-safe: it travels in `#token=` and `?token=`. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Authorization: Bearer <token>` → the token, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header.trim());
  return m?.[1] ?? null;
}

/**
 * The names the page may be reached by. Only loopback names: a Host header naming anything
 * else is a DNS-rebinding attempt (a foreign name resolved to 127.0.0.1) and is refused.
 */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/**
 * An Origin header, when present, must be the host's own origin. Browsers always send Origin
 * on cross-origin fetches and on WebSocket handshakes, so a foreign page is refused; a
 * request without Origin is not from a page (curl, tests) and still needs the token.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}

/** The page's CSP; `connect-src` names the WebSocket explicitly: older engines do not let 'self' cover ws:. */
export function hostContentSecurityPolicy(port: number, styleNonce?: string): string {
  return contentSecurityPolicy({ connect: allowedHosts(port).map((h) => `ws://${h}`), styleNonce });
}

/** Headers on every response, API and static alike; the document's carry its style nonce. */
export function securityHeaders(port: number, styleNonce?: string): Record<string, string> {
  return {
    'Content-Security-Policy': hostContentSecurityPolicy(port, styleNonce),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
