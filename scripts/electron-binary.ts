/**
 * Finds the Electron executable the way the `electron` package would, without requiring
 * it: requiring `electron` when its binary is missing starts a download.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { ok: false, reason: 'the electron package is not installed (node_modules/electron is missing)' };
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  let binary: string;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  } else if (relative === null) {
    return { ok: false, reason: 'node_modules/electron/path.txt is missing: the Electron binary was never downloaded (its install step needs to fetch it from GitHub)' };
  } else {
    binary = join(pkg, 'dist', relative);
  }
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary ${binary} does not exist` };
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return { ok: false, reason: `the Electron binary ${binary} is not executable` };
  }
  return { ok: true, path: binary };
}
