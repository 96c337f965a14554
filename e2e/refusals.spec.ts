/**
 * Refusals in words the reviewer reads. A decision the rulebook refuses is explained in the
 * decision form in Chinese, and in English after the switch, with money as ¥ from fen. An
 * appeal decided by the contested decision's own author is refused by the case service (the
 * console lets it through: the service is the one that knows); the inbox shows why, in both
 * languages, from the code and parameters the service sent.
 */
import type { Page } from '@playwright/test';
import { loadRulebook } from '../resources/rulebook';
import { formatFen } from '../renderer/src/format/money';
import { zhCN } from '../renderer/src/i18n/zh-CN';
import { en } from '../renderer/src/i18n/en';
import { CaseInput, type ViolationCase } from '../shared/domain';
import { routes } from '../shared/sync/protocol';
import { openTestConsole, type TestConsole } from './support/console';
import { fenToYuanText } from './support/decide';
import { expect, test } from './support/fixtures';
import { rightDecision } from './support/rulebook';
import { startTestService } from './support/service';
import { readPartition } from './support/service-api';
import { claimWithKeyboard, expectConflicts, keyToNextClaimableCase, openConsolePage, shot } from './support/ui';

const MODERATOR = 'mod-zhangwei';
const SUPERVISOR = 'sup-chenjing';

async function invoke<T>(c: TestConsole, channel: string, input: unknown): Promise<T> {
  const r = await c.core.invoke(channel as 'sync.now', input as Record<string, never>);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function switchLanguage(page: Page, to: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId('language-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', to);
}

test('a decision the rulebook refuses is explained in Chinese and in English, with money in yuan', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 200 });
  const mod = await openTestConsole(cleanup, service, MODERATOR);
  await openConsolePage(page, mod, service.staff(MODERATOR).name);
  const cases = await readPartition(service.url, service.token(SUPERVISOR), 'violation');

  const caseId = await keyToNextClaimableCase(page);
  await claimWithKeyboard(page);
  const c = cases.get(caseId) as ViolationCase;
  const category = c.detail.violationCategory;
  const maxFen = loadRulebook().violations.categories[category].maxFineFen;
  // A fine one yuan above the category's maximum.
  const form = page.getByTestId('decision-form');
  const radio = form.getByTestId('decision-outcome-fine');
  const key = ((await radio.locator('xpath=..').locator('kbd').textContent()) ?? '').trim();
  await page.keyboard.press(key);
  await expect(radio).toBeChecked();
  await page.keyboard.press('d');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('decision-amount')).toBeFocused();
  await page.keyboard.type(fenToYuanText(maxFen + 100));

  const reason = page.getByTestId('check-refusals').locator('li[data-code="fine_above_maximum"]');
  await expect(reason).toHaveAttribute('data-translated', 'true');
  await expect(reason).toContainText(`罚款 ${formatFen(maxFen + 100, 'zh-CN')} 超过${zhCN.violationCategory[category]}的上限 ${formatFen(maxFen, 'zh-CN')}`);
  await reason.scrollIntoViewIfNeeded();
  await shot(page, '01-refused-zh');

  await switchLanguage(page, 'en');
  await expect(reason).toContainText(`a fine of ${formatFen(maxFen + 100, 'en')} is above the ${en.violationCategory[category]} maximum of ${formatFen(maxFen, 'en')}`);
  await reason.scrollIntoViewIfNeeded();
  await shot(page, '02-refused-en');
});

test('an appeal decided by the contested decision\'s author: the service\'s refusal in the inbox, in both languages', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 200 });
  const sup = await openTestConsole(cleanup, service, SUPERVISOR);
  const name = service.staff(SUPERVISOR).name;
  await openConsolePage(page, sup, name);

  // 陈静 fines (or otherwise penalizes) a violation as the rulebook gives it...
  const cases = await readPartition(service.url, service.token(SUPERVISOR), 'violation');
  const penalized = [...cases.values()].find((x) => x.status === 'open' && !rightDecision(x).needsApproval && ['fine', 'deduct_points', 'restrict_traffic'].includes(rightDecision(x).body.outcome.type));
  if (!penalized || penalized.kind !== 'violation') throw new Error('the demo has no open violation the ladder penalizes without approval');
  const right = rightDecision(penalized);
  await invoke(sup, 'case.claim', { caseIds: [penalized.id] });
  const own = await invoke<{ decisionId: string }>(sup, 'case.decide', { caseId: penalized.id, body: right.body, ruleRef: right.ruleRef, reason: '抽检证据确凿，依规处罚。' });
  await invoke(sup, 'sync.now', {});

  // ... the merchant appeals it, and 陈静 decides the appeal herself.
  const outcome = right.body.kind === 'violation' ? right.body.outcome : { type: 'warning' as const };
  const appeal = CaseInput.parse({
    kind: 'appeal', id: 'APL-e2e-own', status: 'open', priority: 2, createdAt: Date.now() - 3_600_000, updatedAt: Date.now() - 3_600_000, slaDueAt: Date.now() + 86_400_000,
    category: penalized.category, region: penalized.region, title: '申诉｜处罚过重', amountFen: outcome.type === 'fine' ? outcome.amountFen : 0,
    merchant: penalized.merchant, buyer: null, evidence: [], history: [],
    detail: {
      appellant: { type: 'merchant', id: penalized.merchant.id, name: penalized.merchant.name }, statement: '首次违规，请求减轻处罚。',
      contested: {
        caseId: penalized.id, decisionId: own.decisionId, decidedBy: { id: SUPERVISOR, name }, decidedAt: Date.now() - 60_000, outcome, ruleRef: right.ruleRef,
        violation: { category: penalized.detail.violationCategory, severity: penalized.detail.severity, harm: penalized.detail.harm, subjectType: penalized.detail.subject.type, priorOffences: penalized.merchant.priorViolations },
      },
    },
  });
  const ingest = await fetch(service.url + routes.ingestCases, {
    method: 'POST', headers: { authorization: `Bearer ${service.token('platform')}`, 'content-type': 'application/json' }, body: JSON.stringify({ cases: [appeal] }),
  });
  expect(ingest.status).toBe(200);
  await invoke(sup, 'sync.now', {});
  await invoke(sup, 'case.claim', { caseIds: ['APL-e2e-own'] });
  const rec = await invoke<{ recommendation: { body: unknown; ruleRef: string } }>(sup, 'case.recommend', { caseId: 'APL-e2e-own' });
  await invoke(sup, 'case.decide', { caseId: 'APL-e2e-own', body: rec.recommendation.body, ruleRef: rec.recommendation.ruleRef, reason: '处罚与规则相符，维持。' });
  await invoke(sup, 'sync.now', {});

  await expectConflicts(page, 1);
  await page.keyboard.press('i');
  const entry = page.locator('[data-testid="inbox-entry"][data-case-id="APL-e2e-own"]');
  await expect(entry.getByTestId('inbox-status')).toHaveText('被拒绝');
  const reason = entry.getByTestId('inbox-refusals').locator('li[data-code="appeal_by_author"]');
  await expect(reason).toContainText(`申诉须由被申诉裁决的作出人以外的人处理，而该裁决正是由 ${name} 作出的`);
  await expect(reason).not.toContainText(own.decisionId);
  // Re-deciding would meet the same refusal: only withdrawing is offered, and the inbox says why.
  await expect(entry.getByTestId('inbox-redecide')).toHaveCount(0);
  await expect(entry.getByTestId('inbox-why-not-redecide')).toContainText('这次拒绝与裁决内容无关');
  await expect(entry.getByTestId('inbox-withdraw')).toBeVisible();
  await shot(page, '03-inbox-rejected-zh');

  await switchLanguage(page, 'en');
  await expect(entry.getByTestId('inbox-status')).toHaveText('Rejected');
  await expect(reason).toContainText(`An appeal is decided by someone other than who made the contested decision, and ${name} made it`);
  await shot(page, '04-inbox-rejected-en');
});
