/**
 * Test 4: the case service goes down while a moderator works. The moderator keeps deciding the
 * cases already claimed; each decision waits in the outbox and the status bar's pending count
 * grows. The service comes back (a new process on the same PGlite data and the same port); the
 * console pushes everything, the pending count returns to 0, and the service holds each
 * decision exactly once.
 */
import { openTestConsole } from './support/console';
import { decideWithKeyboard, typedFor, type TypedDecision } from './support/decide';
import { expect, test } from './support/fixtures';
import { rightDecision, statusAfter, type RightDecision } from './support/rulebook';
import { startTestService } from './support/service';
import { loggedDecisions, readAuditLog, readPartition } from './support/service-api';
import {
  claimWithKeyboard, expectConflicts, expectOnline, expectPending, gridRows, keyToNextClaimableCase, openConsolePage, shot, shownCaseId, waitForCaseOtherThan,
} from './support/ui';

const MODERATOR = 'mod-zhangwei';
const SUPERVISOR = 'sup-chenjing';
const CLAIMS = 5;

test('decisions made while the case service is down are pushed once when it returns', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 300 });
  const supervisor = service.token(SUPERVISOR);
  const cases = await readPartition(service.url, supervisor, 'violation');
  const moderatorConsole = await openTestConsole(cleanup, service, MODERATOR);
  await openConsolePage(page, moderatorConsole, service.staff(MODERATOR).name);

  // Online: claim a few cases to work on.
  const claimed: string[] = [];
  while (claimed.length < CLAIMS) {
    claimed.push(await keyToNextClaimableCase(page));
    await claimWithKeyboard(page);
  }
  await page.getByTestId('filter-mine').check();
  await expect(gridRows(page)).toHaveCount(CLAIMS);
  await shot(page, '01-claimed-online');

  // The service goes away; the console notices at its next sync (S asks for one now).
  await service.stop();
  await page.keyboard.press('s');
  await expectOnline(page, false);

  const decided = new Map<string, { typed: TypedDecision; right: RightDecision }>();
  // From the first of my cases down the list, deciding each.
  const firstRow = gridRows(page).and(page.locator('[row-index="0"]'));
  const firstId = await firstRow.getAttribute('row-id');
  await firstRow.locator('[col-id="title"]').click();
  await expect.poll(() => shownCaseId(page)).toBe(firstId);
  let shown = firstId;
  for (let i = 0; i < CLAIMS; i++) {
    if (i > 0) {
      await page.keyboard.press('j');
      shown = await waitForCaseOtherThan(page, shown);
    }
    if (shown === null) throw new Error('no case shown');
    expect(claimed).toContain(shown);
    const c = cases.get(shown);
    if (!c) throw new Error(`the service has no case ${shown}`);
    const right = rightDecision(c);
    const typed = typedFor(right.body, right.ruleRef, `离线裁决 ${shown}：核实直播回放后依 ${right.ruleRef} 处理。`);
    await decideWithKeyboard(page, typed, 'stay');
    await expect(page.getByTestId('decision-pending')).toBeVisible();
    decided.set(shown, { typed, right });
    await expectPending(page, i + 1);
    await expectOnline(page, false);
    if (i === 0) await shot(page, '02-offline-first-pending');
  }
  expect([...decided.keys()].sort()).toEqual([...claimed].sort());
  // The grid marks exactly the cases decided here as waiting to be pushed.
  const markedPending = () => gridRows(page).filter({ has: page.getByTestId('row-pending') }).evaluateAll((rows) => rows.map((r) => r.getAttribute('row-id') ?? '').sort());
  await expect.poll(markedPending, { message: 'rows marked "waiting to be pushed"' }).toEqual([...decided.keys()].sort());
  await shot(page, '03-offline-all-pending');

  // Nothing reached the service while it was down.
  await service.restart();
  expect(loggedDecisions(await readAuditLog(service.url, supervisor)).filter((l) => decided.has(l.decision.caseId))).toHaveLength(0);

  // The service is back: the console pushes the outbox at its next sync (S: now, rather than after its back-off).
  await page.keyboard.press('s');
  await expectOnline(page, true);
  await expectPending(page, 0);
  await expectConflicts(page, 0);
  await expect(page.getByTestId('case-my-decision')).toContainText('已被接受');
  await shot(page, '04-back-online-pushed');

  const logged = loggedDecisions(await readAuditLog(service.url, supervisor));
  const after = await readPartition(service.url, supervisor, 'violation');
  for (const [caseId, { typed, right }] of decided) {
    const onCase = logged.filter((l) => l.decision.caseId === caseId);
    expect(onCase, `decisions logged on ${caseId}`).toHaveLength(1);
    expect(onCase[0]?.decision).toMatchObject({ body: right.body, ruleRef: typed.ruleRef, reason: typed.reason, decidedBy: { id: MODERATOR } });
    expect(after.get(caseId)?.status).toBe(statusAfter(right));
  }
  expect(logged.filter((l) => l.decision.decidedBy.id === MODERATOR)).toHaveLength(CLAIMS);
});
