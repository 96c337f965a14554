/**
 * Test 2: an arbiter opens a refund dispute, reads both parties' statements and evidence photos
 * (each thumbnail actually loads), and decides a partial refund typed in yuan. The case service
 * records the amount in fen and the reason exactly as typed.
 */
import type { RefundDisputeCase } from '../shared/domain';
import { openTestConsole } from './support/console';
import { fenToYuanText } from './support/decide';
import { expect, test } from './support/fixtures';
import { rightDecision, statusAfter } from './support/rulebook';
import { startTestService } from './support/service';
import { loggedDecisions, readAuditLog, readPartition } from './support/service-api';
import { expectPending, openConsolePage, shot, waitForCaseOtherThan } from './support/ui';

const ARBITER = 'arb-wangfang';
const SUPERVISOR = 'sup-chenjing';

const images = (c: RefundDisputeCase, party: 'buyer' | 'merchant') => c.evidence.filter((e) => e.party === party && e.mediaType.startsWith('image/'));

test('an arbiter reads both sides of a refund dispute and decides a partial refund in yuan; the service gets fen', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 300 });
  const arbiterConsole = await openTestConsole(cleanup, service, ARBITER);
  await openConsolePage(page, arbiterConsole, service.staff(ARBITER).name);
  await expect(page.getByTestId('tab-refund_dispute')).toHaveAttribute('aria-selected', 'true');

  // An open dispute with photos from both the buyer and the merchant, for which the rulebook
  // grants part of the order back (the buyer asked for less than was paid).
  const supervisor = service.token(SUPERVISOR);
  const disputes = await readPartition(service.url, supervisor, 'refund_dispute');
  const candidates = [...disputes.values()]
    .filter((c): c is RefundDisputeCase => c.kind === 'refund_dispute' && c.status === 'open' && images(c, 'buyer').length > 0 && images(c, 'merchant').length > 0)
    .filter((c) => rightDecision(c).body.outcome.type === 'partial_refund');
  // One whose amount has cents (¥xx.yz) if there is one: the yuan → fen conversion is then exercised in full.
  const cents = (c: RefundDisputeCase) => {
    const o = rightDecision(c).body.outcome;
    return 'amountFen' in o && typeof o.amountFen === 'number' && o.amountFen % 100 !== 0;
  };
  const target = candidates.find(cents) ?? candidates[0];
  if (!target) throw new Error('the demo data holds no open dispute with both parties\' photos that the rulebook settles with a partial refund');
  const right = rightDecision(target);
  if (right.body.kind !== 'refund_dispute' || right.body.outcome.type !== 'partial_refund') throw new Error('not a partial refund');
  const fen = right.body.outcome.amountFen;

  // The arbiter looks the dispute up by its merchant and opens it.
  const queue = page.getByTestId('queue-refund_dispute');
  await queue.getByTestId('filter-merchant').fill(target.merchant.id);
  const row = queue.locator(`.ag-row[row-id="${target.id}"]`);
  await row.locator('[col-id="title"]').click();
  expect(await waitForCaseOtherThan(page, null)).toBe(target.id);
  const view = page.getByTestId('case-view');

  // Both sides' statements, and every photo of each side shown as a loaded image.
  await expect(view.getByTestId('case-statements')).toContainText(target.detail.buyerStatement);
  await expect(view.getByTestId('case-statements')).toContainText(target.detail.merchantStatement);
  for (const party of ['buyer', 'merchant'] as const) {
    const thumbs = view.locator(`[data-testid="evidence-thumb"][data-party="${party}"] img`);
    await expect(thumbs).toHaveCount(images(target, party).length);
    for (const img of await thumbs.all()) {
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { message: `a ${party} photo should load` }).toBe(true);
    }
  }
  await view.getByTestId('case-evidence').scrollIntoViewIfNeeded();
  await shot(page, '01-dispute-evidence');

  // A closer look at the buyer's first photo.
  await view.locator('[data-testid="evidence-thumb"][data-party="buyer"] img').first().click();
  const viewer = page.getByTestId('evidence-viewer');
  await expect.poll(() => viewer.locator('img.viewer-image').first().evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  await shot(page, '02-buyer-photo');
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  await expect(view.getByTestId('order-paid')).toBeVisible();
  const amountText = fenToYuanText(fen);
  const ruleRef = right.ruleRef;
  const reason = `经核对买卖双方陈述、聊天记录与证据照片，买家申请金额低于实付；依 ${ruleRef} 支持部分退款 ¥${amountText}，由商家承担。`;

  await view.getByTestId('case-claim').click();
  await expect(view.getByTestId('case-release')).toBeVisible();
  await view.getByTestId('decision-outcome-partial_refund').check();
  await view.getByTestId('decision-amount').fill(amountText);
  await view.getByTestId('decision-rule').fill(ruleRef);
  await view.getByTestId('decision-reason').fill(reason);
  await shot(page, '03-partial-refund-form');
  await view.getByTestId('decision-submit').click();

  await expectPending(page, 0);
  await expect(view.getByTestId('case-my-decision')).toContainText(reason);
  await shot(page, '04-decided');

  const logged = loggedDecisions(await readAuditLog(service.url, supervisor)).filter((l) => l.decision.caseId === target.id);
  expect(logged).toHaveLength(1);
  const expected = { caseId: target.id, body: { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: fen } }, ruleRef, reason, decidedBy: { id: ARBITER } };
  expect(logged[0]?.decision).toMatchObject(expected);
  expect(logged[0]?.decision.body).toEqual(expected.body);
  expect(logged[0]?.decision.reason).toBe(reason);
  const after = (await readPartition(service.url, supervisor, 'refund_dispute')).get(target.id);
  expect(after?.status).toBe(statusAfter(right));
  expect(after?.lastDecision).toMatchObject(expected);
});
