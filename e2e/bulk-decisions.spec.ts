/**
 * Bulk decisions as a moderator makes them, with the keyboard: tick open violations in the grid
 * (X, J), open the bulk dialog (B), preview, run. (a) Fifty cases, each decided by its own
 * recommendation: the preview lists each case's outcome and clause, and the service logs fifty
 * accepted decisions, each the rulebook's for that case. (b) One common warning: without a
 * written justification the preview refuses the cases it departs for, saying why, and leaves
 * them out; with one, all are decided and the service records the justification on each departure.
 */
import type { Page } from '@playwright/test';
import { openTestConsole } from './support/console';
import { expect, test } from './support/fixtures';
import { rightDecision, statusAfter } from './support/rulebook';
import { startTestService } from './support/service';
import { loggedDecisions, readAuditLog, readPartition } from './support/service-api';
import { expectConflicts, expectPending, gridRows, openConsolePage, shot } from './support/ui';

const MODERATOR = 'mod-zhangwei';
const SUPERVISOR = 'sup-chenjing';

/** Shows only open cases (the status filter), as a moderator narrowing the queue would. */
async function filterOpen(page: Page): Promise<void> {
  const status = page.getByTestId('filter-status');
  await status.locator('summary').click();
  await status.getByTestId('filter-status-open').check();
  await status.locator('summary').click();
  await expect(gridRows(page).first()).toBeVisible();
}

/** Ticks the first `n` rows of the queue with the keyboard (G, then X and J for each); the bulk bar counts them. */
async function tickRows(page: Page, n: number): Promise<void> {
  await page.keyboard.press('g');
  await expect(gridRows(page).and(page.locator('[row-index="0"]')).locator('.ag-cell-focus')).toHaveCount(1);
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('x');
    if (i < n - 1) await page.keyboard.press('j');
  }
  await expect(page.getByTestId('bulk-bar')).toContainText(String(n));
}

/** The cases the preview lists to be decided, in its order. */
function previewedIds(page: Page): Promise<string[]> {
  return page.getByTestId('bulk-change-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id') ?? ''));
}

/** Types the bulk reason with the keyboard: from the mode radios, Tab reaches the fields in order. */
async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  await expect(page.getByTestId(testId)).toBeFocused();
  await page.keyboard.type(text);
}

test('fifty violations decided in one bulk run, each by its own recommendation', async ({ page, cleanup }) => {
  test.setTimeout(240_000);
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 400 });
  const supervisor = service.token(SUPERVISOR);
  const cases = await readPartition(service.url, supervisor, 'violation');
  const console = await openTestConsole(cleanup, service, MODERATOR);
  await openConsolePage(page, console, service.staff(MODERATOR).name);
  await filterOpen(page);
  await tickRows(page, 50);

  await page.keyboard.press('b');
  const dialog = page.getByTestId('bulk-dialog');
  await expect(dialog.getByTestId('bulk-mode-recommended')).toBeFocused();
  await expect(dialog.getByTestId('bulk-mode-recommended')).toBeChecked();
  await page.keyboard.press('Tab');
  const reason = '批量处理：逐案按规则推荐的处理与条款裁决。';
  await typeInto(page, 'bulk-reason', reason);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.getByTestId('bulk-preview')).toBeFocused();
  await page.keyboard.press('Enter');

  // The preview: every case with the outcome and clause the rulebook recommends for it.
  await expect(dialog.getByTestId('bulk-change-count')).toHaveAttribute('data-count', '50');
  await expect(dialog.getByTestId('bulk-change-item')).toHaveCount(50);
  const ids = await previewedIds(page);
  for (const id of ids) {
    const c = cases.get(id);
    if (!c) throw new Error(`the service has no case ${id}`);
    const row = dialog.locator(`[data-testid="bulk-change-item"][data-case-id="${id}"]`);
    await expect(row.locator('td').nth(2)).toHaveText(rightDecision(c).ruleRef);
  }
  await expect(dialog.getByTestId('bulk-refused-item')).toHaveCount(0);
  await shot(page, '01-preview-recommended');

  await expect(dialog.getByTestId('bulk-run')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('bulk-result')).toHaveAttribute('data-ok', '50', { timeout: 60_000 });
  await shot(page, '02-done');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);

  await page.keyboard.press('s');
  await expectPending(page, 0);
  await expectConflicts(page, 0);

  // The service holds fifty accepted decisions, one per case, each the rulebook's for that case.
  const logged = loggedDecisions(await readAuditLog(service.url, supervisor)).filter((l) => l.decision.decidedBy.id === MODERATOR);
  expect(logged.map((l) => l.decision.caseId).sort()).toEqual([...ids].sort());
  const after = await readPartition(service.url, supervisor, 'violation');
  for (const { decision } of logged) {
    const c = cases.get(decision.caseId);
    if (!c) throw new Error(`the service has no case ${decision.caseId}`);
    const right = rightDecision(c);
    expect(decision).toMatchObject({ body: right.body, ruleRef: right.ruleRef, reason });
    expect(after.get(decision.caseId)?.status).toBe(statusAfter(right));
  }
});

test('a common decision departs only with a written justification, recorded on each departure', async ({ page, cleanup }) => {
  test.setTimeout(180_000);
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 200 });
  const supervisor = service.token(SUPERVISOR);
  const cases = await readPartition(service.url, supervisor, 'violation');
  const console = await openTestConsole(cleanup, service, MODERATOR);
  await openConsolePage(page, console, service.staff(MODERATOR).name);
  await filterOpen(page);
  await tickRows(page, 8);

  await page.keyboard.press('b');
  const dialog = page.getByTestId('bulk-dialog');
  await dialog.getByTestId('bulk-mode-common').check();
  await dialog.getByTestId('bulk-outcome').selectOption('warning');
  await dialog.getByTestId('bulk-rule').fill('VIO-GEN-1');
  const reason = '同一直播间同类违规，统一警告。';
  await dialog.getByTestId('bulk-reason').fill(reason);
  await dialog.getByTestId('bulk-preview').click();
  await expect(dialog.getByTestId('bulk-preview-list')).toBeVisible();
  const ids = [...(await previewedIds(page)), ...(await dialog.getByTestId('bulk-refused-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id') ?? '')))];
  expect(ids).toHaveLength(8);
  const departing = ids.filter((id) => {
    const c = cases.get(id);
    return c !== undefined && rightDecision(c).body.outcome.type !== 'warning';
  });
  expect(departing.length, 'some of the ticked cases recommend more than a warning').toBeGreaterThan(0);

  // Without a justification the departures are refused, each saying what the rulebook recommends, and left out.
  await expect(dialog.getByTestId('bulk-refused-item')).toHaveCount(departing.length);
  await expect(dialog.getByTestId('bulk-change-count')).toHaveAttribute('data-count', String(ids.length - departing.length));
  for (const id of departing) {
    const item = dialog.locator(`[data-testid="bulk-refused-item"][data-case-id="${id}"]`);
    await expect(item.locator('[data-code="departure_unjustified"]')).toContainText('书面理由');
  }
  await shot(page, '03-preview-refused-without-justification');

  const justification = '同批次同类违规首次集中处理，统一先行警告，复发再升级。';
  await dialog.getByTestId('bulk-back').click();
  await dialog.getByTestId('bulk-justification').fill(justification);
  await dialog.getByTestId('bulk-preview').click();
  await expect(dialog.getByTestId('bulk-change-count')).toHaveAttribute('data-count', String(ids.length));
  await expect(dialog.getByTestId('bulk-departure')).toHaveCount(departing.length);
  await shot(page, '04-preview-with-justification');
  await dialog.getByTestId('bulk-run').click();
  await expect(dialog.getByTestId('bulk-result')).toHaveAttribute('data-ok', String(ids.length), { timeout: 60_000 });
  await dialog.getByTestId('bulk-close').click();

  await page.keyboard.press('s');
  await expectPending(page, 0);
  await expectConflicts(page, 0);
  const logged = loggedDecisions(await readAuditLog(service.url, supervisor)).filter((l) => l.decision.decidedBy.id === MODERATOR);
  expect(logged.map((l) => l.decision.caseId).sort()).toEqual([...ids].sort());
  for (const { decision } of logged) {
    expect(decision).toMatchObject({ body: { kind: 'violation', outcome: { type: 'warning' } }, ruleRef: 'VIO-GEN-1', reason });
    expect(decision.justification).toBe(departing.includes(decision.caseId) ? justification : undefined);
  }
});
