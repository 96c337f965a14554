/**
 * The built main bundle (dist/electron/main.cjs as `npm run build` makes it) boots under
 * plain Node with a fake `electron` module: the CJS bundle of the shell and the real
 * console core loads, opens its SQLite database, signs in to a real case service, binds
 * IPC, loads the app page, answers a call from the window and closes cleanly on quit.
 * This catches what the unit tests cannot: bundling mistakes (ESM-only syntax, missing
 * externals, import.meta) in the file that ships.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaseService } from '../server/service';
import { buildMain } from './build';
import { ROOT } from './paths';

// Written out as plain CommonJS for the child process. It stands in for Electron's main
// process API and, once the window has loaded, plays the renderer: two IPC calls, a quit.
const FAKE_ELECTRON = String.raw`
const handlers = new Map();
const appListeners = new Map();
const on = (map) => (name, fn) => { map.set(name, [...(map.get(name) || []), fn]); };
const emit = (map, name, ...args) => (map.get(name) || []).forEach((fn) => fn(...args));
const mainFrame = { url: '', parent: null };
const webContents = { id: 1, mainFrame, isDestroyed: () => false, send() {}, setWindowOpenHandler() {}, on() {} };
const report = {};
const app = {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.FAKE_USER_DATA,
  on: on(appListeners),
  exit: (code) => { console.log('EXIT ' + code); process.exit(code); },
  quit() {
    let prevented = false;
    emit(appListeners, 'before-quit', { preventDefault: () => { prevented = true; } });
    if (!prevented) { console.log('REPORT ' + JSON.stringify(report)); process.exit(0); }
  },
};
class BrowserWindow {
  constructor(options) { report.webPreferences = options.webPreferences; this.webContents = webContents; }
  async loadURL(url) {
    mainFrame.url = url;
    report.loaded = url;
    report.channels = [...handlers.keys()].sort();
    setImmediate(async () => {
      const event = { sender: webContents, senderFrame: mainFrame };
      report.session = await handlers.get('session.get')(event, {});
      report.invalid = await handlers.get('queue.page')(event, { kind: 'violation', offset: -5, limit: 1 });
      report.stranger = await handlers.get('session.get')({ sender: {}, senderFrame: mainFrame }, {});
      app.quit();
    });
  }
  once() {} on() {} show() {} focus() {} isMinimized() { return false; } restore() {} isDestroyed() { return false; }
}
module.exports = {
  app, BrowserWindow,
  ipcMain: { handle: (c, fn) => handlers.set(c, fn), removeHandler: (c) => handlers.delete(c) },
  protocol: { registerSchemesAsPrivileged() {}, handle() {} },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {}, webRequest: { onBeforeRequest() {} } } },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu() {} },
  dialog: { showErrorBox: (title, text) => console.log('ERRORBOX ' + title + ': ' + text) },
};
`;

const HOOK = String.raw`
const Module = require('node:module');
const fake = require(process.env.FAKE_ELECTRON);
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? fake : load.call(this, request, ...rest); };
`;

const work = mkdtempSync(join(tmpdir(), 'docket-main-bundle-'));
let service: Awaited<ReturnType<typeof startCaseService>>;
let token: string;

beforeAll(async () => {
  service = await startCaseService();
  token = await service.provisionStaff({ id: 'mod-bundle', name: 'Bundle Test', role: 'moderator' });
  writeFileSync(join(work, 'fake-electron.cjs'), FAKE_ELECTRON);
  writeFileSync(join(work, 'hook.cjs'), HOOK);
  await buildMain(join(work, 'electron', 'main.cjs'));
}, 120_000);
afterAll(async () => {
  await service?.close();
  rmSync(work, { recursive: true, force: true });
});

function runBundle(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', join(work, 'hook.cjs'), join(work, 'electron', 'main.cjs')], {
      cwd: work,
      // Externals (better-sqlite3) resolve from the project's node_modules, as from the app's.
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(ROOT, 'node_modules'), FAKE_ELECTRON: join(work, 'fake-electron.cjs'), FAKE_USER_DATA: work, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('dist/electron/main.cjs', () => {
  it('boots the shell and the real core, answers the window, and quits cleanly', async () => {
    const { code, out } = await runBundle({ DOCKET_SERVER_URL: service.url, DOCKET_TOKEN: token, DOCKET_DB_PATH: join(work, 'console.sqlite') });
    expect(code, out).toBe(0);
    const line = out.split('\n').find((l) => l.startsWith('REPORT '));
    expect(line, out).toBeDefined();
    const report = JSON.parse((line ?? '').slice('REPORT '.length)) as Record<string, unknown>;
    expect(report.loaded).toBe('app://docket/index.html');
    expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(report.channels).toContain('case.decide');
    expect(report.session).toMatchObject({ ok: true, value: { staff: { id: 'mod-bundle', role: 'moderator' } } });
    expect(report.invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(report.stranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('says what is missing and exits 1 when no case service is configured', async () => {
    const { code, out } = await runBundle({});
    expect(code).toBe(1);
    expect(out).toContain('ERRORBOX Docket cannot start');
    expect(out).toContain('docket.json');
  });
});
