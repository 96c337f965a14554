/**
 * The queue's cells say what the case says: on every row the grid shows, the SLA countdown (red
 * when overdue, amber when due within two hours), priority, severity and status match the case
 * the service holds. The countdowns follow the clock: an hour later (the page's clock moved on)
 * every SLA cell counts on, and the cases that fell due in that hour turn red. While a sort's
 * rows are on their way, the grid says so instead of looking like an empty queue.
 */
import type { Page } from '@playwright/test';
import type { Case, ViolationCase } from '../shared/domain';
import { openTestConsole } from './support/console';
import { expect, test } from './support/fixtures';
import { startTestService } from './support/service';
import { readPartition } from './support/service-api';
import { gridRows, openConsolePage, shot } from './support/ui';

const MODERATOR = 'mod-zhangwei';
const SUPERVISOR = 'sup-chenjing';
const HOUR = 3600_000;
/** The countdown shows the clock's last tick (every 15 s): cases this close to a colour change are not judged. */
const TICK_SLACK_MS = 30_000;
const STATUS = { open: '待处理', awaiting_approval: '待审批', decided: '已裁决', withdrawn: '已撤回' } as const;
const SEVERITY = { minor: '轻微', general: '一般', serious: '严重', extremely_serious: '特别严重' } as const;

type Shown = { id: string; sla: string; slaText: string; priority: string; severity: string; status: string };

async function shownRows(page: Page): Promise<Shown[]> {
  return gridRows(page).evaluateAll((rows) =>
    rows
      .filter((r) => r.getAttribute('row-id'))
      .map((r) => {
        const cell = (col: string) => r.querySelector(`[col-id="${col}"]`);
        return {
          id: r.getAttribute('row-id') ?? '',
          sla: cell('slaDueAt')?.querySelector('[data-sla]')?.getAttribute('data-sla') ?? '',
          slaText: cell('slaDueAt')?.textContent ?? '',
          priority: cell('priority')?.textContent ?? '',
          severity: cell('severity')?.textContent ?? '',
          status: cell('status')?.textContent ?? '',
        };
      }),
  );
}

/** How the SLA of a case stands at `now`, or null when it is within a tick of changing colour. */
function expectedSla(c: ViolationCase, now: number): string | null {
  const left = c.slaDueAt - now;
  if (Math.abs(left) < TICK_SLACK_MS || Math.abs(left - 2 * HOUR) < TICK_SLACK_MS) return null;
  return left <= 0 ? 'breached' : left <= 2 * HOUR ? 'urgent' : 'ok';
}

function caseOf(cases: Map<string, Case>, id: string): ViolationCase {
  const c = cases.get(id);
  if (!c || c.kind !== 'violation') throw new Error(`the service has no violation ${id}`);
  return c;
}

test('each queue cell shows its case, and the SLA countdowns follow the clock', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 400 });
  const cases = await readPartition(service.url, service.token(SUPERVISOR), 'violation');
  const moderatorConsole = await openTestConsole(cleanup, service, MODERATOR);
  // The page's own clock, still running, that the test can move on.
  await page.clock.install();
  await openConsolePage(page, moderatorConsole, service.staff(MODERATOR).name);

  const check = async (label: string) => {
    const now = await page.evaluate(() => Date.now());
    const rows = await shownRows(page);
    expect(rows.length, `${label}: rows shown`).toBeGreaterThan(15);
    for (const r of rows) {
      const c = caseOf(cases, r.id);
      const sla = expectedSla(c, now);
      if (sla !== null) expect(r.sla, `${label}: SLA state of ${r.id}`).toBe(sla);
      expect(r.slaText, `${label}: SLA of ${r.id}`).toMatch(r.sla === 'breached' ? /^超时 / : /^剩 /);
      expect([r.priority, r.status], `${label}: priority and status of ${r.id}`).toEqual([`P${c.priority}`, STATUS[c.status]]);
      expect(r.severity, `${label}: severity of ${r.id}`).toBe(SEVERITY[c.detail.severity]);
    }
    return { now, rows };
  };

  // The queue opens by SLA: overdue cases (red) first, then those due soon (amber).
  await expect.poll(async () => new Set((await shownRows(page)).map((r) => r.sla)).size, { message: 'red and amber countdowns on the first screen' }).toBeGreaterThan(1);
  const before = await check('at first');
  await shot(page, '01-countdowns');

  await page.clock.fastForward(HOUR);
  const turningRed = before.rows.filter((r) => r.sla === 'urgent' && caseOf(cases, r.id).slaDueAt < before.now + HOUR - TICK_SLACK_MS).map((r) => r.id);
  expect(turningRed.length, 'cases on screen due within the hour').toBeGreaterThan(0);
  await expect.poll(async () => (await shownRows(page)).filter((r) => turningRed.includes(r.id) && r.sla === 'breached').length, { message: 'cases due within the hour now overdue' }).toBe(turningRed.length);
  const after = await check('an hour later');
  const textBefore = new Map(before.rows.map((r) => [r.id, r.slaText]));
  const unchanged = after.rows.filter((r) => textBefore.get(r.id) === r.slaText).map((r) => r.id);
  expect(unchanged, 'SLA countdowns that did not move in an hour').toEqual([]);
  await shot(page, '02-an-hour-later');
});

test('while a sort waits for its rows, the grid says it is loading, then shows the sorted cases', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 400 });
  const moderatorConsole = await openTestConsole(cleanup, service, MODERATOR);
  await openConsolePage(page, moderatorConsole, service.staff(MODERATOR).name);
  const queue = page.getByTestId('queue-violation');
  await expect(gridRows(page).first()).toHaveAttribute('row-id', /.+/);

  // Hold the core's answers to page requests until the loading state has been seen.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/invoke', async (route) => {
    if ((route.request().postData() ?? '').includes('"queue.page"')) await held;
    await route.continue();
  });
  await queue.locator('.ag-header-cell[col-id="priority"] .ag-header-cell-label').click();
  const first = gridRows(page).first();
  await expect(first.locator('[col-id="title"]')).toHaveText('加载中…');
  await expect(first).not.toHaveAttribute('row-id', /.+/);
  await shot(page, '03-sort-loading');

  release();
  await expect(first).toHaveAttribute('row-id', /.+/);
  await expect(first.locator('[col-id="title"]')).not.toHaveText('加载中…');
  await expect(first.locator('[col-id="priority"]')).toHaveText('P1');
  await shot(page, '04-sorted-by-priority');
});
