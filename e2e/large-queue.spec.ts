/**
 * Test 5: a moderator's violation queue of 200,000 cases (DOCKET_E2E_QUEUE_SIZE=1000000 for a
 * million): after sorting by amount and after filtering by region, the grid shows rows, and
 * they are the right ones — the largest amount first, only the chosen region, and the count
 * the queue really holds. The queue is seeded straight into the console's SQLite file with the
 * core's bootstrap functions (see support/seed-queue.ts); the case service behind the console
 * has nothing new. Scrolling on, each next block is asked after the anchor of the block before.
 * How fast the rows paint is the benchmark's measurement, not this test's.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openTestConsole } from './support/console';
import { expect, test } from './support/fixtures';
import { seedViolationQueue } from './support/seed-queue';
import { startTestService } from './support/service';
import { feedEndCursor } from './support/service-api';
import { gridRows, openConsolePage, shot } from './support/ui';

const MODERATOR = 'mod-zhangwei';
const SIZE = Number(process.env.DOCKET_E2E_QUEUE_SIZE ?? 200_000);

/** "¥10,000.00" → 1000000 */
const shownFen = (text: string) => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);
const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

/** The rendered rows in row order: id, amount text and region text (empty while a row is loading). */
function renderedRows(page: Page) {
  return gridRows(page).evaluateAll((rows) =>
    rows
      .map((r) => ({
        index: Number(r.getAttribute('row-index')),
        id: r.getAttribute('row-id') ?? '',
        amount: r.querySelector('[col-id="amountFen"]')?.textContent ?? '',
        region: r.querySelector('[col-id="region"]')?.textContent ?? '',
      }))
      .sort((a, b) => a.index - b.index),
  );
}

test(`sorting and filtering a ${SIZE.toLocaleString('en')}-case queue shows the right rows`, async ({ page, cleanup }) => {
  test.setTimeout(120_000 + SIZE / 5);
  const service = await startTestService(cleanup);
  const dbPath = join(service.dir, `console-${MODERATOR}.sqlite`);
  const cursor = await feedEndCursor(service.url, service.token(MODERATOR), 'violation');
  const facts = await seedViolationQueue(dbPath, { count: SIZE, cursor });
  test.info().annotations.push({ type: 'seeded', description: `${facts.total} violations in ${facts.seconds.toFixed(1)} s` });
  console.log(`[large-queue] seeded ${facts.total} violations in ${facts.seconds.toFixed(1)} s`);
  const open = facts.byStatus.get('open') ?? 0;

  const moderatorConsole = await openTestConsole(cleanup, service, MODERATOR, { dbPath });
  await openConsolePage(page, moderatorConsole, service.staff(MODERATOR).name);
  const queue = page.getByTestId('queue-violation');
  // The moderator's queue opens on the open cases: all of them are counted.
  await expect(page.getByTestId('filter-status')).toContainText('待处理');
  await expect.poll(async () => digits(await queue.getByTestId('queue-count').textContent())).toBe(open);
  await shot(page, '01-queue-loaded');

  // A moderator's default columns leave the amount and the region out: show them (the column chooser).
  await queue.getByTestId('column-chooser').locator('summary').click();
  await queue.getByTestId('column-amountFen').check();
  await queue.getByTestId('column-region').check();
  await queue.getByTestId('column-chooser').locator('summary').click();

  // Sort by amount, largest first (the header's second click).
  const amountHeader = queue.locator('.ag-header-cell[col-id="amountFen"]');
  await amountHeader.click();
  await expect(amountHeader).toHaveAttribute('aria-sort', 'ascending');
  await amountHeader.click();
  await expect(amountHeader).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => shownFen((await renderedRows(page))[0]?.amount ?? ''), { message: 'the first row should carry the largest amount' }).toBe(facts.openMaxAmountFen);
  const sorted = (await renderedRows(page)).filter((r) => r.amount !== '');
  expect(sorted.length).toBeGreaterThan(15);
  for (let i = 1; i < sorted.length; i++) expect(shownFen(sorted[i]?.amount ?? ''), `row ${sorted[i]?.index}`).toBeLessThanOrEqual(shownFen(sorted[i - 1]?.amount ?? ''));
  await shot(page, '02-sorted-by-amount-desc');

  // Scrolling on: each next block is asked after the last row of the block before (its anchor),
  // and the rows run on across the block edges in order, none twice.
  const asks: { offset: number; anchored: boolean }[] = [];
  page.on('request', (r) => {
    if (!r.url().endsWith('/api/invoke')) return;
    const body = r.postDataJSON() as { channel?: string; input?: { offset?: number; after?: string } } | null;
    if (body?.channel === 'queue.page' && typeof body.input?.offset === 'number') asks.push({ offset: body.input.offset, anchored: body.input.after !== undefined });
  });
  const seen = new Map<number, { id: string; amount: string }>();
  for (const top of [90, 190, 290]) {
    await queue.locator('.ag-body-vertical-scroll-viewport').evaluate((el, y) => {
      el.scrollTop = y;
    }, top * 32);
    await expect.poll(async () => (await renderedRows(page)).filter((r) => r.index >= top + 5 && r.amount !== '').length, { message: `rows after ${top} loaded` }).toBeGreaterThan(0);
    for (const r of await renderedRows(page)) if (r.amount !== '') seen.set(r.index, r);
  }
  expect(asks.filter((a) => a.offset > 0 && a.offset <= 300), 'blocks 100–300 asked after the block before').toEqual(
    expect.arrayContaining([{ offset: 100, anchored: true }, { offset: 200, anchored: true }, { offset: 300, anchored: true }]),
  );
  const scrolled = [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  expect(new Set(scrolled.map((r) => r.id)).size, 'no row twice').toBe(scrolled.length);
  for (let i = 1; i < scrolled.length; i++) expect(shownFen(scrolled[i]?.amount ?? '')).toBeLessThanOrEqual(shownFen(scrolled[i - 1]?.amount ?? ''));
  await shot(page, '02b-scrolled-past-three-blocks');

  // Filter to one region (a mid-sized one), keeping the sort.
  const [region, expected] = [...facts.openByRegion.entries()].sort((a, b) => b[1].count - a[1].count)[2] ?? [];
  if (!region || !expected) throw new Error('the seeded queue has too few regions');
  const regionFilter = queue.getByTestId('filter-region');
  await regionFilter.locator('summary').click();
  const box = regionFilter.getByTestId(`filter-region-${region}`);
  const label = ((await box.locator('xpath=..').textContent()) ?? '').trim();
  await box.check();
  await regionFilter.locator('summary').click();
  await expect.poll(async () => digits(await queue.getByTestId('queue-count').textContent()), { message: `open cases in ${region}` }).toBe(expected.count);
  await expect.poll(async () => shownFen((await renderedRows(page))[0]?.amount ?? '')).toBe(expected.maxAmountFen);
  const filtered = await renderedRows(page);
  expect(filtered.length).toBeGreaterThan(Math.min(15, expected.count - 1));
  expect(filtered.filter((r) => facts.regionOf.get(r.id) !== region).map((r) => r.id), `rows outside ${region}`).toEqual([]);
  // The region column sits at the right of the grid: scroll there to see it on every row.
  await queue.locator('.ag-body-horizontal-scroll-viewport').evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  await expect.poll(async () => (await renderedRows(page)).map((r) => r.region).filter((text) => text !== label), { message: `every row should show ${label}` }).toEqual([]);
  await shot(page, '03-filtered-by-region');
});
