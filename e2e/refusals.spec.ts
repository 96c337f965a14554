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
import type { ViolationCase } from '../shared/domain';
import { openTestConsole } from './support/console';
import { fenToYuanText } from './support/decide';
import { expect, test } from './support/fixtures';
import { decideAppealOfOwnDecision, OWN_APPEAL_ID } from './support/own-appeal';
import { startTestService } from './support/service';
import { readPartition } from './support/service-api';
import { claimWithKeyboard, expectConflicts, keyToNextClaimableCase, openConsolePage, shot } from './support/ui';

const MODERATOR = 'mod-zhangwei';
const SUPERVISOR = 'sup-chenjing';

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

  // 陈静 fines (or otherwise penalizes) a violation, the merchant appeals it, and 陈静 decides the appeal herself.
  const { contestedDecisionId } = await decideAppealOfOwnDecision(service, sup);

  await expectConflicts(page, 1);
  await page.keyboard.press('i');
  const entry = page.locator(`[data-testid="inbox-entry"][data-case-id="${OWN_APPEAL_ID}"]`);
  await expect(entry.getByTestId('inbox-status')).toHaveText('被拒绝');
  const reason = entry.getByTestId('inbox-refusals').locator('li[data-code="appeal_by_author"]');
  await expect(reason).toContainText(`申诉须由被申诉裁决的作出人以外的人处理，而该裁决正是由 ${name} 作出的`);
  await expect(reason).not.toContainText(contestedDecisionId);
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
