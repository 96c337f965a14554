/**
 * Issue 16, end-to-end test 1: an arbiter opens a dispute whose buyer photo is another buyer's
 * photo again, recompressed and cropped (the demo plants it). The evidence panel flags the
 * photo with a link to the other dispute and the distance; the arbiter follows the link, comes
 * back, and flags the buyer as malicious citing the match. The case service holds the decision
 * with the citation, and its statement of reasons names it.
 */
import { StatementOfReasons } from '../shared/statement';
import { statementPath } from '../shared/sync/protocol';
import { openTestConsole } from './support/console';
import { expect, test } from './support/fixtures';
import { startTestService } from './support/service';
import { loggedDecisions, readAuditLog, readPartition } from './support/service-api';
import { expectPending, openConsolePage, shot, waitForCaseOtherThan } from './support/ui';

const ARBITER = 'arb-wangfang';
const SUPERVISOR = 'sup-chenjing';

test('a reused photo is flagged with a link to the other dispute, and the malicious-buyer flag cites the match', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  const demo = await service.loadDemo({ count: 80 });
  const [sourceId, reusingId] = demo.reusedPhotoCases;
  if (!sourceId || !reusingId) throw new Error('the demo planted no reused photo');
  const supervisor = service.token(SUPERVISOR);
  const disputes = await readPartition(service.url, supervisor, 'refund_dispute');
  const reusing = disputes.get(reusingId);
  const source = disputes.get(sourceId);
  if (!reusing || !source) throw new Error('the planted disputes are not in the feed');
  const photo = reusing.evidence.find((e) => e.pdq && e.party === 'buyer');
  const original = source.evidence.find((e) => e.pdq && e.party === 'buyer');
  if (!photo || !original) throw new Error('the planted photos carry no PDQ hash');

  const arbiter = await openTestConsole(cleanup, service, ARBITER);
  await openConsolePage(page, arbiter, service.staff(ARBITER).name);
  await expect(page.getByTestId('tab-refund_dispute')).toHaveAttribute('aria-selected', 'true');

  // The arbiter opens the dispute by its merchant.
  const queue = page.getByTestId('queue-refund_dispute');
  await queue.getByTestId('filter-merchant').fill(reusing.merchant.id);
  await queue.locator(`.ag-row[row-id="${reusingId}"] [col-id="title"]`).click();
  expect(await waitForCaseOtherThan(page, null)).toBe(reusingId);
  const view = page.getByTestId('case-view');

  // The buyer's photo is flagged: seen in the other buyer's dispute, at a distance within 31.
  const flag = view.locator(`[data-testid="photo-reuse"][data-sha256="${photo.sha256}"]`);
  await expect(flag.getByTestId('photo-reused')).toContainText('重复使用的照片');
  const link = flag.locator(`[data-testid="photo-reuse-match"][data-case-id="${sourceId}"]`);
  await expect(link).toBeVisible();
  const distance = Number(await link.getAttribute('data-distance'));
  expect(distance).toBeGreaterThan(0);
  expect(distance).toBeLessThanOrEqual(31);
  await expect(link).toContainText(`距离 ${distance}`);
  await expect(link).toContainText('其他买家');
  await flag.scrollIntoViewIfNeeded();
  await shot(page, '01-reused-photo-flagged');

  // Following the link opens the other dispute, whose photo links back; "back" returns.
  await link.getByRole('button').click();
  expect(await waitForCaseOtherThan(page, reusingId)).toBe(sourceId);
  await expect(view.locator(`[data-testid="photo-reuse"][data-sha256="${original.sha256}"] [data-testid="photo-reuse-match"][data-case-id="${reusingId}"]`)).toBeVisible();
  await shot(page, '02-the-other-dispute');
  await view.getByTestId('case-back').click();
  expect(await waitForCaseOtherThan(page, sourceId)).toBe(reusingId);
  await expect(view.getByTestId('case-back')).toHaveCount(0);

  // The arbiter establishes false evidence and flags the buyer, citing the match.
  await view.getByTestId('case-claim').click();
  await expect(view.getByTestId('case-release')).toBeVisible();
  await view.getByTestId('fact-falseEvidence').check();
  await view.getByTestId('decision-outcome-flag_malicious_buyer').check();
  const citation = view.getByTestId('decision-citation');
  await expect(citation).toContainText(`案件 ${sourceId}（距离 ${distance}）`);
  await expect(citation.locator('option:checked')).toContainText(sourceId);
  const reason = `买家提交的损坏照片与案件 ${sourceId} 中另一买家的照片为同一张（裁剪并重新压缩），证据虚假。`;
  await view.getByTestId('decision-rule').fill('REF-AB-1');
  await view.getByTestId('decision-reason').fill(reason);
  await citation.scrollIntoViewIfNeeded();
  await shot(page, '03-flag-malicious-citing-the-match');
  await view.getByTestId('decision-submit').click();
  await expectPending(page, 0);
  await expect(view.getByTestId('case-my-decision')).toContainText(reason);
  await shot(page, '04-decided');

  // The service holds the decision with the citation, and names it in the statement of reasons.
  const cited = { sha256: photo.sha256, matchedCaseId: sourceId, matchedSha256: original.sha256, distance };
  const logged = loggedDecisions(await readAuditLog(service.url, supervisor)).filter((l) => l.decision.caseId === reusingId);
  expect(logged.map((l) => l.decision.body)).toEqual([{ kind: 'refund_dispute', outcome: { type: 'flag_malicious_buyer', evidenceMatch: cited } }]);
  const decisionId = logged[0]?.decision.decisionId ?? '';
  const res = await fetch(service.url + statementPath(decisionId), { headers: { authorization: `Bearer ${supervisor}` } });
  const statement = StatementOfReasons.parse(await res.json());
  expect(JSON.stringify(statement)).toContain(`与案件 ${sourceId} 中的照片`);
});
