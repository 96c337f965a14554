/**
 * Every main screen passes axe-core's WCAG 2 A/AA rules with no serious or critical violation,
 * in Chinese and in English: each queue as the role that works it, a case of each kind opened
 * (and claimed, so the decision form shows), an evidence photo enlarged, the keyboard map, a
 * decision held for approval as another supervisor sees it, the conflict inbox with an entry,
 * and the ledger. A failure lists every violation per screen: rule, impact, the elements
 * (selector and HTML) and axe's summary.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { CaseKind } from '../shared/domain';
import { openTestConsole } from './support/console';
import { expect, test } from './support/fixtures';
import { decideAppealOfOwnDecision, invokeCore, OWN_APPEAL_ID } from './support/own-appeal';
import { rightDecision } from './support/rulebook';
import { startTestService } from './support/service';
import { readPartition } from './support/service-api';
import { expectConflicts, gridRows, openConsolePage, shot } from './support/ui';

const MODERATOR = 'mod-zhangwei';
const ARBITER = 'arb-wangfang';
const SUPERVISOR = 'sup-chenjing';
const OTHER_SUPERVISOR = 'sup-zhaolei';
const LANGUAGES = ['zh-CN', 'en'] as const;

// axe's colour-contrast rule measures every rendered grid cell: a scan takes many seconds on a
// busy machine, and each test scans six to nine screens.
test.describe.configure({ timeout: 600_000 });
type Language = (typeof LANGUAGES)[number];

/** Runs axe on the page as it stands; a soft failure per screen lists what is wrong there. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.flatMap((v) => [
    `${v.id} [${v.impact}] ${v.help} (${v.nodes.length})`,
    ...v.nodes.map((n) => {
      const html = n.html.replace(/\s+/g, ' ');
      const why = (n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim();
      return `    ${n.target.join(' ')}  ${html.length > 160 ? `${html.slice(0, 160)}…` : html}${why ? `  — ${why}` : ''}`;
    }),
  ]);
  expect.soft(serious.map((v) => v.id), `${screen}: serious or critical axe violations\n${report.join('\n')}\n`).toEqual([]);
}

async function switchLanguage(page: Page, to: Language): Promise<void> {
  await page.getByTestId('language-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', to);
}

function visibleQueue(page: Page): Locator {
  return page.locator('[data-testid^="queue-"]:not([hidden])');
}

/** The case view of the queue on screen (each visited queue keeps its own, hidden when not shown). */
function visibleCaseView(page: Page): Locator {
  return visibleQueue(page).getByTestId('case-view');
}

async function openQueue(page: Page, kind: CaseKind): Promise<void> {
  await page.getByTestId(`tab-${kind}`).click();
  await expect(page.getByTestId(`queue-${kind}`)).toBeVisible();
  await expect(gridRows(page).first()).toHaveAttribute('row-id', /.+/);
}

/** Opens the first case on screen that nobody holds and claims it, so the decision form shows. */
async function openAndClaimCase(page: Page, kind: CaseKind): Promise<string> {
  const rows = gridRows(page);
  const view = visibleCaseView(page);
  for (let i = 0; i < 15; i++) {
    const row = rows.nth(i);
    const id = await row.getAttribute('row-id');
    if (!id) continue;
    await row.locator('[col-id="title"]').click();
    await expect(view).toHaveAttribute('data-case-id', id);
    if ((await view.getByTestId('case-claim').isVisible()) && (await view.locator('.lease-other').count()) === 0) {
      await view.getByTestId('case-claim').click();
      await expect(view.getByTestId('decision-form')).toBeVisible();
      return id;
    }
  }
  throw new Error(`no open, unclaimed ${kind} case among the first rows of the queue`);
}

async function expectKeyboardMapAccessible(page: Page, lang: Language): Promise<void> {
  await page.getByTestId('keyboard-help').click();
  await expect(page.getByTestId('keyboard-map')).toBeVisible();
  await expectAccessible(page, `keyboard map (${lang})`);
  await page.getByTestId('keyboard-map-close').click();
  await expect(page.getByTestId('keyboard-map')).toHaveCount(0);
}

test('a moderator\'s screens: the violation queue, a violation being decided, the keyboard map', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 200 });
  const mod = await openTestConsole(cleanup, service, MODERATOR);
  await openConsolePage(page, mod, service.staff(MODERATOR).name);

  await expectAccessible(page, 'violation queue, no case open (zh-CN)');
  await openAndClaimCase(page, 'violation');
  for (const lang of LANGUAGES) {
    if (lang !== 'zh-CN') await switchLanguage(page, lang);
    await expectAccessible(page, `violation queue with a claimed violation (${lang})`);
    await shot(page, `moderator-violation-${lang}`);
    await expectKeyboardMapAccessible(page, lang);
  }
});

test('an arbiter\'s screens: refund disputes, merchant complaints and appeals, a case of each being decided', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 300 });
  const arb = await openTestConsole(cleanup, service, ARBITER);
  await openConsolePage(page, arb, service.staff(ARBITER).name);

  const kinds = ['refund_dispute', 'merchant_complaint', 'appeal'] as const;
  for (const kind of kinds) {
    await openQueue(page, kind);
    await expectAccessible(page, `${kind} queue, no case open (zh-CN)`);
    await openAndClaimCase(page, kind);
    await expectAccessible(page, `${kind} queue with a claimed case (zh-CN)`);
    await shot(page, `arbiter-${kind}-zh-CN`);
    if (kind === 'refund_dispute') {
      // A photo enlarged over the case.
      await visibleCaseView(page).locator('[data-testid="evidence-thumb"] img').first().click();
      await expect(page.getByTestId('evidence-viewer')).toBeVisible();
      await expectAccessible(page, 'an evidence photo enlarged (zh-CN)');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('evidence-viewer')).toHaveCount(0);
    }
  }
  await switchLanguage(page, 'en');
  for (const kind of kinds) {
    await openQueue(page, kind);
    await expect(visibleCaseView(page).getByTestId('decision-form')).toBeVisible();
    await expectAccessible(page, `${kind} queue with a claimed case (en)`);
    await shot(page, `arbiter-${kind}-en`);
  }
});

test('a supervisor\'s screens: a decision held for approval, the conflict inbox, the ledger', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 300 });
  const sup = await openTestConsole(cleanup, service, SUPERVISOR);
  const other = await openTestConsole(cleanup, service, OTHER_SUPERVISOR);
  const violations = await readPartition(service.url, service.token(SUPERVISOR), 'violation');
  const held = [...violations.values()].find((c) => c.status === 'open' && rightDecision(c).needsApproval);
  if (!held) throw new Error('the demo has no open violation whose decision needs approval');
  // Both consoles download the queues first (two at once, on a shared machine: give them time).
  for (const c of [sup, other]) {
    await expect.poll(async () => (await c.core.invoke('case.get', { caseId: held.id })).ok, { message: `${c.staffId}'s console should hold ${held.id}`, timeout: 120_000 }).toBe(true);
  }
  await openConsolePage(page, sup, service.staff(SUPERVISOR).name);

  // 赵磊 decides a violation the rulebook holds for a second supervisor's approval.
  const right = rightDecision(held);
  await invokeCore(other, 'case.claim', { caseIds: [held.id] });
  await invokeCore(other, 'case.decide', { caseId: held.id, body: right.body, ruleRef: right.ruleRef, reason: '证据确凿，依处罚阶梯处理，按规则报主管审批。' });
  await invokeCore(other, 'sync.now', {});
  // 陈静 decides an appeal of her own decision: the service refuses it into her inbox.
  await decideAppealOfOwnDecision(service, sup);
  await invokeCore(sup, 'sync.now', {});

  await expectConflicts(page, 1);
  const queue = page.getByTestId('queue-violation');
  await queue.getByTestId('filter-merchant').fill(held.merchant.id);
  await queue.locator(`.ag-row[row-id="${held.id}"] [col-id="title"]`).click();
  await expect(visibleCaseView(page)).toHaveAttribute('data-case-id', held.id);
  await expect(visibleCaseView(page).getByTestId('approval-panel')).toBeVisible();

  for (const lang of LANGUAGES) {
    if (lang !== 'zh-CN') await switchLanguage(page, lang);
    await page.getByTestId('tab-violation').click();
    await expect(visibleCaseView(page).getByTestId('approval-reason-input')).toBeVisible();
    await expectAccessible(page, `a decision held for approval (${lang})`);
    await shot(page, `supervisor-approval-${lang}`);

    await page.getByTestId('tab-conflicts').click();
    await expect(page.locator(`[data-testid="inbox-entry"][data-case-id="${OWN_APPEAL_ID}"]`)).toBeVisible();
    await expectAccessible(page, `conflict inbox (${lang})`);
    await shot(page, `supervisor-inbox-${lang}`);

    await page.getByTestId('tab-ledger').click();
    await expect(page.getByTestId('ledger-view')).toBeVisible();
    await expect(page.getByTestId('ledger-summary')).toBeVisible();
    await expectAccessible(page, `ledger (${lang})`);
    await shot(page, `supervisor-ledger-${lang}`);
  }
});
