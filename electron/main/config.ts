/**
 * Where the shell's console connects to. `npm start` passes the embedded demo service
 * through the environment; an installed app reads `docket.json` in its user-data folder:
 *   { "serverUrl": "https://cases.example.com", "token": "…" }
 */
import { join } from 'node:path';
import { checkServiceAddress } from '../../shared/sync/service-address';

export interface ShellConfig {
  serverUrl: string;
  token: string;
  dbPath: string;
}

export const CONFIG_FILE = 'docket.json';

export type ConfigResult = { ok: true; config: ShellConfig } | { ok: false; message: string };

export function resolveShellConfig(env: NodeJS.ProcessEnv, userDataDir: string, readConfigFile: (path: string) => string | null): ConfigResult {
  const dbPath = env.DOCKET_DB_PATH || join(userDataDir, 'console.sqlite');
  const fromEnv = { serverUrl: env.DOCKET_SERVER_URL, token: env.DOCKET_TOKEN };
  let source = 'the environment (DOCKET_SERVER_URL, DOCKET_TOKEN)';
  let given: { serverUrl?: unknown; token?: unknown } = fromEnv;
  if (!fromEnv.serverUrl && !fromEnv.token) {
    const path = join(userDataDir, CONFIG_FILE);
    source = path;
    const text = readConfigFile(path);
    if (text === null) {
      return { ok: false, message: `Docket does not know which case service to use. Write ${path} as {"serverUrl": "https://…", "token": "…"}, or start it with DOCKET_SERVER_URL and DOCKET_TOKEN set.` };
    }
    try {
      given = JSON.parse(text) as typeof given;
    } catch {
      return { ok: false, message: `${path} is not valid JSON.` };
    }
  }
  if (typeof given.serverUrl !== 'string') return { ok: false, message: `No serverUrl in ${source}.` };
  const address = checkServiceAddress(given.serverUrl);
  if (!address.ok) return { ok: false, message: `Invalid serverUrl in ${source}: ${address.message}.` };
  if (typeof given.token !== 'string' || given.token.length === 0) {
    return { ok: false, message: `No token in ${source}.` };
  }
  return { ok: true, config: { serverUrl: given.serverUrl, token: given.token, dbPath } };
}
