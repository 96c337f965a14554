/**
 * Web mode in a real browser: the built renderer loads under the host's strict CSP without
 * a single violation, takes its token from the address, and a page of another origin
 * cannot use the console even if it knew the token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { WebStack } from '../scripts/web';

let stack: WebStack;
let evil: Server;
let evilOrigin: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const { buildIfNeeded } = await import('../scripts/build');
  const { parseLaunchArgs } = await import('../scripts/cli-args');
  const { startWebStack } = await import('../scripts/web');
  await buildIfNeeded({ renderer: true, electron: false });
  stack = await startWebStack(parseLaunchArgs(['--fresh', '--count', '300', '--as', 'supervisor']), undefined, () => undefined);
  // Another site on this machine: it serves a blank page from which the attacks run.
  evil = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await stack?.close();
  await new Promise((r) => evil?.close(r));
});

test('the console loads under the strict CSP, and the token leaves the address bar', async ({ page }) => {
  const violations: string[] = [];
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(stack.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.locator('#root > *').first()).toBeVisible();
  // Give the grid and the event stream a moment to come up before judging the console.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: test.info().outputPath('web-mode-loaded.png'), fullPage: true });
  expect(new URL(page.url()).hash).toBe('');
  // The grid's injected theme is admitted by this load's nonce, not by 'unsafe-inline'.
  expect(response?.headers()['content-security-policy']).not.toMatch(/style-src(-elem)? [^;]*unsafe/);
  const styles = await page.evaluate(() => ({
    nonce: document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '',
    elements: [...document.querySelectorAll('style')].map((s) => s.nonce),
  }));
  expect(styles.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(styles.elements.length).toBeGreaterThan(0);
  expect(styles.elements.every((n) => n === styles.nonce)).toBe(true);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('a page of another origin cannot call the API or open the event stream, even with the token', async ({ page }) => {
  await page.goto(evilOrigin);
  const outcome = await page.evaluate(
    async ({ origin, token }) => {
      let invoke: string;
      try {
        const res = await fetch(`${origin}/api/invoke`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ channel: 'session.get', input: {} }),
        });
        invoke = `answered ${res.status}`;
      } catch {
        invoke = 'blocked';
      }
      const ws = await new Promise<string>((resolve) => {
        const socket = new WebSocket(`${origin.replace('http', 'ws')}/api/events?token=${token}`);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      });
      return { invoke, ws };
    },
    { origin: stack.host.origin, token: stack.host.token },
  );
  expect(outcome.invoke).toBe('blocked');
  expect(outcome.ws).toBe('refused');
});
