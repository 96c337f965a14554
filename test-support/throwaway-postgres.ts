/**
 * A throwaway PostgreSQL cluster from the Debian packages, on 127.0.0.1 and a free port, in a
 * temporary directory that `stop()` removes. Used by the test suite's global setup and by the
 * benchmark. `initdb` refuses to run as root, so as root the cluster runs as the `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  /** Superuser URL of the `postgres` database, e.g. postgres://postgres@127.0.0.1:5433/postgres */
  adminUrl: string;
  /** The cluster's directory (data and log). */
  dir: string;
  /** PostgreSQL's major version, e.g. "15". */
  version: string;
  /** Stops the cluster (immediate) and removes its directory. */
  stop(): void;
}

export interface ThrowawayPostgresOptions {
  /**
   * false (the test suite): no fsync at initdb or at run time, for speed. true (the benchmark):
   * the server's durable defaults, as a deployment runs.
   */
  durable?: boolean;
  maxConnections?: number;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

/** The newest `/usr/lib/postgresql/<version>/bin` holding initdb, or null. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** runuser lives in sbin, which a plain user's PATH (and so a root shell started from one) may lack. */
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser'].find((p) => existsSync(p)) ?? 'runuser';

function asPostgres(cmd: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? [RUNUSER, ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Starts a cluster; throws with the way to get PostgreSQL when its binaries are missing. */
export async function startThrowawayPostgres(opts: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL is not installed: `apt-get install -y postgresql`');
  const durable = opts.durable ?? false;
  const dir = mkdtempSync(join(tmpdir(), 'docket-pg-'));
  try {
    chmodSync(dir, 0o777);
    const data = join(dir, 'data');
    const port = await freePort();
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
    asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', ...(durable ? [] : ['--no-sync'])]);
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      port,
      unix_socket_directories: dir,
      max_connections: opts.maxConnections ?? 200,
      ...(durable ? {} : { fsync: 'off' }),
      ...opts.settings,
    };
    const o = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
    asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', 'start', '-o', o]);
    let stopped = false;
    return {
      adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dir,
      version: bin.split('/').at(-2) ?? '',
      stop() {
        if (stopped) return;
        stopped = true;
        try {
          asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
