/**
 * A staff member's console as web mode runs it: the real console core (`openConsole`) on its
 * own SQLite file, served by the real web host (`startWebHost`) on 127.0.0.1. The tests open
 * `url` in Chromium.
 */
import { join } from 'node:path';
import { openConsole, type ConsoleCore, type ConsoleOptions } from '../../electron/core/console';
import { startWebHost, type WebHost } from '../../electron/host/web-host';
import { buildIfNeeded } from '../../scripts/build';
import { RENDERER_DIST } from '../../scripts/paths';
import type { Cleanup } from './fixtures';
import type { TestService } from './service';

export interface TestConsole {
  staffId: string;
  /** The address to open, with the host's per-start token. */
  url: string;
  core: ConsoleCore;
  host: WebHost;
  dbPath: string;
}

export interface OpenConsoleOptions {
  /** Another address for the case service (a proxy in front of it); default the service itself. */
  serverUrl?: string;
  /** An existing console database (e.g. one seeded by the test); default a new file in the test folder. */
  dbPath?: string;
  syncIntervalMs?: ConsoleOptions['syncIntervalMs'];
}

let built: Promise<void> | null = null;

/** Builds the renderer once per run if it is missing or older than its sources. */
export function ensureRendererBuilt(): Promise<void> {
  built ??= buildIfNeeded({ renderer: true, electron: false });
  return built;
}

export async function openTestConsole(cleanup: Cleanup, service: TestService, staffId: string, opts: OpenConsoleOptions = {}): Promise<TestConsole> {
  await ensureRendererBuilt();
  const dbPath = opts.dbPath ?? join(service.dir, `console-${staffId}.sqlite`);
  const core = cleanup.add(
    await openConsole({ dbPath, serverUrl: opts.serverUrl ?? service.url, token: service.token(staffId), syncIntervalMs: opts.syncIntervalMs }),
    `close the console core of ${staffId}`,
    (c) => c.close(),
  );
  const host = cleanup.add(await startWebHost({ core, rendererDir: RENDERER_DIST }), `stop the web host of ${staffId}`, (h) => h.close());
  return { staffId, url: host.url, core, host, dbPath };
}
