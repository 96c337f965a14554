/**
 * Electron entry point, bundled to dist/electron/main.cjs (see scripts/build.ts). The only
 * file of the shell that touches the real `electron` module; everything else gets it
 * passed in.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openConsole } from '../core/console';
import { ensurePrivateDir } from '../core/private-files';
import type { ShellElectron } from './electron-api';
import { runShell } from './shell';

// In the bundle this file is dist/electron/main.cjs: the renderer sits beside it.
const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, 'preload.cjs');

const electron: ShellElectron = { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session };

const env = { ...process.env };
// The token came through the environment from `npm start`: nothing we spawn needs it.
delete process.env.DOCKET_TOKEN;

runShell(electron, {
  rendererDir,
  preloadPath,
  env,
  platform: process.platform,
  openCore: (config) => {
    // The user-data folder (or the data folder `npm start` names) holds the database and the evidence cache: owner-only.
    ensurePrivateDir(dirname(config.dbPath));
    return openConsole({ dbPath: config.dbPath, serverUrl: config.serverUrl, token: config.token });
  },
  readConfigFile: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
}).catch((e: unknown) => {
  console.error('Docket failed to start:', e);
  app.exit(1);
});
