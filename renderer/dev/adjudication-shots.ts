/**
 * Screenshots of adjudication by the rulebook, for people to look at (not a test suite):
 *   npx tsx renderer/dev/adjudication-shots.ts --url 'http://127.0.0.1:PORT/#token=…' --tag arbiter --step arbiter|supervisor [--out DIR] [--lang zh-CN|en]
 * arbiter: the recommendation panel on a refund dispute, facts edited, "use recommendation",
 * a departure with its justification (decided). supervisor: a held decision to approve, the
 * statement of reasons of a decided case, the ledger.
 */
import { chromium, type Page } from '@playwright/test';
import { arg, flag, setLanguage } from './shot-support';

const url = arg('url');
const tag = arg('tag', 'ui');
const out = arg('out', 'e2e/artifacts/screens');
const step = arg('step', 'arbiter');
const lang = arg('lang', 'zh-CN');

async function openRow(page: Page, kind: string, index: number) {
  const grid = page.getByTestId(`grid-${kind}`);
  await grid.locator(`.ag-row[row-index="${index}"] [col-id="title"]`).waitFor({ timeout: 20_000 });
  await grid.locator(`.ag-row[row-index="${index}"] [col-id="title"]`).click();
  await page.locator(`[data-testid="queue-${kind}"] [data-testid="case-view"]`).waitFor({ timeout: 10_000 });
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic'] });
  const page = await browser.newPage({ viewport: { width: 1680, height: 1050 }, deviceScaleFactor: 1 });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[page ${m.type()}] ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(url);
  await page.getByTestId('status-bar').waitFor({ timeout: 30_000 });
  await setLanguage(page, lang);
  const shot = async (name: string, testId?: string) => {
    await page.waitForTimeout(700);
    const path = `${out}/${tag}-${name}-${lang}.png`;
    if (testId) await page.locator(`[data-testid="${testId}"]:visible`).first().screenshot({ path });
    else await page.screenshot({ path });
    console.log(`saved ${path}`);
  };
  const text = async (testId: string) => (await page.locator(`[data-testid="${testId}"]:visible`).first().innerText().catch(() => '(none)')).replace(/\s+/g, ' ');

  if (step === 'arbiter') {
    await page.getByTestId('tab-refund_dispute').click();
    const q = page.locator('[data-testid="queue-refund_dispute"]');
    await q.getByTestId('filter-clear').click();
    await q.getByTestId('filter-status').locator('summary').click();
    await q.getByTestId('filter-status-open').check();
    await q.getByTestId('filter-status').locator('summary').click();
    await page.waitForTimeout(1000);
    await openRow(page, 'refund_dispute', Number(arg('row', '0')));
    await page.locator('[data-testid="rec-outcome"]:visible').waitFor({ timeout: 15_000 }).catch(() => undefined);
    console.log('rec:', await text('recommendation'));
    await shot('case');
    await shot('recommendation', 'recommendation');
    await page.locator('[data-testid="fact-qualityDefect"]:visible').check();
    await page.waitForTimeout(1200);
    console.log('rec after qualityDefect:', await text('rec-outcome'), '|', await text('rec-ledger'));
    await shot('recommendation-quality', 'recommendation');
    await page.locator('[data-testid="rec-use"]:visible').click();
    await page.waitForTimeout(1200);
    console.log('check after use:', await text('decision-check'));
    await shot('form-used', 'case-decision');
    await page.locator('[data-testid="decision-outcome-reject"]:visible').check();
    await page.waitForTimeout(1200);
    console.log('check after reject:', await text('decision-check'));
    await shot('form-departure', 'case-decision');
    await page.locator('[data-testid="decision-outcome-partial_refund"]:visible').check();
    await page.locator('[data-testid="decision-amount"]:visible').fill('1.00');
    await page.waitForTimeout(1200);
    console.log('check after partial 1.00:', await text('decision-check'));
    await shot('form-partial', 'case-decision');
    if (flag('decide')) {
      await page.locator('[data-testid="decision-reason"]:visible').fill('买家提供了开胶照片，质量问题成立。');
      await page.locator('[data-testid="decision-submit"]:visible').click();
      await page.waitForTimeout(800);
      console.log('after submit without justification:', await text('decision-error-justification'));
      await page.locator('[data-testid="decision-justification"]:visible').fill('商家已同意部分退款并补发配件，双方协商一致。');
      await page.locator('[data-testid="decision-submit"]:visible').click();
      await page.waitForTimeout(2500);
      console.log('notice:', await text('case-notice'), '| error:', await text('decision-error'));
      await shot('decided', 'case-view');
    }
  } else {
    const action = arg('action', 'close');
    const kind = arg('kind', 'violation');
    await page.getByTestId(`tab-${kind}`).click();
    const q = page.locator(`[data-testid="queue-${kind}"]`);
    if (action !== 'ledger') {
      const status = flag('status') ? arg('status') : action === 'close' || action === 'refuse' ? 'open' : action === 'approve' ? 'awaiting_approval' : 'decided';
      await q.getByTestId('filter-clear').click();
      {
        await q.getByTestId('filter-status').locator('summary').click();
        await q.getByTestId(`filter-status-${status}`).check();
        await q.getByTestId('filter-status').locator('summary').click();
        await page.waitForTimeout(1000);
      }
      if (flag('merchant')) {
        await q.getByTestId('filter-merchant').fill(arg('merchant'));
        await q.getByTestId('filter-merchant').press('Enter');
        await page.waitForTimeout(1000);
      }
      await openRow(page, kind, Number(arg('row', '0')));
      await page.waitForTimeout(1500);
      console.log('case:', await text('case-title'), '|', await text('case-status'), '|', await text('case-last-decision'));
    }
    if (action === 'close') {
      await page.locator('[data-testid="decision-outcome-close_store"]:visible').check();
      await page.waitForTimeout(1200);
      console.log('check:', await text('decision-check'));
      await page.locator('[data-testid="decision-rule-suggestions"]:visible button').first().click().catch(() => undefined);
      await page.locator('[data-testid="decision-reason"]:visible').fill('多次售假，情节严重，予以清退。');
      await page.locator('[data-testid="decision-justification"]:visible').fill('同一店铺一个月内三次被权利人投诉售假，证据确凿。').catch(() => undefined);
      await shot('close-form', 'case-decision');
      await page.locator('[data-testid="decision-submit"]:visible').click();
      await page.waitForTimeout(4000);
      await page.reload();
      await page.getByTestId('status-bar').waitFor({ timeout: 30_000 });
      console.log('submitted; error:', await text('decision-error'));
    } else if (action === 'refuse') {
      await page.locator('[data-testid="decision-outcome-fine"]:visible').check();
      await page.locator('[data-testid="decision-amount"]:visible').fill('200000');
      await page.waitForTimeout(1500);
      console.log('check:', await text('decision-check'));
      await shot('refused', 'case-decision');
    } else if (action === 'own' || action === 'approve') {
      await shot(action, flag('full') ? undefined : 'case-view');
      console.log('approval panel:', await text('approval-panel'));
      if (action === 'approve' && flag('verdict')) {
        await page.locator('[data-testid="approval-reason-input"]:visible').fill(arg('reason', '证据充分，同意关店。'));
        await page.locator(`[data-testid="approval-${arg('verdict')}"]:visible`).click();
        await page.waitForTimeout(2500);
        console.log('notice:', await text('case-notice'), '| error:', await text('approval-error'));
        await shot('approved', 'case-view');
      }
    } else if (action === 'statement') {
      await page.locator('[data-testid="statement-toggle"]:visible').click();
      await page.locator('[data-testid="statement-viewer"]:visible, [data-testid="statement-error"]:visible').first().waitFor({ timeout: 10_000 });
      console.log('download:', await page.locator('[data-testid="statement-download"]:visible').getAttribute('download').catch(() => null));
      await shot('statement', 'case-view');
      await page.locator('[data-testid="statement-notice"]:visible').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/${tag}-statement-notice-${lang}.png` });
      const dl = page.waitForEvent('download');
      await page.locator('[data-testid="statement-download"]:visible').click();
      const file = await dl;
      await file.saveAs(`${out}/${tag}-statement.json`);
      console.log('downloaded', file.suggestedFilename());
    } else if (action === 'ledger') {
      await page.getByTestId('tab-ledger').click();
      await page.getByTestId('ledger-table').waitFor({ timeout: 10_000 }).catch(() => undefined);
      await shot('ledger-payer');
      for (const by of ['payee', 'merchant', 'month']) {
        await page.getByTestId('ledger-by').selectOption(by);
        await page.waitForTimeout(1000);
        console.log(by, await text('ledger-view'));
        await shot(`ledger-${by}`, 'ledger-view');
      }
    }
  }
  await browser.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
