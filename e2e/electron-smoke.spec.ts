/**
 * Smoke test of the packaged shape of the app: the real Electron binary, the bundled main
 * and preload, the built renderer, on a small fresh demo. Runs wherever an Electron binary
 * is installed; elsewhere it is reported as skipped, with the reason.
 */
import { _electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../scripts/electron-binary';
import { ROOT } from '../scripts/paths';

const electron = findElectronBinary(ROOT);
const skipReason = electron.ok ? '' : `no Electron binary here, so the Electron smoke test cannot run: ${electron.reason}`;
// The list reporter shows a skip without its reason: say it on the console as well.
if (!electron.ok) console.log(`[electron-smoke] SKIPPED: ${skipReason}`);

test.describe('Electron shell', () => {
  test.skip(!electron.ok, skipReason);

  test('opens one hardened window with only window.docket, on the demo', async () => {
    if (!electron.ok) return;
    // Loaded only when the test runs: they start PGlite and the console core.
    const { buildIfNeeded } = await import('../scripts/build');
    const { parseLaunchArgs } = await import('../scripts/cli-args');
    const { startBackend } = await import('../scripts/web');
    await buildIfNeeded({ renderer: true, electron: true });
    const backend = await startBackend(parseLaunchArgs(['--fresh', '--count', '200', '--as', 'moderator']), () => undefined);
    const app = await _electron.launch({
      executablePath: electron.path,
      args: [ROOT],
      env: { ...process.env, DOCKET_SERVER_URL: backend.serverUrl, DOCKET_TOKEN: backend.token, DOCKET_DB_PATH: backend.dbPath },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toBe('app://docket/index.html');

      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

      const surface = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown> & { docket?: object };
        return {
          keys: w.docket ? Object.keys(w.docket).sort() : null,
          frozen: w.docket ? Object.isFrozen(w.docket) : null,
          // Behind contextIsolation the bridge's functions are proxies of the preload world.
          isolated: w.docket ? String((w.docket as { invoke: () => void }).invoke).includes('[native code]') : null,
          require: typeof w.require,
          process: typeof w.process,
          opened: window.open('https://example.com') === null,
        };
      });
      expect(surface).toEqual({ keys: ['invoke', 'on'], frozen: true, isolated: true, require: 'undefined', process: 'undefined', opened: true });

      const session = await page.evaluate(() => (window as unknown as { docket: { invoke(c: string, i: unknown): Promise<unknown> } }).docket.invoke('session.get', {}));
      expect(session).toMatchObject({ ok: true, value: { staff: { role: 'moderator' } } });
      const refused = await page.evaluate(() => (window as unknown as { docket: { invoke(c: string, i: unknown): Promise<unknown> } }).docket.invoke('fs.readFile', {}));
      expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });

      await page.screenshot({ path: test.info().outputPath('electron-window.png') });
    } finally {
      await app.close();
      await backend.close();
    }
  });
});
