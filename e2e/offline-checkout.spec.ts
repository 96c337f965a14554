/**
 * Offline checkout before leaving the network: from the queue (O), the moderator checks out the
 * next 20 cases of the filter; the dialog says the service's limit, the status bar and the case
 * view count the lease down, and the evidence comes along. The service stops; the moderator
 * reads their evidence from the cache and decides all 20 in one bulk run (no claim needed). The service starts
 * again on the same data and port: 20 decisions accepted, 0 conflicts.
 */
import { openTestConsole } from './support/console';
import { expect, test } from './support/fixtures';
import { rightDecision, statusAfter } from './support/rulebook';
import { startTestService } from './support/service';
import { loggedDecisions, readAuditLog, readPartition } from './support/service-api';
import { expectConflicts, expectOnline, expectPending, gridRows, openConsolePage, shot, shownCaseId } from './support/ui';
import { MAX_OFFLINE_CHECKOUT, OFFLINE_LEASE_MS } from '../shared/sync/protocol';

const MODERATOR = 'mod-zhangwei';
const SUPERVISOR = 'sup-chenjing';
const CHECKOUT = 20;

test('twenty cases checked out, decided with the service stopped, all accepted when it returns', async ({ page, cleanup }) => {
  test.setTimeout(480_000);
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 300 });
  const supervisor = service.token(SUPERVISOR);
  const cases = await readPartition(service.url, supervisor, 'violation');
  const console = await openTestConsole(cleanup, service, MODERATOR);
  await openConsolePage(page, console, service.staff(MODERATOR).name);

  // O opens the checkout; it says the service's bound and offers the next N of the filter.
  const startedAt = Date.now();
  await page.keyboard.press('o');
  const dialog = page.getByTestId('checkout-dialog');
  await expect(dialog.getByTestId('checkout-limit')).toContainText(String(MAX_OFFLINE_CHECKOUT));
  await expect(dialog.getByTestId('checkout-next')).toBeChecked();
  await expect(dialog.getByTestId('checkout-count')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(CHECKOUT));
  await page.keyboard.press('Enter');
  const result = dialog.getByTestId('checkout-result');
  await expect(result).toHaveAttribute('data-granted', String(CHECKOUT), { timeout: 60_000 });
  await shot(page, '01-checked-out');
  await expect(dialog.getByTestId('checkout-close')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);

  // The status bar counts the checkout down from about eight hours.
  const countdown = page.getByTestId('status-checkout');
  await expect(countdown).toHaveAttribute('data-held', String(CHECKOUT));
  const expiresAt = Number(await countdown.getAttribute('data-expires-at'));
  expect(expiresAt).toBeGreaterThanOrEqual(startedAt + OFFLINE_LEASE_MS - 60_000);
  await expect(countdown).toContainText(/[78]:\d\d:\d\d/);
  const first = await countdown.textContent();
  await expect.poll(() => countdown.textContent(), { message: 'the countdown ticks' }).not.toBe(first);

  await page.getByTestId('filter-mine').check();
  await expect(gridRows(page)).toHaveCount(CHECKOUT);
  const checkedOut = await gridRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('row-id') ?? ''));
  const open = async (caseId: string) => {
    await gridRows(page).and(page.locator(`[row-id="${caseId}"]`)).locator('[col-id="title"]').click();
    await expect.poll(() => shownCaseId(page)).toBe(caseId);
  };
  await open(checkedOut[0] ?? '');
  await expect(page.getByTestId('case-lease-countdown')).toContainText(/[78]:\d\d:\d\d/);
  await shot(page, '02-countdown');

  // The service goes away.
  await service.stop();
  await page.keyboard.press('s');
  await expectOnline(page, false);

  // The evidence came along: the images of the checked-out cases show with the service gone.
  let evidenceSeen = 0;
  for (const caseId of checkedOut.slice(0, 3)) {
    await open(caseId);
    const images = (cases.get(caseId)?.evidence ?? []).filter((e) => e.mediaType.startsWith('image/')).length;
    await expect(page.getByTestId('evidence-thumb').locator('img')).toHaveCount(images);
    evidenceSeen += images;
  }
  expect(evidenceSeen, 'images shown offline from the checkout').toBeGreaterThan(0);

  // All twenty decided offline in one bulk run by their own recommendations: no claim needed, none refused.
  await open(checkedOut[0] ?? '');
  await page.keyboard.press('g');
  for (let i = 0; i < CHECKOUT; i++) {
    await page.keyboard.press('x');
    if (i < CHECKOUT - 1) await page.keyboard.press('j');
  }
  await expect(page.getByTestId('bulk-bar')).toContainText(String(CHECKOUT));
  await page.keyboard.press('b');
  const bulk = page.getByTestId('bulk-dialog');
  await bulk.getByTestId('bulk-reason').fill('离线裁决：逐案依规则推荐处理。');
  await bulk.getByTestId('bulk-preview').click();
  await expect(bulk.getByTestId('bulk-change-count')).toHaveAttribute('data-count', String(CHECKOUT));
  await bulk.getByTestId('bulk-run').click();
  await expect(bulk.getByTestId('bulk-result')).toHaveAttribute('data-ok', String(CHECKOUT), { timeout: 60_000 });
  await bulk.getByTestId('bulk-close').click();
  await expectPending(page, CHECKOUT);
  await expectOnline(page, false);
  const decided = new Set(checkedOut);
  await shot(page, '03-offline-decided');

  await service.restart();
  await page.keyboard.press('s');
  await expectOnline(page, true);
  await expectPending(page, 0);
  await expectConflicts(page, 0);
  await shot(page, '04-back-online');

  const logged = loggedDecisions(await readAuditLog(service.url, supervisor)).filter((l) => l.decision.decidedBy.id === MODERATOR);
  expect(logged.map((l) => l.decision.caseId).sort()).toEqual([...decided].sort());
  const after = await readPartition(service.url, supervisor, 'violation');
  for (const { decision } of logged) {
    const c = cases.get(decision.caseId);
    if (!c) throw new Error(`the service has no case ${decision.caseId}`);
    expect(after.get(decision.caseId)?.status).toBe(statusAfter(rightDecision(c)));
  }
});
