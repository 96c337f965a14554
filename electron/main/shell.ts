/**
 * The Electron shell's lifecycle: single instance, the hardened window on `app://docket/`,
 * the console core in this (main) process bound to IPC, events forwarded, core closed on
 * quit. Electron is passed in (see electron-api.ts) so tests can drive it with fakes.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ConsoleCore } from '../core/console';
import { resolveShellConfig, type ShellConfig } from './config';
import type { ShellElectron, WebContentsLike, WindowLike } from './electron-api';
import { hardenSession, hardenWebContents, windowOptions } from './harden';
import { bindConsoleIpc, forwardEvents } from './ipc';
import { serveEvidence } from './evidence-protocol';
import { APP_ENTRY, registerAppScheme, serveRenderer } from './protocol';

export interface ShellOptions {
  rendererDir: string;
  preloadPath: string;
  openCore(config: ShellConfig): Promise<ConsoleCore>;
  env: NodeJS.ProcessEnv;
  readConfigFile(path: string): string | null;
  platform: NodeJS.Platform;
}

export interface ShellHandle {
  window(): WindowLike | null;
  core: ConsoleCore;
}

/** Minimal menus: the standard edit roles (copy/paste in text fields), window roles, dev tools only in development. */
export function menuTemplate(platform: NodeJS.Platform, development: boolean): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') template.push({ role: 'appMenu' });
  template.push({ role: 'editMenu' }, { role: 'windowMenu' });
  if (development) template.push({ label: 'Develop', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] });
  return template;
}

/** Resolves to null when the app is quitting instead (second instance, no configuration, core failed). */
export async function runShell(electron: ShellElectron, opts: ShellOptions): Promise<ShellHandle | null> {
  const { app, ipcMain, protocol, Menu, dialog } = electron;
  if (!app.requestSingleInstanceLock()) {
    // Another Docket runs: it gets focused through its `second-instance` event.
    app.quit();
    return null;
  }
  registerAppScheme(protocol);

  let win: WindowLike | null = null;
  const hardened = new WeakSet<WebContentsLike>();
  const harden = (contents: WebContentsLike) => {
    if (hardened.has(contents)) return;
    hardened.add(contents);
    hardenWebContents(contents);
  };
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  hardenSession(electron.session.defaultSession);
  serveRenderer(protocol, opts.rendererDir);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(opts.platform, !app.isPackaged)));

  const config = resolveShellConfig(opts.env, app.getPath('userData'), opts.readConfigFile);
  if (!config.ok) {
    dialog.showErrorBox('Docket cannot start', config.message);
    app.exit(1);
    return null;
  }
  let core: ConsoleCore;
  try {
    core = await opts.openCore(config.config);
  } catch (e) {
    dialog.showErrorBox('Docket cannot open its database', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return null;
  }

  serveEvidence(protocol, core);
  const contents = () => (win && !win.isDestroyed() ? win.webContents : null);
  const unbind = bindConsoleIpc(ipcMain, core, contents);
  const unforward = forwardEvents(core, contents);

  let closing: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    if (closing === null) {
      // Hold the quit until the core has closed its database cleanly.
      event.preventDefault();
      closing = (async () => {
        unforward();
        unbind();
        await core.close().catch(() => undefined);
      })().finally(() => app.quit());
    }
  });

  win = new electron.BrowserWindow(windowOptions(opts.preloadPath));
  harden(win.webContents);
  const shown = win;
  win.once('ready-to-show', () => shown.show());
  win.on('closed', () => {
    win = null;
  });
  await win.loadURL(APP_ENTRY);
  return { window: () => win, core };
}
