/** The CLI: starts, prints its URL and tokens as one JSON line, serves, and stops on SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test-support/postgres';
import { routes } from '../shared/sync/protocol';
import { startCaseService } from './service';
import { refundDisputeCase, STAFF } from './test-fixtures';
import { Client, pullAll } from './test-helpers';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function run(args: string[]): { child: ChildProcess; firstLine: Promise<string>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout! }); // eslint-disable-line @typescript-eslint/no-non-null-assertion -- stdio is 'pipe'
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${err}`)));
  });
  firstLine.catch(() => {}); // a run expected to fail is awaited through `exit`
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, firstLine, exit, stderr: () => err };
}

describe('server/main.ts', () => {
  it('serves on PGlite with provisioned staff, and stops on SIGTERM', async () => {
    const p = run(['--provision', `${STAFF.arbiter.id}:${STAFF.arbiter.name}:arbiter`, '--provision', 'platform-ingest:Platform: ingest:platform']);
    const out = JSON.parse(await p.firstLine) as { url: string; tokens: Record<string, string> };
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(out.tokens)).toEqual([STAFF.arbiter.id, 'platform-ingest']);
    const me = await new Client(out.url, out.tokens['platform-ingest']).get(routes.me);
    expect(me.body).toEqual({ staff: { id: 'platform-ingest', name: 'Platform: ingest', role: 'platform' } });
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });

  it('provisions on a PostgreSQL database and exits; a bad role is a clear error', async () => {
    const fresh = await freshDatabase();
    try {
      const p = run(['provision', '--database-url', fresh.url, `${STAFF.supervisor.id}:${STAFF.supervisor.name}:supervisor`]);
      const out = JSON.parse(await p.firstLine) as { tokens: Record<string, string> };
      expect(await p.exit).toBe(0);
      const svc = await startCaseService({ databaseUrl: fresh.url });
      try {
        expect((await new Client(svc.url, out.tokens[STAFF.supervisor.id]).get(routes.me)).body).toEqual({ staff: STAFF.supervisor });
      } finally {
        await svc.close();
      }
      const bad = run(['provision', '--database-url', fresh.url, 'x:Someone:janitor']);
      expect(await bad.exit).toBe(1);
      expect(bad.stderr()).toContain('expected id:name:role with role one of moderator, arbiter, supervisor, platform');
    } finally {
      await fresh.drop();
    }
  });

  it('keeps its data in a PGlite data directory across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-pglite-'));
    try {
      const first = await startCaseService({ pgliteDataDir: dir });
      const token = await first.provisionStaff(STAFF.platform);
      expect((await new Client(first.url, token).post(routes.ingestCases, { cases: [refundDisputeCase('rd-kept')] })).status).toBe(200);
      await first.close();
      const second = await startCaseService({ pgliteDataDir: dir });
      try {
        const { lines } = await pullAll(new Client(second.url, token), 'refund_dispute');
        expect(lines.map((l) => l.type === 'upsert' && l.case.id)).toEqual(['rd-kept']);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
