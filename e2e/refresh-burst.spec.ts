/**
 * One decision is one burst of changes for the screens. The core says `data.changed` for the
 * claim, the decision, the push's answer and the pulled page; the renderer gathers them
 * (renderer/src/data/invalidation.ts) and the grid asks each block in view again at most once
 * per burst — counted here as the `queue.page` requests over the web transport, against the
 * bursts the `data.changed` frames on the event socket make.
 */
import type { Page } from '@playwright/test';
import { openTestConsole } from './support/console';
import { decideWithKeyboard, typedFor } from './support/decide';
import { expect, test } from './support/fixtures';
import { rightDecision } from './support/rulebook';
import { startTestService } from './support/service';
import { readPartition } from './support/service-api';
import { claimWithKeyboard, expectPending, keyToNextClaimableCase, openConsolePage, shot } from './support/ui';

const MODERATOR = 'mod-zhangwei';
const SUPERVISOR = 'sup-chenjing';
/** The renderer's burst rule (BURST in invalidation.ts): a burst ends after this long without a change. */
const QUIET_MS = 300;
const MAX_WAIT_MS = 1000;

/** Records the grid's page requests (by block offset) and the data.changed frames, with times. */
function watch(page: Page) {
  const pages: { at: number; offset: number }[] = [];
  const changes: number[] = [];
  page.on('request', (r) => {
    if (!r.url().endsWith('/api/invoke')) return;
    const body = r.postDataJSON() as { channel?: string; input?: { offset?: number } } | null;
    if (body?.channel === 'queue.page' && typeof body.input?.offset === 'number') pages.push({ at: Date.now(), offset: body.input.offset });
  });
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      if (typeof f.payload === 'string' && f.payload.includes('"data.changed"')) changes.push(Date.now());
    }),
  );
  return { pages, changes };
}

/** How many bursts the frames since `from` make, by the renderer's rule. */
function bursts(times: number[], from: number): number {
  let count = 0;
  let start = -Infinity;
  let last = -Infinity;
  for (const t of times.filter((x) => x >= from)) {
    if (t - last > QUIET_MS || t - start > MAX_WAIT_MS) {
      count += 1;
      start = t;
    }
    last = t;
  }
  return count;
}

test('a decision makes the grid ask each block in view again at most once per burst of changes', async ({ page, cleanup }) => {
  const service = await startTestService(cleanup);
  await service.loadDemo({ count: 400 });
  const before = await readPartition(service.url, service.token(SUPERVISOR), 'violation');
  const moderatorConsole = await openTestConsole(cleanup, service, MODERATOR);
  const seen = watch(page);
  await openConsolePage(page, moderatorConsole, service.staff(MODERATOR).name);

  const caseId = await keyToNextClaimableCase(page);
  await claimWithKeyboard(page);
  const c = before.get(caseId);
  if (!c) throw new Error(`the service has no case ${caseId}`);
  const right = rightDecision(c);
  // Let the claim's own burst end before counting.
  await page.waitForTimeout(MAX_WAIT_MS + QUIET_MS);
  const from = Date.now();
  await decideWithKeyboard(page, typedFor(right.body, right.ruleRef, `经核实，${caseId} 的情形属实，依 ${right.ruleRef} 处理。`), 'stay');
  await expect(page.getByTestId('case-my-decision')).toBeVisible();
  await expectPending(page, 0);
  // The decided case leaves the open queue once the grid has refreshed.
  await expect(page.locator(`[data-testid="grid-violation"] .ag-row[row-id="${caseId}"]`)).toHaveCount(0);
  await page.waitForTimeout(MAX_WAIT_MS + QUIET_MS);
  await shot(page, '01-after-decision');

  const asked = seen.pages.filter((p) => p.at >= from);
  const perBlock = new Map<number, number>();
  for (const p of asked) perBlock.set(p.offset, (perBlock.get(p.offset) ?? 0) + 1);
  const burstCount = bursts(seen.changes, from);
  console.log(`[refresh-burst] data.changed frames ${seen.changes.filter((t) => t >= from).length}, bursts ${burstCount}, page requests by block ${JSON.stringify([...perBlock])}`);
  expect(burstCount, 'the decision was seen as at least one burst').toBeGreaterThan(0);
  expect(perBlock.get(0) ?? 0, 'the first block was asked again').toBeGreaterThan(0);
  for (const [offset, n] of perBlock) expect(n, `requests of the block at ${offset}`).toBeLessThanOrEqual(burstCount);
});
