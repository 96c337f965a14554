/** Where things are, from the repository root (this file lives in scripts/). */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const RENDERER_DIST = join(DIST, 'renderer');
export const ELECTRON_DIST = join(DIST, 'electron');
export const MAIN_BUNDLE = join(ELECTRON_DIST, 'main.cjs');
export const PRELOAD_BUNDLE = join(ELECTRON_DIST, 'preload.cjs');

/**
 * The user's data folder for Docket's demo and consoles: DOCKET_DATA_DIR, else the
 * platform's usual place (XDG data home on Linux, Application Support on macOS,
 * LOCALAPPDATA on Windows).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.DOCKET_DATA_DIR) return env.DOCKET_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Docket');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Docket');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'docket');
}
