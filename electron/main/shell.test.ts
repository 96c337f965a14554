import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, EVENT_NAMES, IPC_EVENT_CHANNEL } from '../../shared/api/contract';
import { STYLE_NONCE_PLACEHOLDER } from '../../shared/web/csp';
import type { ShellConfig } from './config';
import { APP_ENTRY } from './protocol';
import { runShell, type ShellHandle } from './shell';
import { FakeWebContents, FakeWindow, fakeCore, fakeElectron, preventable, type FakeElectron } from './testing/fake-electron';

const rendererDir = mkdtempSync(join(tmpdir(), 'docket-shell-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), `<!doctype html><title>Docket</title><meta property="csp-nonce" nonce="${STYLE_NONCE_PLACEHOLDER}">`);
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

const demoEnv = { DOCKET_SERVER_URL: 'http://127.0.0.1:9', DOCKET_TOKEN: 'tok', DOCKET_DB_PATH: '/tmp/x.sqlite' };

let electron: FakeElectron;
let core: ReturnType<typeof fakeCore>;
let opened: ShellConfig[];

async function start(env: NodeJS.ProcessEnv = demoEnv): Promise<ShellHandle | null> {
  return runShell(electron, {
    rendererDir,
    preloadPath: '/app/dist/electron/preload.cjs',
    env,
    platform: 'linux',
    readConfigFile: () => null,
    openCore: async (config) => {
      opened.push(config);
      return core.core;
    },
  });
}

function theWindow(): FakeWindow {
  const w = FakeWindow.created[0];
  if (!w) throw new Error('no window was created');
  return w;
}

beforeEach(() => {
  electron = fakeElectron();
  core = fakeCore();
  opened = [];
});

describe('window', () => {
  it('opens one hardened window on the app origin', async () => {
    await start();
    expect(FakeWindow.created).toHaveLength(1);
    const prefs = theWindow().options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, allowRunningInsecureContent: false, preload: '/app/dist/electron/preload.cjs' });
    expect(theWindow().loaded).toEqual([APP_ENTRY]);
    expect(APP_ENTRY).toBe('app://docket/index.html');
    expect(electron.protocol.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
      expect.objectContaining({ scheme: 'evidence', privileges: { standard: true, secure: true, stream: true } }),
    ]);
  });

  it('blocks navigation away from the app, window.open and webviews', async () => {
    await start();
    const wc = theWindow().webContents;
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = preventable({ url: 'https://evil.example/' });
      wc.emit(event, away);
      expect(away.prevented, event).toBe(true);
      const file = preventable({ url: 'file:///etc/passwd' });
      wc.emit(event, file);
      expect(file.prevented, event).toBe(true);
      const home = preventable({ url: 'app://docket/index.html' });
      wc.emit(event, home);
      expect(home.prevented, event).toBe(false);
    }
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'app://docket/index.html' })).toEqual({ action: 'deny' });
    const webview = preventable({});
    wc.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('hardens any other web contents the app creates', async () => {
    await start();
    const other = new FakeWebContents('about:blank');
    electron.app.emit('web-contents-created', {}, other);
    expect(other.windowOpenHandler?.({ url: 'https://x.example' })).toEqual({ action: 'deny' });
    const away = preventable({ url: 'https://evil.example/' });
    other.emit('will-navigate', away);
    expect(away.prevented).toBe(true);
  });

  it('denies every permission and every request off the app origin', async () => {
    await start();
    const s = electron.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      s.permissionRequest?.({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(s.permissionCheck?.({}, permission), permission).toBe(false);
    }
    expect(s.devicePermission?.({})).toBe(false);
    const verdict = (url: string) => {
      let answer: { cancel?: boolean } | null = null;
      s.beforeRequest?.({ url }, (r) => (answer = r));
      return answer;
    };
    expect(verdict('https://evil.example/x.js')).toEqual({ cancel: true });
    expect(verdict('http://127.0.0.1:4000/v1/changes')).toEqual({ cancel: true });
    expect(verdict('file:///etc/passwd')).toEqual({ cancel: true });
    expect(verdict('app://docket/assets/app.js')).toEqual({});
    expect(verdict('data:image/png;base64,AAAA')).toEqual({});
  });

  it('keeps menus minimal: no dev tools when packaged', async () => {
    await start();
    expect(JSON.stringify(electron.menus[0])).not.toContain('toggleDevTools');
  });
});

describe('single instance', () => {
  it('quits without a window when another instance holds the lock', async () => {
    electron.app.gotLock = false;
    expect(await start()).toBeNull();
    expect(electron.app.quitCalls).toBe(1);
    expect(FakeWindow.created).toHaveLength(0);
    expect(opened).toHaveLength(0);
  });
});

describe('configuration', () => {
  it('opens the core on the configured service, in the main process', async () => {
    const handle = await start();
    expect(handle?.core).toBe(core.core);
    expect(opened).toEqual([{ serverUrl: 'http://127.0.0.1:9', token: 'tok', dbPath: '/tmp/x.sqlite' }]);
  });

  it('says what is missing and exits when no service is configured', async () => {
    expect(await start({})).toBeNull();
    expect(electron.app.exitCode).toBe(1);
    expect(electron.errors[0]?.content).toContain('docket.json');
    expect(FakeWindow.created).toHaveLength(0);
  });
});

describe('IPC', () => {
  it('binds exactly the contract channels', async () => {
    await start();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('passes a call from the window to the core and answers its Result', async () => {
    await start();
    const wc = theWindow().webContents;
    const res = await electron.ipcMain.invoke('queue.count', wc.ipcEvent(), { kind: 'violation' });
    expect(res).toEqual({ ok: true, value: { channel: 'queue.count' } });
    expect(core.calls).toEqual([{ channel: 'queue.count', input: { kind: 'violation', filter: {} } }]);
  });

  it('answers invalid input with an invalid_input Result, not a thrown error', async () => {
    await start();
    const wc = theWindow().webContents;
    const res = await electron.ipcMain.invoke('queue.page', wc.ipcEvent(), { kind: 'violation', offset: -1, limit: 100_000 });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await electron.ipcMain.invoke('case.get', wc.ipcEvent(), { caseId: 'c1' }, 'extra')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.calls).toEqual([]);
  });

  it('refuses calls from another contents, a subframe or a foreign page', async () => {
    await start();
    const wc = theWindow().webContents;
    const stranger = new FakeWebContents();
    const refusals = [
      stranger.ipcEvent(),
      wc.ipcEvent({ url: 'app://docket/index.html', parent: wc.mainFrame }), // a subframe
      wc.ipcEvent(null),
    ];
    for (const event of refusals) {
      expect(await electron.ipcMain.invoke('session.get', event, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    wc.mainFrame.url = 'https://evil.example/';
    expect(await electron.ipcMain.invoke('session.get', wc.ipcEvent(), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.calls).toEqual([]);
  });

  it('forwards every core event to the window', async () => {
    await start();
    EVENT_NAMES.forEach((event, i) => core.emit(event, { n: i }));
    expect(theWindow().webContents.sent).toEqual(EVENT_NAMES.map((event, i) => ({ channel: IPC_EVENT_CHANNEL, args: [{ event, payload: { n: i } }] })));
  });

  it('closes the core before quitting and unbinds everything', async () => {
    await start();
    electron.app.quit();
    await new Promise((r) => setImmediate(r));
    expect(core.closedCount()).toBe(1);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(core.listenerCount()).toBe(0);
    expect(electron.app.quitCalls).toBe(2); // held once, then let through
  });
});

describe('app:// protocol', () => {
  it('serves the renderer with the CSP header and refuses traversal', async () => {
    await start();
    const handler = electron.protocol.handlers.get('app');
    if (!handler) throw new Error('app:// not handled');
    const index = await handler(new Request('app://docket/index.html'));
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('<title>Docket</title>');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    // Style elements only with this load's nonce, which is in the page for the grid to use.
    const nonce = /nonce="([^"]+)"/.exec(html)?.[1];
    expect(nonce).not.toBe(STYLE_NONCE_PLACEHOLDER);
    expect(csp).toContain(`style-src-elem 'self' 'nonce-${nonce}';`);
    expect(csp).not.toMatch(/style-src(-elem)? [^;]*unsafe/);
    expect(await (await handler(new Request('app://docket/'))).text()).not.toContain(`nonce="${nonce}"`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    for (const url of ['app://docket/..%2f..%2fetc%2fpasswd', 'app://docket/%2e%2e/%2e%2e/etc/passwd', 'app://other/index.html', 'app://docket/missing.js']) {
      expect((await handler(new Request(url))).status, url).toBe(404);
    }
  });
});

describe('evidence: protocol', () => {
  it('is privileged for streaming and serves cached files with ranges, as web mode does', async () => {
    const sha = 'ab'.repeat(32);
    const file = join(rendererDir, 'clip.webm');
    writeFileSync(file, Buffer.from('0123456789'));
    core.evidence.set(`/${sha}`, { path: file, mediaType: 'video/webm', size: 10 });
    await start();
    expect(electron.protocol.privileged).toContainEqual(expect.objectContaining({ scheme: 'evidence', privileges: expect.objectContaining({ stream: true, secure: true }) }));
    const handler = electron.protocol.handlers.get('evidence');
    if (!handler) throw new Error('evidence:// not handled');
    const whole = await handler(new Request(`evidence://docket/${sha}`));
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe('0123456789');
    const part = await handler(new Request(`evidence://docket/${sha}`, { headers: { Range: 'bytes=2-5' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await part.text()).toBe('2345');
    expect((await handler(new Request(`evidence://docket/${sha}`, { headers: { Range: 'bytes=10-' } }))).status).toBe(416);
    expect((await handler(new Request(`evidence://docket/${'cd'.repeat(32)}`))).status).toBe(404);
    expect((await handler(new Request(`evidence://elsewhere/${sha}`))).status).toBe(404);
    // The page's CSP lets it show evidence from the scheme, and nothing new besides.
    const csp = (await electron.protocol.handlers.get('app')?.(new Request('app://docket/index.html')))?.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("media-src evidence:;");
    expect(csp).toContain("img-src 'self' data: blob: evidence:;");
  });
});
