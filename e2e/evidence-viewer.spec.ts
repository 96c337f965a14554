/**
 * The arbiter's evidence viewer, in web mode against the real console core and case service
 * (one test, to start the service and the console once): (3) a damage photo whose EXIF time
 * precedes delivery is flagged beside it; (2) a checked-out dispute's photos zoom, rotate and
 * compare side by side, and its video plays, with the case service stopped.
 */
import type { Page } from '@playwright/test';
import { openTestConsole, type TestConsole } from './support/console';
import { ingestEvidenceDispute, type EvidenceDispute } from './support/evidence-dispute';
import { expect, test } from './support/fixtures';
import { invokeCore } from './support/own-appeal';
import { startTestService, type TestService } from './support/service';
import { expectOnline, gridRows, openConsolePage, shot, shownCaseId } from './support/ui';

const ARBITER = 'arb-wangfang';

async function setUp(page: Page, cleanup: Parameters<typeof startTestService>[0]): Promise<{ service: TestService; console: TestConsole; dispute: EvidenceDispute }> {
  const service = await startTestService(cleanup);
  const dispute = await ingestEvidenceDispute(service);
  const console = await openTestConsole(cleanup, service, ARBITER);
  await invokeCore(console, 'sync.now', {});
  await openConsolePage(page, console, service.staff(ARBITER).name);
  return { service, console, dispute };
}

async function openCase(page: Page, caseId: string): Promise<void> {
  await gridRows(page).and(page.locator(`[row-id="${caseId}"]`)).locator('[col-id="title"]').click();
  await expect.poll(() => shownCaseId(page)).toBe(caseId);
}

const pane = (page: Page, side: string) => page.getByTestId(`viewer-pane-${side}`);
const scaleOf = async (page: Page, side: string) => Number(await pane(page, side).getAttribute('data-scale'));
/** The photo in the pane has arrived and decoded (from the console's cache). */
async function expectPhotoShown(page: Page, side: string): Promise<void> {
  await expect.poll(() => pane(page, side).locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
}

// One service and one console for both scenes: a case service and a console start take most of a test's time.
test('a damage photo taken before delivery is flagged; checked out, the dispute\'s photos zoom, rotate and compare side by side and its video plays with the service stopped', async ({ page, cleanup }) => {
  test.setTimeout(150_000);
  const { service, console, dispute } = await setUp(page, cleanup);

  await test.step('(3) the damage photo whose EXIF time precedes delivery is flagged', async () => {
    await openCase(page, dispute.caseId);
    await page.getByTestId('evidence-thumb').and(page.locator(`[data-sha="${dispute.early.sha256}"]`)).getByRole('button').click();
    const facts = page.getByTestId('photo-facts');
    await expect(facts).toHaveAttribute('data-sha', dispute.early.sha256);
    await expect(facts.getByTestId('photo-taken-early')).toHaveAttribute('data-reason', 'before_delivery');
    await expect(facts.getByTestId('photo-captured')).toHaveAttribute('data-offset', '+08:00');
    await expect(facts.getByTestId('photo-size')).toContainText('1600 × 1200');
    await shot(page, '05-taken-before-delivery');
    // The next photo was taken after sign-off, with no zone recorded, and names its editor: no flag.
    await page.keyboard.press('ArrowRight');
    await expect(facts).toHaveAttribute('data-sha', dispute.later.sha256);
    await expect(facts.getByTestId('photo-taken-early')).toHaveCount(0);
    await expect(facts).toContainText('时区未知');
    await expect(facts.getByTestId('photo-software')).toHaveText('Snapseed 2.21');
    await shot(page, '06-after-signoff-zone-unknown');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('evidence-viewer')).toHaveCount(0);
  });

  await test.step('(2) offline: zoom, rotate, side by side, video', async () => {
    const checkout = await invokeCore<{ evidence: { fetched: number; failed: number } }>(console, 'checkout.offline', { caseIds: [dispute.caseId] });
    // Photos and the clip all came along with the checkout.
    expect(checkout.evidence).toEqual({ fetched: 4, failed: 0 });

    await service.stop();
    await page.keyboard.press('s');
    await expectOnline(page, false);
    await openCase(page, dispute.caseId);
    // Thumbnails made by the console, served from its cache.
    await expect.poll(() => page.getByTestId('evidence-thumb').locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(3);
    await shot(page, '01-offline-thumbnails');

    await page.keyboard.press('v');
    const viewer = page.getByTestId('evidence-viewer');
    await expect(viewer).toBeVisible();
    await expectPhotoShown(page, 'one');
    const fitted = await scaleOf(page, 'one');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(() => scaleOf(page, 'one')).toBeCloseTo(fitted * 1.5625, 3);
    await page.keyboard.press(']');
    await expect(pane(page, 'one')).toHaveAttribute('data-rotation', '90');
    await shot(page, '02-zoomed-rotated');
    await page.keyboard.press('a');
    await expect.poll(() => scaleOf(page, 'one')).toBe(1);
    await page.keyboard.press('f');
    await expect(pane(page, 'one')).toHaveAttribute('data-mode', 'fit');

    // Side by side: the buyer's photo beside the merchant's, zoom linked.
    await page.keyboard.press('p');
    await expect(viewer).toHaveAttribute('data-compare', 'true');
    await expectPhotoShown(page, 'buyer');
    await expectPhotoShown(page, 'merchant');
    await expect(pane(page, 'buyer')).toHaveAttribute('data-sha', dispute.early.sha256);
    await expect(pane(page, 'merchant')).toHaveAttribute('data-sha', dispute.merchant.sha256);
    const [buyerFit, merchantFit] = [await scaleOf(page, 'buyer'), await scaleOf(page, 'merchant')];
    await pane(page, 'buyer').hover();
    await page.mouse.wheel(0, -100);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => scaleOf(page, 'buyer')).toBeCloseTo(buyerFit * 1.21, 3);
    // The merchant's pane followed: the same share of its own photo.
    await expect.poll(() => scaleOf(page, 'merchant')).toBeCloseTo(merchantFit * 1.21, 3);
    await expect(viewer.getByTestId('viewer-logistics').locator('[data-stage="return_received"]')).toContainText('410');
    await expect(viewer.getByTestId('viewer-chat')).toContainText('开箱视频');
    await shot(page, '03-side-by-side');

    // Back to one pane; the clip is third: it plays from the cache.
    await page.keyboard.press('p');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(pane(page, 'one')).toHaveAttribute('data-sha', dispute.clip.sha256);
    const video = viewer.getByTestId('viewer-video');
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { message: 'the clip plays' }).toBeGreaterThan(0.5);
    expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();
    await shot(page, '04-video-playing');
    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
  });
});
