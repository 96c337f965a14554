import { describe, expect, it } from 'vitest';
import { STYLE_NONCE_PLACEHOLDER, contentSecurityPolicy, newStyleNonce, withStyleNonce } from './csp';

describe('the renderer CSP', () => {
  it('never lets scripts or style elements in without the app or the nonce', () => {
    const csp = contentSecurityPolicy({ connect: ['ws://127.0.0.1:4000'], styleNonce: 'abc' });
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src-elem 'self' 'nonce-abc';");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:4000;");
    expect(csp).not.toMatch(/(script-src|style-src|style-src-elem) [^;]*unsafe/);
    expect(contentSecurityPolicy()).not.toContain('nonce-');
  });

  it('gives every document a fresh nonce in place of every placeholder', () => {
    const nonces = new Set(Array.from({ length: 100 }, newStyleNonce));
    expect(nonces.size).toBe(100);
    const html = `<meta property="csp-nonce" nonce="${STYLE_NONCE_PLACEHOLDER}"><link nonce="${STYLE_NONCE_PLACEHOLDER}">`;
    expect(withStyleNonce(html, 'n1')).toBe('<meta property="csp-nonce" nonce="n1"><link nonce="n1">');
  });
});
