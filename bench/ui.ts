/**
 * Phase 4, UI: web mode (the real renderer, web host and console core) in Debian's Chromium on
 * the console database of N cases. Each action is a real click through Playwright: a sort
 * header (ascending, descending, off) or a filter checkbox (on, off); the page times it from
 * the pointerdown to the frame after the first rows show the new cases (ui-probe.ts).
 */
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { openConsole } from '../electron/core/console';
import { startWebHost } from '../electron/host/web-host';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { buildIfNeeded } from '../scripts/build';
import { RENDERER_DIST } from '../scripts/paths';
import { CASE_STATUSES, PRODUCT_CATEGORIES, REGIONS, SEVERITIES } from '../shared/domain';
import { call } from './call';
import { distribution, round, type Distribution } from './stats';
import { installProbe, isSettled, RECORD_API_CALLS, type ProbeWindow } from './ui-probe';

export const UI_TARGET_MS = 150;
const ACTION_TIMEOUT_MS = 10_000;
const QUEUE = '[data-testid="queue-violation"]';

export interface UiAction {
  type: 'sort' | 'filter';
  label: string;
  /** Pointerdown → rows painted; null: no change seen within the time limit, or the action failed (`error`). */
  ms: number | null;
  /**
   * Where the time went: pointerdown → the first `queue.page` call leaves the page (grid and
   * filter debounce, React), that call's round trip (web host + core + SQLite), its answer → painted.
   */
  split?: { toRequest: number; roundTrip: number; toPaint: number; pageCalls: number; countCalls: number };
  error?: string;
}

export interface UiReport {
  queue: string;
  queueRows: number;
  sort: Distribution;
  filter: Distribution;
  all: Distribution;
  timeouts: number;
  /** Medians of the split per action type (see UiAction.split). */
  splitP50: Record<UiAction['type'], { toRequest: number; roundTrip: number; toPaint: number } | null>;
  actions: UiAction[];
  notes: string[];
}

async function measure(page: Page, act: () => Promise<void>): Promise<Pick<UiAction, 'ms' | 'split' | 'error'>> {
  await page.waitForFunction(isSettled, undefined, { timeout: 30_000 });
  await page.waitForTimeout(300); // let the previous action's debounce and saves go by
  await page.evaluate((t) => (window as unknown as ProbeWindow).__docketBench?.arm(t), ACTION_TIMEOUT_MS);
  await act();
  const r = await page.evaluate(() => (window as unknown as ProbeWindow).__docketBench?.done ?? Promise.resolve(null));
  const calls = await page.evaluate((since) => ((window as unknown as ProbeWindow).__docketCalls ?? []).filter((c) => c.start >= since), r?.t0 ?? 0);
  const failed = calls.find((c) => c.ok === false);
  if (!r) return { ms: null, error: failed ? `a console API call failed: ${failed.channel}: ${failed.error}` : `no new rows within ${ACTION_TIMEOUT_MS / 1000} s` };
  const pages = calls.filter((c) => c.channel === 'queue.page' && c.end !== null && c.end <= r.t1);
  const first = pages[0];
  const last = pages.at(-1);
  return {
    ms: round(r.t1 - r.t0, 1),
    ...(first && last
      ? {
          split: {
            toRequest: round(first.start - r.t0, 1),
            roundTrip: round((last.end ?? last.start) - first.start, 1),
            toPaint: round(r.t1 - (last.end ?? r.t1), 1),
            pageCalls: pages.length,
            countCalls: calls.filter((c) => c.channel === 'queue.count' && c.start <= r.t1).length,
          },
        }
      : {}),
  };
}

export interface UiOptions {
  dbPath: string;
  serviceUrl: string;
  token: string;
  rounds: number;
  /** Where screenshots of failed actions and the final state go. */
  shotDir: string;
  log: (s: string) => void;
}

export async function benchUi(opts: UiOptions): Promise<UiReport> {
  await buildIfNeeded({ renderer: true, electron: false });
  const cleanup: (() => Promise<void>)[] = [];
  try {
    // No background sync: a pull would refresh the grid in the middle of a measurement.
    const core = await openConsole({ dbPath: opts.dbPath, serverUrl: opts.serviceUrl, token: opts.token, autoSync: false });
    cleanup.unshift(() => core.close());
    const host = await startWebHost({ core, rendererDir: RENDERER_DIST });
    cleanup.unshift(() => host.close());
    // One cycle, so the status bar shows the console online and the database is current.
    await call(core, 'sync.now', {});
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    cleanup.unshift(() => browser.close());
    const actions: UiAction[] = [];
    const biggest = async <T extends string>(values: readonly T[], filter: (v: T) => object): Promise<T> => {
      let best: [T, number] | null = null;
      for (const v of values) {
        const { count } = await call(core, 'queue.count', { kind: 'violation', filter: filter(v) });
        if (!best || count > best[1]) best = [v, count];
      }
      return (best as [T, number])[0];
    };
    const region = await biggest(REGIONS, (r) => ({ region: [r] }));
    const category = await biggest(PRODUCT_CATEGORIES, (c) => ({ category: [c] }));
    const severity = await biggest(SEVERITIES, (s) => ({ severity: [s] }));
    // Demo cases are open until someone decides them, so "open only" changes nothing on screen; the most
    // common other status does (decided, once the push phase has run), if it fills the first rows.
    const status = await biggest(CASE_STATUSES.filter((s) => s !== 'open'), (s) => ({ status: [s] }));
    const statusRows = (await call(core, 'queue.count', { kind: 'violation', filter: { status: [status] } })).count;
    const notes: string[] = [];
    if (statusRows < 12) notes.push(`status filter not measured: no status other than open has 12 violations (${status}: ${statusRows}); run the push phase first`);
    const queueRows = (await call(core, 'queue.count', { kind: 'violation', filter: {} })).count;

    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.addInitScript(RECORD_API_CALLS);
    await page.goto(host.url);
    await page.locator(`${QUEUE} .ag-row[row-index="0"][row-id]`).waitFor({ timeout: 60_000 });
    // tsx compiles functions with esbuild's keepNames: the page needs its `__name` helper to run them.
    await page.evaluate('window.__name = (f) => f');
    await page.evaluate(installProbe);
    const queue = page.locator(QUEUE);

    const header = (col: string) => queue.locator(`.ag-header-cell[col-id="${col}"] .ag-header-cell-label`);
    // Off-screen columns are not in the DOM (column virtualization): scroll the grid sideways until the header is.
    const reveal = async (col: string) => {
      for (const to of ['start', 'end'] as const) {
        if ((await header(col).count()) > 0) return;
        await queue.locator('.ag-body-horizontal-scroll-viewport').evaluate((el, where) => {
          el.scrollLeft = where === 'start' ? 0 : el.scrollWidth;
        }, to);
        await page.waitForTimeout(100);
      }
    };
    const attempt = async (type: UiAction['type'], label: string, act: () => Promise<void>) => {
      let result: Pick<UiAction, 'ms' | 'split' | 'error'>;
      try {
        result = await measure(page, act);
      } catch (e) {
        result = { ms: null, error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
      }
      actions.push({ type, label, ...result });
      if (result.ms === null) {
        opts.log(`  ${label}: ${result.error ?? 'failed'}`);
        await page.screenshot({ path: join(opts.shotDir, `ui-failure-${actions.length}.png`) }).catch(() => undefined);
      }
    };
    const sortClick = async (col: string, label: string, timed: boolean) => {
      await reveal(col);
      if (timed) await attempt('sort', `${col} → ${label}`, () => header(col).click());
      else await header(col).click();
    };
    const toggle = async (testId: string, label: string, inDetails: string | null) => {
      const summary = inDetails ? queue.getByTestId(inDetails).locator('summary') : null;
      await summary?.click();
      for (const state of ['on', 'off']) await attempt('filter', `${label} ${state}`, () => queue.getByTestId(testId).click());
      await summary?.click();
      // A failed toggle can leave a filter on (or the grid empty): start the next one from no filter.
      if (!(await page.evaluate(isSettled)) && (await queue.getByTestId('filter-clear').count()) > 0) await queue.getByTestId('filter-clear').click();
    };

    // A supervisor's default columns leave some of those the run sorts by out: show them (the reviewer's column chooser).
    await queue.getByTestId('column-chooser').locator('summary').click();
    for (const col of ['priority', 'amountFen', 'age', 'updatedAt', 'slaDueAt']) {
      const box = queue.getByTestId(`column-${col}`);
      if (!(await box.isChecked())) await box.check();
    }
    await queue.getByTestId('column-chooser').locator('summary').click();

    for (let round = 0; round < opts.rounds; round++) {
      opts.log(`  round ${round + 1} of ${opts.rounds}`);
      for (const col of ['priority', 'amountFen', 'age', 'updatedAt']) {
        await sortClick(col, 'asc', true);
        await sortClick(col, 'desc', true);
        await sortClick(col, 'off', true);
      }
      // The default order is the SLA ascending: that click changes nothing on screen.
      await sortClick('slaDueAt', 'asc', false);
      await sortClick('slaDueAt', 'desc', true);
      await sortClick('slaDueAt', 'off', true);
      // From no filter at all (a supervisor's queue opens on open + awaiting approval), so every toggle below changes the rows.
      if ((await queue.getByTestId('filter-clear').count()) > 0) {
        await queue.getByTestId('filter-clear').click();
        await page.waitForFunction(isSettled, undefined, { timeout: 30_000 });
      }
      // Largest amounts first: under the default SLA order the first rows are overdue open cases, which
      // "open only" or "deadline passed" would leave unchanged on screen.
      await sortClick('amountFen', 'asc', false);
      await page.waitForFunction(isSettled, undefined, { timeout: 30_000 });
      await sortClick('amountFen', 'desc', false);
      await toggle(`filter-region-${region}`, `region=${region}`, 'filter-region');
      await toggle(`filter-category-${category}`, `category=${category}`, 'filter-category');
      if (statusRows >= 12) await toggle(`filter-status-${status}`, `status=${status}`, 'filter-status');
      await toggle(`filter-severity-${severity}`, `severity=${severity}`, 'filter-severity');
      await toggle('filter-breached', 'slaBreached', null);
      await page.waitForFunction(isSettled, undefined, { timeout: 30_000 });
      await sortClick('amountFen', 'off', false);
    }
    await page.screenshot({ path: join(opts.shotDir, 'ui-last.png') }).catch(() => undefined);
    await context.close();
    const median = (t: UiAction['type']) => {
      const splits = actions.filter((a) => a.type === t && a.split).map((a) => a.split as NonNullable<UiAction['split']>);
      if (splits.length === 0) return null;
      const p50 = (k: 'toRequest' | 'roundTrip' | 'toPaint') => distribution(splits.map((x) => x[k])).p50;
      return { toRequest: p50('toRequest'), roundTrip: p50('roundTrip'), toPaint: p50('toPaint') };
    };
    const ok = (t: UiAction['type'] | null) => actions.filter((a) => (t === null || a.type === t) && a.ms !== null).map((a) => a.ms as number);
    return {
      queue: 'violation (signed in as a supervisor)',
      queueRows,
      sort: distribution(ok('sort')),
      filter: distribution(ok('filter')),
      all: distribution(ok(null)),
      timeouts: actions.filter((a) => a.ms === null).length,
      splitP50: { sort: median('sort'), filter: median('filter') },
      actions,
      notes: [
        ...notes,
        'headless Chromium with --disable-gpu (software rendering), viewport 1600×900, autoSync off (no background refreshes)',
        'time from the pointerdown of the click to the frame after the first 12 rows show the new cases with their data',
      ],
    };
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
  }
}
