/**
 * What a reviewer does and sees in the console, as page helpers: open it, move through the
 * queue, read the status bar, and take the screenshots kept as CI artifacts.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { ROOT } from '../../scripts/paths';
import type { TestConsole } from './console';
import type { Cleanup } from './fixtures';

export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

/** Saves a screenshot as e2e/artifacts/<spec>/<name>.png (kept by CI); look at them. */
export async function shot(page: Page, name: string): Promise<void> {
  const spec = basename(test.info().file).replace(/\.spec\.ts$/, '');
  const dir = join(ARTIFACTS, spec);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

/** Opens the console and waits until the signed-in staff member and the first queue's rows are shown. */
export async function openConsolePage(page: Page, console: TestConsole, staffName: string): Promise<void> {
  await page.goto(console.url);
  await expect(page.getByTestId('staff-name')).toHaveText(staffName);
  await expect(page.getByTestId('status-online')).toHaveAttribute('data-online', 'true');
  await expect(gridRows(page).first()).toBeVisible();
}

/** The body rows the grid has rendered (of the visible queue), each with its `row-index`. */
export function gridRows(page: Page): Locator {
  return page.locator('[data-testid^="queue-"]:not([hidden]) [data-testid^="grid-"] .ag-row[row-index]');
}

/** Counts real mouse presses from now on, so a keyboard-only test can prove it used none. */
export async function countMousePresses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __docketMousePresses: number };
    w.__docketMousePresses = 0;
    for (const type of ['mousedown', 'pointerdown']) {
      document.addEventListener(type, (e) => {
        if (e.isTrusted) w.__docketMousePresses += 1;
      }, true);
    }
  });
}

export function mousePresses(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __docketMousePresses?: number }).__docketMousePresses ?? -1);
}

/** The case shown in the case view, or null while none (or while one loads). */
export function shownCaseId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('[data-testid="case-view"]')?.getAttribute('data-case-id') ?? null);
}

/** Waits until the case view shows a case other than `previous`, and returns its id. */
export async function waitForCaseOtherThan(page: Page, previous: string | null): Promise<string> {
  await expect
    .poll(async () => {
      const id = await shownCaseId(page);
      return id !== null && id !== previous;
    }, { message: `the case view should move on from ${previous ?? 'nothing'}` })
    .toBe(true);
  const id = await shownCaseId(page);
  if (id === null) throw new Error('the case view lost its case');
  return id;
}

/** An open case that nobody holds: the view offers "claim" and no one else's lease. */
export async function shownCaseIsClaimable(page: Page): Promise<boolean> {
  const view = page.getByTestId('case-view');
  return (await view.getByTestId('case-claim').isVisible()) && (await view.locator('.lease-other').count()) === 0;
}

/**
 * With the keyboard only (J), moves down the queue until the case view shows an open case
 * nobody holds; the case already shown counts. Returns its id.
 */
export async function keyToNextClaimableCase(page: Page, maxSteps = 80): Promise<string> {
  let current = await shownCaseId(page);
  if (current !== null && (await shownCaseIsClaimable(page))) return current;
  for (let step = 0; step < maxSteps; step++) {
    await page.keyboard.press('j');
    current = await waitForCaseOtherThan(page, current);
    if (await shownCaseIsClaimable(page)) return current;
  }
  throw new Error(`no open, unclaimed case within ${maxSteps} rows of the queue`);
}

/** With the keyboard only (J), moves down the queue to the given case. */
export async function keyToCase(page: Page, caseId: string, maxSteps = 200): Promise<void> {
  let current = await shownCaseId(page);
  for (let step = 0; current !== caseId; step++) {
    if (step >= maxSteps) throw new Error(`case ${caseId} is not within ${maxSteps} rows of the queue`);
    await page.keyboard.press('j');
    current = await waitForCaseOtherThan(page, current);
  }
}

/** Claims the shown case with C and waits until the view says it is mine. */
export async function claimWithKeyboard(page: Page): Promise<void> {
  await page.keyboard.press('c');
  await expect(page.getByTestId('case-view').getByTestId('case-release')).toBeVisible();
}

export async function expectPending(page: Page, count: number): Promise<void> {
  await expect(page.getByTestId('status-pending'), `pending decisions shown in the status bar should be ${count}`).toHaveAttribute('data-count', String(count));
}

export async function expectConflicts(page: Page, count: number): Promise<void> {
  await expect(page.getByTestId('status-conflicts'), `conflicts shown in the status bar should be ${count}`).toHaveAttribute('data-count', String(count));
}

export async function expectOnline(page: Page, online: boolean): Promise<void> {
  await expect(page.getByTestId('status-online')).toHaveAttribute('data-online', String(online));
}

/** The case of the grid row that has the keyboard focus (AG Grid's focused cell), if any. */
export function focusedRowCaseId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const cell = document.querySelector('[data-testid^="queue-"]:not([hidden]) [data-testid^="grid-"] .ag-cell-focus');
    return cell?.closest('.ag-row')?.getAttribute('row-id') ?? null;
  });
}

/** A second browser window for another staff member, with the project's viewport, locale and time zone. */
export async function openSecondPage(browser: Browser, cleanup: Cleanup): Promise<Page> {
  const use = test.info().project.use;
  const context = cleanup.add(
    await browser.newContext({ viewport: use.viewport ?? null, locale: use.locale, timezoneId: use.timezoneId }),
    'close the second browser context',
    (c) => c.close(),
  );
  return context.newPage();
}
