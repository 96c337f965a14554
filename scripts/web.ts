/**
 * `npm run web`: the console in a browser. Starts (or connects to) a case service, opens a
 * console core for one staff member, serves the built renderer on 127.0.0.1 and prints the
 * address with its per-start token.
 *   npm run web -- [--as arbiter] [--count 5000] [--fresh] [--server URL --token T]
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { ensurePrivateDir } from '../electron/core/private-files';
import { startWebHost, type WebHost } from '../electron/host/web-host';
import { buildIfNeeded } from './build';
import { launchArgsOrExit, type LaunchArgs } from './cli-args';
import { startDemoBackend } from './demo-backend';
import { defaultDataDir, RENDERER_DIST } from './paths';

export interface Backend {
  serverUrl: string;
  token: string;
  dbPath: string;
  /** Who the console signs in as, for the start-up message. */
  who: string;
  close(): Promise<void>;
}

/** The embedded demo service, or a real one named by --server/--token. */
export async function startBackend(args: LaunchArgs, log: (line: string) => void = console.log): Promise<Backend> {
  if (args.server !== null && args.token !== null) {
    // One console database per service address, so switching services never mixes data.
    const root = args.dataDir ?? defaultDataDir();
    const dir = join(root, 'consoles');
    ensurePrivateDir(root);
    ensurePrivateDir(dir);
    const key = createHash('sha256').update(args.server).digest('hex').slice(0, 16);
    return { serverUrl: args.server, token: args.token, dbPath: join(dir, `remote-${key}.sqlite`), who: `the token's owner at ${args.server}`, close: async () => undefined };
  }
  const demo = await startDemoBackend({ as: args.as, count: args.count, seed: args.seed, fresh: args.fresh, dataDir: args.dataDir, log });
  return { serverUrl: demo.serverUrl, token: demo.token, dbPath: demo.dbPath, who: `${demo.staff.name} (${demo.staff.id}, ${demo.staff.role})`, close: () => demo.close() };
}

export interface WebStack {
  url: string;
  host: WebHost;
  core: ConsoleCore;
  backend: Backend;
  close(): Promise<void>;
}

/** Backend + core + web host; closes whatever it started if a later step fails. */
export async function startWebStack(args: LaunchArgs, rendererDir = RENDERER_DIST, log: (line: string) => void = console.log): Promise<WebStack> {
  const backend = await startBackend(args, log);
  let core: ConsoleCore | null = null;
  try {
    core = await openConsole({ dbPath: backend.dbPath, serverUrl: backend.serverUrl, token: backend.token });
    const opened = core;
    const host = await startWebHost({ core: opened, rendererDir, port: args.port });
    let closing: Promise<void> | null = null;
    return {
      url: host.url,
      host,
      core: opened,
      backend,
      close() {
        closing ??= (async () => {
          await host.close();
          await opened.close();
          await backend.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await core?.close().catch(() => undefined);
    await backend.close().catch(() => undefined);
    throw e;
  }
}

/** Runs until SIGINT/SIGTERM; used by `npm run web` and as `npm start`'s fallback. */
export async function runWeb(args: LaunchArgs): Promise<void> {
  await buildIfNeeded({ renderer: true, electron: false });
  const stack = await startWebStack(args);
  console.log(`\nDocket (web mode) is ready, signed in as ${stack.backend.who}.`);
  console.log(`Case service: ${stack.backend.serverUrl}`);
  console.log(`Open this address in Chromium or Chrome (it carries this run's token):\n\n  ${stack.url}\n`);
  console.log('Press Ctrl+C to stop.');
  await untilSignalled();
  console.log('\nStopping…');
  await stack.close();
}

export function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = launchArgsOrExit(process.argv.slice(2), 'npm run web');
  runWeb(args).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
