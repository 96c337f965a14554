/**
 * Test 3: two moderators, two consoles, one case service. 张伟 claims a case and decides it while
 * his network is down; his claim runs out and 李娜 takes the case over. When 张伟's decision
 * finally arrives, the service refuses it as a conflict, and his inbox shows both versions and
 * who decided. He withdraws (first test) or re-decides (second test); either way the service
 * ends with exactly one decision on the case.
 */
import type { Page } from '@playwright/test';
import { CaseDetail } from '../shared/api';
import type { Case } from '../shared/domain';
import { openTestConsole, type TestConsole } from './support/console';
import { decideWithKeyboard, typedFor, type TypedDecision } from './support/decide';
import { expect, test, type Cleanup } from './support/fixtures';
import { startCuttableLink, type CuttableLink } from './support/proxy';
import { rightDecision, statusAfter, type RightDecision } from './support/rulebook';
import { startTestService, type TestService } from './support/service';
import { loggedDecisions, readAuditLog, readPartition } from './support/service-api';
import {
  claimWithKeyboard, expectConflicts, expectOnline, expectPending, keyToCase, keyToNextClaimableCase, openConsolePage, openSecondPage, shot,
} from './support/ui';

const ZHANG = 'mod-zhangwei';
const LI = 'mod-lina';
const SUPERVISOR = 'sup-chenjing';
/** Short online claims, so 张伟's runs out while he is cut off (the default is 10 minutes). */
const LEASE_MS = { online: 10_000, offline: 8 * 3_600_000 };

interface Scene {
  service: TestService;
  link: CuttableLink;
  zhang: TestConsole;
  zhangPage: Page;
  liPage: Page;
  /** The violations as the service held them before anyone decided. */
  cases: Map<string, Case>;
}

async function setUp(page: Page, second: Page, cleanup: Cleanup): Promise<Scene> {
  const service = await startTestService(cleanup, { leaseMs: LEASE_MS });
  await service.loadDemo({ count: 200 });
  const link = await startCuttableLink(cleanup, service.port);
  const zhang = await openTestConsole(cleanup, service, ZHANG, { serverUrl: link.url });
  const li = await openTestConsole(cleanup, service, LI);
  await openConsolePage(page, zhang, service.staff(ZHANG).name);
  await openConsolePage(second, li, service.staff(LI).name);
  const cases = await readPartition(service.url, service.token(SUPERVISOR), 'violation');
  return { service, link, zhang, zhangPage: page, liPage: second, cases };
}

/** The rulebook's decision for a case of the scene. */
function rightFor(s: Scene, caseId: string): RightDecision {
  const c = s.cases.get(caseId);
  if (!c) throw new Error(`the service has no case ${caseId}`);
  return rightDecision(c);
}

/** 张伟 claims the first open case, loses his network, decides it anyway (as the rulebook has it). */
async function zhangDecidesWhileCutOff(s: Scene): Promise<{ caseId: string; decision: TypedDecision }> {
  const caseId = await keyToNextClaimableCase(s.zhangPage);
  await claimWithKeyboard(s.zhangPage);
  await s.link.cut();
  const right = rightFor(s, caseId);
  const decision = typedFor(right.body, right.ruleRef, `张伟：${caseId} 证据确凿，依 ${right.ruleRef} 处理。`);
  await decideWithKeyboard(s.zhangPage, decision, 'stay');
  await expect(s.zhangPage.getByTestId('decision-pending')).toBeVisible();
  await expectPending(s.zhangPage, 1);
  await expectOnline(s.zhangPage, false);
  await shot(s.zhangPage, `${test.info().title.includes('withdraw') ? 'w' : 'r'}-01-zhang-decided-offline`);
  return { caseId, decision };
}

/** Waits (without asserting on time) until the service's claim of 张伟 on the case has run out. */
async function untilZhangsClaimEnds(s: Scene, caseId: string): Promise<void> {
  const r = await s.zhang.core.invoke('case.get', { caseId });
  if (!r.ok) throw new Error(r.error.message);
  // The claim as the service granted it to 张伟 (his console keeps the service's expiry).
  const mine = CaseDetail.parse(r.value).myLease;
  if (!mine) throw new Error(`张伟's console holds no claim on ${caseId}`);
  const ends = mine.expiresAt;
  await expect.poll(() => Date.now() > ends + 250, { timeout: LEASE_MS.online + 10_000, message: '张伟\'s claim should run out' }).toBe(true);
}

/** 张伟's network comes back; S syncs now, and his decision comes back as a conflict. */
async function zhangReconnects(s: Scene): Promise<void> {
  await s.link.restore();
  await s.zhangPage.keyboard.press('s');
  await expectOnline(s.zhangPage, true);
  await expectPending(s.zhangPage, 0);
  await expectConflicts(s.zhangPage, 1);
  await s.zhangPage.keyboard.press('i');
  await expect(s.zhangPage.getByTestId('conflict-inbox')).toBeVisible();
}

test('two moderators decide the same case: the loser sees who decided, and withdraws', async ({ page, browser, cleanup }) => {
  const s = await setUp(page, await openSecondPage(browser, cleanup), cleanup);
  const { caseId, decision: zhangs } = await zhangDecidesWhileCutOff(s);
  await untilZhangsClaimEnds(s, caseId);

  // 李娜 finds the case free, takes it over and decides; her console is online, so the service accepts it.
  await keyToCase(s.liPage, caseId);
  await claimWithKeyboard(s.liPage);
  const right = rightFor(s, caseId);
  const lis = typedFor(right.body, right.ruleRef, `李娜：${caseId} 复核回放后确认，依 ${right.ruleRef} 处理。`);
  await decideWithKeyboard(s.liPage, lis, 'stay');
  await expectPending(s.liPage, 0);
  await expect(s.liPage.getByTestId('case-my-decision')).toContainText('已被接受');
  await shot(s.liPage, 'w-02-li-decided');

  await zhangReconnects(s);
  const entry = s.zhangPage.locator(`[data-testid="inbox-entry"][data-case-id="${caseId}"]`);
  await expect(entry.getByTestId('inbox-reason')).toContainText('已被他人裁决');
  await expect(entry.getByTestId('inbox-mine')).toContainText(zhangs.reason);
  await expect(entry.getByTestId('inbox-theirs')).toContainText(lis.reason);
  await expect(entry.getByTestId('inbox-theirs-by')).toContainText('李娜');
  // Who decided, when (in the locale's format, not an ISO timestamp) and what, in words.
  const standing = entry.getByTestId('inbox-standing');
  await expect(standing).toContainText('李娜 已于');
  await expect(standing).not.toContainText(/\d{4}-\d{2}-\d{2}T/);
  await shot(s.zhangPage, 'w-03-zhang-inbox');
  await s.zhangPage.getByTestId('language-toggle').click();
  await expect(entry.getByTestId('inbox-reason')).toContainText('Already decided by someone else');
  await expect(standing).toContainText('李娜 decided at');
  await shot(s.zhangPage, 'w-04-zhang-inbox-en');
  await s.zhangPage.getByTestId('language-toggle').click();
  await expect(entry.getByTestId('inbox-reason')).toContainText('已被他人裁决');

  // 李娜's decision stands: the case can no longer be decided, so the inbox offers only withdraw.
  await expect(entry.getByTestId('inbox-redecide')).toHaveCount(0);
  await entry.getByTestId('inbox-withdraw').click();
  await expect(s.zhangPage.getByTestId('inbox-empty')).toBeVisible();
  await expectConflicts(s.zhangPage, 0);
  await shot(s.zhangPage, 'w-05-zhang-withdrawn');

  const supervisor = s.service.token(SUPERVISOR);
  const log = await readAuditLog(s.service.url, supervisor);
  const onCase = loggedDecisions(log).filter((l) => l.decision.caseId === caseId);
  expect(onCase).toHaveLength(1);
  expect(onCase[0]?.decision).toMatchObject({ decidedBy: { id: LI, name: '李娜' }, body: right.body, ruleRef: lis.ruleRef, reason: lis.reason });
  expect(log.filter((e) => e.action === 'lease_steal' && e.caseId === caseId).map((e) => e.actor.id)).toEqual([LI]);
  const c = (await readPartition(s.service.url, supervisor, 'violation')).get(caseId);
  expect(c?.status).toBe(statusAfter(right));
  expect(c?.lastDecision?.decidedBy.id).toBe(LI);
});

test('a moderator whose claim passed to a colleague re-decides from the inbox', async ({ page, browser, cleanup }) => {
  const s = await setUp(page, await openSecondPage(browser, cleanup), cleanup);
  const { caseId, decision: first } = await zhangDecidesWhileCutOff(s);
  await untilZhangsClaimEnds(s, caseId);

  // 李娜 takes the case over, then hands it back (R) without deciding.
  await keyToCase(s.liPage, caseId);
  await claimWithKeyboard(s.liPage);
  await s.liPage.keyboard.press('r');
  await expect(s.liPage.getByTestId('case-view').getByTestId('case-claim')).toBeVisible();
  await shot(s.liPage, 'r-02-li-took-over-and-released');

  await zhangReconnects(s);
  const entry = s.zhangPage.locator(`[data-testid="inbox-entry"][data-case-id="${caseId}"]`);
  await expect(entry.getByTestId('inbox-reason')).toContainText('领取已失效');
  await expect(entry.getByTestId('inbox-mine')).toContainText(first.reason);
  await expect(entry.getByTestId('inbox-theirs')).toContainText('服务端没有现行裁决');
  await shot(s.zhangPage, 'r-03-zhang-inbox');

  await entry.getByTestId('inbox-redecide').click();
  const view = s.zhangPage.getByTestId('case-view');
  await expect(view).toHaveAttribute('data-case-id', caseId);
  await claimWithKeyboard(s.zhangPage);
  const right = rightFor(s, caseId);
  const second = typedFor(right.body, right.ruleRef, `张伟（重新裁决）：${caseId} 复核后依 ${right.ruleRef} 处理。`);
  await decideWithKeyboard(s.zhangPage, second, 'stay');
  await expectPending(s.zhangPage, 0);
  await expectConflicts(s.zhangPage, 0);
  await expect(view.getByTestId('case-my-decision')).toContainText('已被接受');
  await shot(s.zhangPage, 'r-04-zhang-redecided');
  await s.zhangPage.keyboard.press('i');
  await expect(s.zhangPage.getByTestId('inbox-empty')).toBeVisible();

  const supervisor = s.service.token(SUPERVISOR);
  const onCase = loggedDecisions(await readAuditLog(s.service.url, supervisor)).filter((l) => l.decision.caseId === caseId);
  expect(onCase).toHaveLength(1);
  expect(onCase[0]?.decision).toMatchObject({ decidedBy: { id: ZHANG }, body: right.body, ruleRef: second.ruleRef, reason: second.reason });
  const c = (await readPartition(s.service.url, supervisor, 'violation')).get(caseId);
  expect(c?.status).toBe(statusAfter(right));
  expect(c?.lastDecision?.reason).toBe(second.reason);
});
