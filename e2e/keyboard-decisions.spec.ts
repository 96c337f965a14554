/**
 * Test 1: a moderator works through the violation queue with the keyboard alone — J to move,
 * C to claim, the number key of the outcome, D and Tab through the form, Ctrl+Enter to decide
 * and go on — and decides ten cases, each as the rulebook has it (outcome and clause). The case
 * service then holds exactly those ten decisions, each once, on its case, with the rule and
 * reason typed for it.
 */
import type { Case } from '../shared/domain';
import { openTestConsole } from './support/console';
import { decideWithKeyboard, typedFor, type TypedDecision } from './support/decide';
import { expect, test } from './support/fixtures';
import { rightDecision, statusAfter, type RightDecision } from './support/rulebook';
import { startTestService } from './support/service';
import { loggedDecisions, readAuditLog, readPartition } from './support/service-api';
import {
  claimWithKeyboard, countMousePresses, expectConflicts, expectPending, focusedRowCaseId, gridRows, keyToNextClaimableCase, mousePresses, openConsolePage, shot,
  shownCaseId, waitForCaseOtherThan,
} from './support/ui';

const MODERATOR = 'mod-zhangwei';
const SUPERVISOR = 'sup-chenjing';
const TEN = 10;

function caseOf(cases: Map<string, Case>, id: string): Case {
  const c = cases.get(id);
  if (!c) throw new Error(`the service has no case ${id}`);
  return c;
}

test('a moderator claims and decides ten violations with the keyboard alone', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 400 });
  const supervisor = service.token(SUPERVISOR);
  const before = await readPartition(service.url, supervisor, 'violation');
  const moderatorConsole = await openTestConsole(cleanup, service, MODERATOR);

  await countMousePresses(page);
  await openConsolePage(page, moderatorConsole, service.staff(MODERATOR).name);
  await shot(page, '01-queue-before');

  const decided = new Map<string, { typed: TypedDecision; right: RightDecision }>();
  for (let i = 0; i < TEN; i++) {
    const caseId = await keyToNextClaimableCase(page);
    expect(decided.has(caseId), `case ${caseId} came up twice`).toBe(false);
    await claimWithKeyboard(page);
    const right = rightDecision(caseOf(before, caseId));
    const typed = typedFor(right.body, right.ruleRef, `第${i + 1}例：经核实，${caseId} 的情形属实，依 ${right.ruleRef} 处理。`);
    await decideWithKeyboard(page, typed, i === 0 ? 'stay' : 'next');
    decided.set(caseId, { typed, right });
    if (i === 0) {
      // Decided and stayed: the view shows the decision as mine.
      await expect(page.getByTestId('case-my-decision')).toContainText(typed.reason);
      await shot(page, '02-first-decided');
      await page.keyboard.press('j');
    }
    await waitForCaseOtherThan(page, caseId);
  }

  await expectPending(page, 0);
  await expectConflicts(page, 0);
  await shot(page, '03-after-ten');
  expect(await mousePresses(page), 'the test pressed no mouse button').toBe(0);

  // What the case service recorded, read as a supervisor through its HTTP API.
  const logged = loggedDecisions(await readAuditLog(service.url, supervisor));
  expect(logged.filter((l) => l.decision.decidedBy.id === MODERATOR).map((l) => l.decision.caseId).sort()).toEqual([...decided.keys()].sort());
  const after = await readPartition(service.url, supervisor, 'violation');
  for (const [caseId, { typed, right }] of decided) {
    const onCase = logged.filter((l) => l.decision.caseId === caseId);
    expect(onCase, `decisions logged on ${caseId}`).toHaveLength(1);
    const expected = { caseId, body: right.body, ruleRef: typed.ruleRef, reason: typed.reason, decidedBy: { id: MODERATOR, name: service.staff(MODERATOR).name } };
    expect(onCase[0]?.decision).toMatchObject(expected);
    const c = after.get(caseId);
    expect(c?.status, `status of ${caseId}`).toBe(statusAfter(right));
    expect(c?.lastDecision).toMatchObject(expected);
  }
});

test('"decide and next" opens the case right after the one decided, and the grid highlights that case', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 200 });
  const cases = await readPartition(service.url, service.token(SUPERVISOR), 'violation');
  const moderatorConsole = await openTestConsole(cleanup, service, MODERATOR);
  await openConsolePage(page, moderatorConsole, service.staff(MODERATOR).name);
  // The moderator's queue opens on the cases still to do (待处理): a decided case leaves it.
  await expect(page.getByTestId('filter-status')).toContainText('待处理');

  const rendered = await gridRows(page).evaluateAll((rows) =>
    rows.map((r) => ({ index: Number(r.getAttribute('row-index')), id: r.getAttribute('row-id') ?? '' })).sort((a, b) => a.index - b.index),
  );
  const order = rendered.map((r) => r.id);
  expect(order.length).toBeGreaterThan(5);

  await page.keyboard.press('j');
  expect(await waitForCaseOtherThan(page, null)).toBe(order[0]);
  for (let i = 0; i < 4; i++) {
    const caseId = order[i] as string;
    await claimWithKeyboard(page);
    const right = rightDecision(caseOf(cases, caseId));
    await decideWithKeyboard(page, typedFor(right.body, right.ruleRef, `依 ${right.ruleRef} 处理 ${caseId}，事实已核实。`), 'next');
    const next = await waitForCaseOtherThan(page, caseId);
    expect(next, `after deciding ${caseId}, "decide and next" should open the case that followed it`).toBe(order[i + 1]);
    // Once the service has the decision, the decided case drops out of the queue of cases to do…
    await expect(gridRows(page).and(page.locator(`[row-id="${caseId}"]`))).toHaveCount(0);
    if (i === 0) await shot(page, '04-after-refresh-highlight');
    // …and the highlighted row must still be the case the reviewer is looking at, or J and the next "decide and next" skip a case.
    await expect.poll(() => focusedRowCaseId(page), { message: `the grid should highlight ${next}, the case shown` }).toBe(next);
    expect(await shownCaseId(page)).toBe(next);
  }
});
