/**
 * Screenshots of what a reviewer sees, for people to look at (not a test suite):
 *   npx tsx renderer/dev/screenshots.ts --url 'http://127.0.0.1:PORT/#token=…' --tag arbiter [--out e2e/artifacts/screens]
 * Each queue the role reads (with its first case open), a refund dispute with evidence,
 * the conflict inbox and the keyboard map, in zh-CN and en.
 */
import { chromium, type Page } from '@playwright/test';
import { arg, flag, setLanguage } from './shot-support';

const url = arg('url');
const tag = arg('tag', 'ui');
const out = arg('out', 'e2e/artifacts/screens');

const KINDS = ['violation', 'refund_dispute', 'merchant_complaint', 'appeal'] as const;

async function openFirstCase(page: Page, kind: string) {
  const grid = page.getByTestId(`grid-${kind}`);
  await grid.locator('.ag-row[row-index="0"] [col-id="title"]').waitFor({ timeout: 20_000 });
  await page.keyboard.press('Escape');
  await grid.locator('.ag-row[row-index="0"] [col-id="title"]').click();
  await page.locator(`[data-testid="queue-${kind}"] [data-testid="case-view"]`).waitFor({ timeout: 10_000 });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  // --bypass-csp: for a host whose CSP blocks AG Grid's injected <style> elements (see the report).
  const page = await browser.newPage({ viewport: { width: 1680, height: 960 }, deviceScaleFactor: 1, bypassCSP: flag('bypass-csp') });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[page ${m.type()}] ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(url);
  await page.getByTestId('status-bar').waitFor({ timeout: 30_000 });
  const shot = async (name: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${out}/${tag}-${name}.png` });
    console.log(`saved ${out}/${tag}-${name}.png`);
  };

  for (const lang of ['zh-CN', 'en'] as const) {
    await setLanguage(page, lang);
    for (const kind of KINDS) {
      const tab = page.getByTestId(`tab-${kind}`);
      if ((await tab.count()) === 0) continue;
      await tab.click();
      await openFirstCase(page, kind);
      if (kind === 'refund_dispute') {
        await page.locator('[data-testid="queue-refund_dispute"] [data-testid="evidence-thumb"] img').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
      }
      await shot(`queue-${kind}-${lang}`);
    }
    await page.getByTestId('tab-conflicts').click();
    await page.getByTestId('conflict-inbox').waitFor();
    await shot(`inbox-${lang}`);
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.getByTestId('keyboard-map').waitFor();
    await shot(`keyboard-${lang}`);
    await page.keyboard.press('Escape');
  }
  await browser.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
