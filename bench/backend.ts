/**
 * The case service the benchmark talks to: on a given PostgreSQL database, a throwaway cluster
 * from the Debian binaries, or PGlite. Cases are seeded by bench/seed.ts in a process of its own
 * (the service's ingest function without HTTP), then the service runs as its own process (`server/main.ts`), so its event loop and memory are
 * apart from the console's and its peak RSS can be read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { MAX_INGEST_BATCH } from '../shared/sync/protocol';
import { ROOT } from '../scripts/paths';
import { startThrowawayPostgres, findPgBin, type ThrowawayPostgres } from '../test-support/throwaway-postgres';
import type { SeedRequest } from './seed';
import { round } from './stats';

export const BENCH_STAFF = { id: 'bench-sup', name: 'Bench Supervisor', role: 'supervisor' } as const;

export interface BackendInfo {
  engine: 'postgres' | 'pglite';
  source: 'database-url' | 'throwaway-cluster' | 'pglite';
  detail: string;
  seeded: { cases: number; seconds: number; perSec: number; how: string };
}

export interface Backend {
  info: BackendInfo;
  serviceUrl: string;
  token: string;
  servicePid: number;
  /** Decisions on the service by a staff member, straight from PostgreSQL (null on PGlite, which the service process holds). */
  decisionCounts(staffId: string, clientId: string): Promise<{ decisions: number; distinctCases: number; pushAnswers: number } | null>;
  /** Stops the service process; the database stays (for "service stopped" measurements). */
  stopService(): Promise<void>;
  /** Starts it again on the same database and port. */
  startService(): Promise<void>;
  close(): Promise<void>;
}

/** Runs bench/seed.ts in its own process; its progress lines go to `log`. */
function seedInChild(req: SeedRequest, log: (s: string) => void): Promise<{ seconds: number; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/seed.ts'), JSON.stringify(req)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    err = `${err}${line}\n`.slice(-4000);
    log(line.trim());
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last) return reject(new Error(`seeding the case service failed (exit ${code})${err ? `:\n${err}` : ''}`));
      resolve(JSON.parse(last) as { seconds: number; token: string });
    });
  });
}

/** Starts `server/main.ts` and waits for its one JSON line. */
function startServiceProcess(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const fail = (why: string) => reject(new Error(`the case service did not start: ${why}${stderr ? `\n${stderr}` : ''}`));
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    child.once('error', (e) => fail(e.message));
    lines.once('line', (line) => {
      try {
        const { url } = JSON.parse(line) as { url: string };
        resolve({ child, url });
      } catch {
        fail(`unexpected first line ${line.slice(0, 200)}`);
      }
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface BackendOptions {
  cases: number;
  seed: number;
  databaseUrl: string | null;
  pglite: boolean;
  pgFsyncOff: boolean;
  workDir: string;
  log: (line: string) => void;
}

export async function startBackend(opts: BackendOptions): Promise<Backend> {
  const { log } = opts;
  let cluster: ThrowawayPostgres | null = null;
  let url: string | null = opts.databaseUrl;
  let source: BackendInfo['source'] = url ? 'database-url' : 'pglite';
  let detail = url ? `PostgreSQL at ${new URL(url).host} (given)` : '';
  if (!url && !opts.pglite && findPgBin()) {
    cluster = await startThrowawayPostgres({ durable: !opts.pgFsyncOff, maxConnections: 50 });
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE docket_bench');
    await admin.end();
    url = cluster.adminUrl.replace(/\/postgres$/, '/docket_bench');
    source = 'throwaway-cluster';
    detail = `PostgreSQL ${cluster.version}, throwaway cluster on 127.0.0.1 (${opts.pgFsyncOff ? 'fsync OFF: a diagnostic run' : "fsync and synchronous_commit on: the server's defaults"})`;
  }
  const pgliteDir = join(opts.workDir, 'pglite');
  if (!url) detail = 'PGlite (PostgreSQL in WebAssembly), data directory on disk';
  let child: ChildProcess | null = null;
  try {
    log(`Case service database: ${detail}. Seeding ${opts.cases.toLocaleString('en')} cases…`);
    const { seconds, token } = await seedInChild({ ...(url ? { databaseUrl: url } : { pgliteDir }), cases: opts.cases, seed: opts.seed, staff: BENCH_STAFF }, log);
    const serviceArgs = [...(url ? ['--database-url', url] : ['--data-dir', pgliteDir]), '--audit-key-file', join(opts.workDir, 'audit-key.pem')];
    const started = await startServiceProcess(serviceArgs);
    child = started.child;
    const pid = child.pid ?? 0;
    const info: BackendInfo = {
      engine: url ? 'postgres' : 'pglite',
      source,
      detail,
      seeded: { cases: opts.cases, seconds: round(seconds, 1), perSec: Math.round(opts.cases / seconds), how: `ingestCases (the service's ingest function) without HTTP, batches of ${MAX_INGEST_BATCH}${url ? ', 2 in flight' : ''}` },
    };
    log(`Seeded in ${seconds.toFixed(1)} s (${info.seeded.perSec.toLocaleString('en')}/s); case service at ${started.url} (pid ${pid}).`);
    let serviceChild = child;
    return {
      info,
      serviceUrl: started.url,
      token,
      servicePid: pid,
      async decisionCounts(staffId, clientId) {
        if (!url) return null;
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          const d = await c.query<{ n: number; cases: number }>('SELECT count(*)::int AS n, count(DISTINCT case_id)::int AS cases FROM decisions WHERE decided_by_id = $1', [staffId]);
          const a = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM push_answers WHERE client_id = $1', [clientId]);
          return { decisions: d.rows[0]?.n ?? 0, distinctCases: d.rows[0]?.cases ?? 0, pushAnswers: a.rows[0]?.n ?? 0 };
        } finally {
          await c.end();
        }
      },
      async stopService() {
        await stopProcess(serviceChild);
      },
      async startService() {
        if (serviceChild.exitCode === null && serviceChild.signalCode === null) throw new Error('the case service is still running');
        const again = await startServiceProcess([...serviceArgs, '--port', new URL(started.url).port]);
        serviceChild = again.child;
      },
      async close() {
        await stopProcess(serviceChild);
        cluster?.stop();
      },
    };
  } catch (e) {
    if (child) await stopProcess(child);
    cluster?.stop();
    throw e;
  }
}
