/**
 * Issue 17 "escalation offline" and issue 15 e2e 4, in one arbiter's session (one service, one
 * demo load, to keep the suite fast). The arbiter claims a refund dispute and reveals the buyer's
 * phone number with a reason: shown unmasked, and the supervisor finds the reveal in the log
 * (through the service's audit endpoint; the audit workspace is built elsewhere). Then the
 * service goes down and the arbiter escalates the case with a note: it waits in the outbox; the
 * service comes back, the move is pushed once, and the supervisor sees the case with the note in
 * the escalated view.
 */
import { openTestConsole } from './support/console';
import { expect, test } from './support/fixtures';
import { startTestService } from './support/service';
import { readAuditLog } from './support/service-api';
import { claimWithKeyboard, expectOnline, expectPending, keyToNextClaimableCase, openConsolePage, openSecondPage, shot } from './support/ui';

const ARBITER = 'arb-wangfang';
const SUPERVISOR = 'sup-chenjing';
const REASON = '致电买家核实退货地址';
const NOTE = '买家与商家的开箱视频互相矛盾，请主管裁决。';

test('an arbiter reveals a buyer\'s phone with a reason, then escalates offline; the supervisor sees both', async ({ page, browser, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 120 });
  const arbiterConsole = await openTestConsole(cleanup, service, ARBITER);
  await openConsolePage(page, arbiterConsole, service.staff(ARBITER).name);

  const caseId = await keyToNextClaimableCase(page);
  await claimWithKeyboard(page);
  const contact = page.getByTestId('buyer-contact');
  await expect(contact.getByTestId('masked-buyer-phone')).toHaveText(/^1\d{2}\*{4}\d{4}$/);
  await contact.getByTestId('reveal-buyer-phone').click();
  await contact.getByTestId('reveal-reason-buyer-phone').fill(REASON);
  await contact.getByTestId('reveal-confirm-buyer-phone').click();
  await expect(contact.getByTestId('revealed-buyer-phone')).toHaveText(/^1[3-9]\d{9}$/);
  await expect(contact.getByTestId('reveal-countdown-buyer-phone')).toBeVisible();
  const phone = (await contact.getByTestId('revealed-buyer-phone').textContent()) ?? '';
  await shot(page, 'reveal-01-shown');
  const reveals = (await readAuditLog(service.url, service.token(SUPERVISOR))).filter((e) => e.action === 'reveal' && e.caseId === caseId);
  expect(reveals).toHaveLength(1);
  expect(reveals[0]).toMatchObject({ actor: { id: ARBITER }, payload: { field: 'buyer.phone', reason: REASON, kinds: ['phone'] } });
  // The log says who, which field and why, never the number itself.
  expect(JSON.stringify(reveals)).not.toContain(phone);

  // The service goes away; the console notices at its next sync (S).
  await service.stop();
  await page.keyboard.press('s');
  await expectOnline(page, false);
  await page.getByTestId('case-title').click();
  await page.keyboard.press('e');
  await page.getByTestId('escalate-note').fill(NOTE);
  await page.getByTestId('escalate-submit').click();
  await expect(page.getByTestId('escalation-mine')).toContainText('等待推送');
  await expectPending(page, 1);
  await shot(page, 'escalation-01-offline-pending');

  await service.restart();
  await page.keyboard.press('s');
  await expectPending(page, 0);
  await expect(page.getByTestId('escalation-mine')).toContainText('已接受');
  const moves = (await readAuditLog(service.url, service.token(SUPERVISOR))).filter((e) => e.action === 'escalation' && e.caseId === caseId);
  expect(moves).toHaveLength(1);

  const supervisorConsole = await openTestConsole(cleanup, service, SUPERVISOR);
  const supervisor = await openSecondPage(browser, cleanup);
  await openConsolePage(supervisor, supervisorConsole, service.staff(SUPERVISOR).name);
  await supervisor.keyboard.press('Shift+E');
  const row = supervisor.locator(`[data-testid="escalated-row"][data-case-id="${caseId}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('escalated-note')).toHaveText(NOTE);
  await expect(row).toContainText(service.staff(ARBITER).name);
  await shot(supervisor, 'escalation-02-supervisor-view');
});
