/**
 * End-to-end tests (e2e/): the real renderer in Debian's Chromium against web mode, and an
 * Electron smoke test where an Electron binary exists. Playwright's own browser download
 * does not work on our machines, hence the system Chromium and its flags.
 * Screenshots and traces are kept under e2e/artifacts/: look at them.
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM_PATH = process.env.DOCKET_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/test-results',
  // One case service, one console and one browser at a time: 2 shared cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});
