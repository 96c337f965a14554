/**
 * `npm run web` end to end, minus the browser: the embedded case service on PGlite, the
 * demo loaded, a real console core, the web host, all on 127.0.0.1 over real HTTP and
 * WebSocket.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { parseLaunchArgs } from './cli-args';
import { startWebStack, type WebStack } from './web';

const renderer = mkdtempSync(join(tmpdir(), 'docket-web-renderer-'));
const dataDir = mkdtempSync(join(tmpdir(), 'docket-web-data-'));
// The usual umask, under which folders and files are created readable by everyone unless asked otherwise.
const umask = process.umask(0o022);
let stack: WebStack;
const log: string[] = [];

async function invoke(channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const res = await fetch(`${stack.host.origin}/api/invoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.host.token}` },
    body: JSON.stringify({ channel, input }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
}

beforeAll(async () => {
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Docket</title>');
  stack = await startWebStack(parseLaunchArgs(['--data-dir', dataDir, '--count', '60', '--as', 'arbiter']), renderer, (l) => log.push(l));
}, 240_000);
afterAll(async () => {
  await stack?.close();
  rmSync(renderer, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  process.umask(umask);
});

describe('web mode on the built-in demo', () => {
  it('prints an address on 127.0.0.1 carrying the token', () => {
    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    expect(log.join('\n')).toContain('60 demo cases');
  });

  it('signs the console in as the chosen demo staff member', async () => {
    const session = await invoke('session.get', {});
    expect(session).toMatchObject({ ok: true, value: { staff: { role: 'arbiter' }, serverUrl: stack.backend.serverUrl } });
  });

  it('serves the console API from the real core, validation included', async () => {
    expect(await invoke('queues.list', {})).toMatchObject({ ok: true });
    expect(await invoke('queue.page', { kind: 'violation', offset: -1, limit: 10 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('streams core events over the WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${stack.host.port}/api/events?token=${stack.host.token}`, { headers: { Origin: stack.host.origin } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const first = new Promise<{ event: string }>((resolve) => ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString('utf8')) as { event: string })));
    // A sync pass reports its status as an event.
    await invoke('sync.now', {});
    expect(['sync.status', 'data.changed', 'conflicts.changed']).toContain((await first).event);
    ws.close();
  });

  it('points a console at a real service with --server and --token, no embedded service', async () => {
    const args = parseLaunchArgs(['--data-dir', dataDir, '--server', stack.backend.serverUrl, '--token', stack.backend.token]);
    const remote = await startWebStack(args, renderer, (l) => log.push(l));
    try {
      expect(remote.backend.serverUrl).toBe(stack.backend.serverUrl);
      expect(remote.backend.dbPath).toMatch(/consoles\/remote-[0-9a-f]{16}\.sqlite$/);
      const res = await fetch(`${remote.host.origin}/api/invoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${remote.host.token}` },
        body: '{"channel":"session.get","input":{}}',
      });
      expect(await res.json()).toMatchObject({ ok: true, value: { staff: { role: 'arbiter' } } });
      expect(remote.host.token).not.toBe(stack.host.token);
    } finally {
      await remote.close();
    }
  });

  it('keeps the data folder owner-only: folders 0700, the console database and its WAL 0600', () => {
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    const demo = join(dataDir, 'demo');
    expect([demo, join(demo, 'service'), join(demo, 'consoles'), join(dataDir, 'consoles')].map(mode)).toEqual(['700', '700', '700', '700']);
    expect([stack.backend.dbPath, `${stack.backend.dbPath}-wal`].map(mode)).toEqual(['600', '600']);
  });

  it('does not load the demo twice into the same data folder', async () => {
    await stack.close();
    log.length = 0;
    stack = await startWebStack(parseLaunchArgs(['--data-dir', dataDir, '--count', '60', '--as', 'arbiter']), renderer, (l) => log.push(l));
    expect(log.join('\n')).toContain('already loaded');
    expect(await invoke('session.get', {})).toMatchObject({ ok: true });
  }, 240_000);
});
