/**
 * Issue 17: an appeal may change the kind of penalty to a lighter one. An arbiter modifies a
 * product removal (商品下架) to a warning (警告) in the decision form — the new-penalty list offers
 * only the steps below the contested one — and the case service accepts it; the merchant notice
 * names the warning.
 */
import { randomUUID } from 'node:crypto';
import { CaseInput } from '../shared/domain';
import { routes, statementPath } from '../shared/sync/protocol';
import { openTestConsole } from './support/console';
import { expect, test } from './support/fixtures';
import { startTestService } from './support/service';
import { readPartition } from './support/service-api';
import { claimWithKeyboard, keyToCase, openConsolePage, shot } from './support/ui';

const ARBITER = 'arb-liuyang';
const SUPERVISOR = 'sup-chenjing';
const APPEAL_ID = 'APL-e2e-warning';

test('an appeal of a product removal modified to a warning is accepted by the case service', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 40 });
  const violations = await readPartition(service.url, service.token(SUPERVISOR), 'violation');
  const removed = [...violations.values()].find((c) => c.kind === 'violation');
  if (!removed || removed.kind !== 'violation') throw new Error('the demo has no violation');
  const now = Date.now();
  const appeal = CaseInput.parse({
    kind: 'appeal', id: APPEAL_ID, status: 'open', priority: 1, createdAt: now - 3_600_000, updatedAt: now - 3_600_000, slaDueAt: now + 600_000,
    category: removed.category, region: removed.region, title: '申诉｜商品下架过重，请求改为警告', amountFen: 0,
    merchant: removed.merchant, buyer: null, evidence: [], history: [],
    detail: {
      appellant: { type: 'merchant', id: removed.merchant.id, name: removed.merchant.name }, statement: '首次违规，已整改商品描述，请求改为警告。',
      contested: { caseId: removed.id, decisionId: randomUUID(), decidedBy: { id: 'mod-zhangwei', name: '张伟' }, decidedAt: now - 86_400_000, outcome: { type: 'remove_product' }, ruleRef: 'VIO-FA-1' },
    },
  });
  const ingest = await fetch(service.url + routes.ingestCases, {
    method: 'POST', headers: { authorization: `Bearer ${service.token('platform')}`, 'content-type': 'application/json' }, body: JSON.stringify({ cases: [appeal] }),
  });
  expect(ingest.status).toBe(200);

  const arbiterConsole = await openTestConsole(cleanup, service, ARBITER);
  await openConsolePage(page, arbiterConsole, service.staff(ARBITER).name);
  await page.getByTestId('tab-appeal').click();
  await page.keyboard.press('g');
  await keyToCase(page, APPEAL_ID);
  await claimWithKeyboard(page);

  const form = page.getByTestId('decision-form');
  await form.getByTestId('decision-outcome-modify').check();
  const newPenalty = form.getByTestId('decision-new-penalty');
  // Only the step below product removal is offered (and "same kind").
  await expect(newPenalty.locator('option')).toHaveCount(2);
  await newPenalty.selectOption('warning');
  await form.getByTestId('decision-rule').fill('APL-3');
  await form.getByTestId('decision-reason').fill('首次违规且已整改，商品下架过重，改为警告。');
  await page.keyboard.press('Control+Shift+Enter');
  // Modifying departs from the rulebook's "uphold" here: the form asks for the justification first.
  const justification = form.getByTestId('decision-justification');
  await expect(justification).toBeVisible();
  await justification.fill('商家首次违规并已整改描述，警告足以纠正。');
  await page.keyboard.press('Control+Shift+Enter');
  await page.keyboard.press('s');
  await expect(page.getByTestId('case-my-decision')).toContainText('已被接受');
  await expect(page.getByTestId('case-my-decision')).toContainText('处罚改为警告');
  await shot(page, 'appeal-warning-accepted');

  const appeals = await readPartition(service.url, service.token(SUPERVISOR), 'appeal');
  expect(appeals.get(APPEAL_ID)?.lastDecision?.body).toEqual({ kind: 'appeal', outcome: { type: 'modify', penalty: { type: 'warning' } } });
  const decisionId = appeals.get(APPEAL_ID)?.lastDecision?.decisionId ?? '';
  const notice = await (await fetch(`${service.url}${statementPath(decisionId)}?format=notice`, { headers: { authorization: `Bearer ${service.token(SUPERVISOR)}` } })).text();
  expect(notice).toContain('原处罚（商品下架）变更为警告');
});
