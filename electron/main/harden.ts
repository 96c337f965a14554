/**
 * The window and session rules: the page gets no Node, no new windows, no navigation away
 * from the app, no permissions and no network beyond its own origin.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { SessionLike, WebContentsLike } from './electron-api';
import { APP_HOST, APP_SCHEME } from './protocol';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Docket',
    show: false, // shown on ready-to-show: no white flash
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** True for a URL on the app's own origin (`app://docket/...`). */
export function isAppUrl(url: string): boolean {
  try {
    // Compared by parts: WHATWG URL gives non-special schemes the origin "null".
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * Applied to every web contents the app creates (app `web-contents-created`), so a
 * contents nobody planned for is covered too.
 */
export function hardenWebContents(contents: WebContentsLike): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (details: { url: string; preventDefault(): void }) => {
    // Reloading the app's own page is fine; anything else (a link, a dropped file) is not.
    if (!isAppUrl(details.url)) details.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Schemes the page may load from: its own files, inline images, and evidence files from the console's cache. */
const ALLOWED_SCHEMES = new Set(['app:', 'evidence:', 'data:', 'blob:', 'devtools:']);

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      // unparsable: cancelled below
    }
    callback(ALLOWED_SCHEMES.has(scheme) ? {} : { cancel: true });
  });
}
