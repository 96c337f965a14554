/**
 * Phase "decide", decide and next: web mode in Chromium on the console database of N cases, a
 * reviewer deciding with the keyboard alone. For each case the script types the decision the
 * rulebook recommends (the outcome's number key, D, Tab through the fields) and presses
 * Ctrl+Enter; the page times that key press to the frame after the next case is fully shown
 * (decide-probe.ts). Run twice: with the case service online (Ctrl+Enter claims and decides
 * in one call), and with it stopped, on cases checked out for offline work before. Then the
 * service is started again, the outbox pushed, and the decision log read back: every decided
 * case must hold exactly one decision by this reviewer.
 */
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { startWebHost } from '../electron/host/web-host';
import { typedFor, type TypedDecision } from '../e2e/support/decide';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { buildIfNeeded } from '../scripts/build';
import { RENDERER_DIST } from '../scripts/paths';
import { AuditPage, routes } from '../shared/sync/protocol';
import type { Backend } from './backend';
import { call } from './call';
import { installDecideProbe, type DecideProbeResult, type DecideProbeWindow } from './decide-probe';
import { RECORD_API_CALLS, type ProbeWindow } from './ui-probe';
import { distribution, now, round, type Distribution } from './stats';

export const DECIDE_NEXT_TARGET_MS = 100;
const ACTION_TIMEOUT_MS = 10_000;

export interface DecideNextRun {
  mode: 'online' | 'service stopped';
  decided: number;
  /** Ctrl+Enter → the next case fully shown. */
  latency: Distribution;
  timeouts: number;
  /** Cases passed over with J: not decidable by this reviewer (held by someone else, not open). */
  skipped: number;
  /** Console API calls made between the key press and the next case shown: channel → median count and median ms per decision. */
  callsP50: Record<string, { count: number; ms: number }>;
  /** The whole scripted loop: typing, decide and next, for every case. */
  seconds: number;
  decisionsPerMinute: number;
  errors: string[];
}

export interface DecideNextReport {
  runs: DecideNextRun[];
  /** After the service is back and the outbox pushed: what the decision log holds for the decided cases. */
  check: { decided: number; logged: number; missing: number; duplicated: number; pendingAfter: number; conflicts: number };
  notes: string[];
}

export interface DecideNextOptions {
  backend: Backend;
  dbPath: string;
  /** Decisions per run. */
  decisions: number;
  shotDir: string;
  log: (s: string) => void;
}

const shownCaseId = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.querySelector('[data-testid="case-view"]')?.getAttribute('data-case-id') ?? null);

/** Replaces the focused field's text, as a reviewer does: select all, type. */
async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).and(page.locator(':focus')).waitFor({ state: 'attached', timeout: 5_000 });
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** The keys of decideWithKeyboard (e2e/support/decide.ts), without the test runner's assertions. */
async function typeDecision(page: Page, d: TypedDecision): Promise<void> {
  const form = page.getByTestId('decision-form');
  const radio = form.getByTestId(`decision-outcome-${d.outcome}`);
  const key = ((await radio.locator('xpath=..').locator('kbd').textContent()) ?? '').trim();
  if (!/^\d$/.test(key)) throw new Error(`the form shows no number key for ${d.outcome}`);
  await page.keyboard.press(key);
  // The outcome's own fields appear once it is chosen; D then focuses it.
  await radio.and(page.locator(':checked')).waitFor({ state: 'attached', timeout: 5_000 });
  await page.keyboard.press('d');
  await radio.and(page.locator(':focus')).waitFor({ state: 'attached', timeout: 5_000 });
  for (const field of d.extra) {
    await page.keyboard.press('Tab');
    await typeInto(page, field.testId, field.text);
  }
  await page.keyboard.press('Tab');
  await typeInto(page, 'decision-rule', d.ruleRef);
  await page.keyboard.press('Tab');
  await typeInto(page, 'decision-reason', d.reason);
}

/** Shown, open, and decidable by this reviewer: the form offers "decide and next", nobody else holds it. */
async function decidable(page: Page): Promise<boolean> {
  const view = page.getByTestId('case-view');
  return (await view.getByTestId('decision-submit-next').count()) > 0 && (await view.locator('.lease-other').count()) === 0;
}

/** The case the view shows once it has stopped moving (the first selection follows the grid's first load) and shows its recommendation. */
async function settledCase(page: Page): Promise<string> {
  const deadline = now() + ACTION_TIMEOUT_MS;
  let last: string | null = null;
  for (;;) {
    const id = await page.evaluate(() => {
      const view = document.querySelector('[data-testid="case-view"]');
      return view?.querySelector('[data-testid="rec-rule"]') ? view.getAttribute('data-case-id') : null;
    });
    if (id !== null && id === last) return id;
    if (now() > deadline) throw new Error(`the case view did not settle on a case with its recommendation (last seen ${last ?? 'none'})`);
    last = id;
    await page.waitForTimeout(150);
  }
}

async function nextCase(page: Page, from: string | null): Promise<string> {
  await page.keyboard.press('j');
  const deadline = now() + ACTION_TIMEOUT_MS;
  for (;;) {
    const id = await shownCaseId(page);
    if (id !== null && id !== from) return id;
    if (now() > deadline) throw new Error(`J did not move the case view on from ${from ?? 'nothing'}`);
    await page.waitForTimeout(20);
  }
}

async function decideRun(page: Page, core: ConsoleCore, mode: DecideNextRun['mode'], count: number, only: Set<string> | null, decided: Set<string>, opts: DecideNextOptions): Promise<DecideNextRun> {
  const samples: number[] = [];
  const callsPerDecision: Array<Map<string, { count: number; ms: number }>> = [];
  const errors: string[] = [];
  let timeouts = 0;
  let skipped = 0;
  const t0 = now();
  if ((await shownCaseId(page)) === null) await nextCase(page, null);
  let current = await settledCase(page);
  while (samples.length + timeouts < count) {
    if (skipped > count * 4) throw new Error(`${mode}: ${skipped} cases passed over without finding ${count} decidable ones`);
    if (decided.has(current) || (only && !only.has(current)) || !(await decidable(page))) {
      skipped += 1;
      await nextCase(page, current);
      current = await settledCase(page);
      continue;
    }
    const caseId = current;
    const { recommendation } = await call(core, 'case.recommend', { caseId });
    const onScreen = await page.getByTestId('case-view').and(page.locator(`[data-case-id="${caseId}"]`)).getByTestId('rec-rule').textContent({ timeout: 5_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: join(opts.shotDir, 'decide-next-no-rec.png') });
      throw new Error(`${caseId} (shown: ${await shownCaseId(page)}): ${String(e)}`);
    });
    if (onScreen !== recommendation.ruleRef) throw new Error(`${caseId}: the screen recommends ${onScreen}, the console API ${recommendation.ruleRef}`);
    try {
      await typeDecision(page, typedFor(recommendation.body, recommendation.ruleRef, `依 ${recommendation.ruleRef} 处理（基准测试，逐案核对）。`));
    } catch (e) {
      await page.screenshot({ path: join(opts.shotDir, 'decide-next-typing-failed.png') }).catch(() => undefined);
      throw e;
    }
    await page.evaluate((t) => (window as unknown as DecideProbeWindow).__docketDecide?.arm(t), ACTION_TIMEOUT_MS);
    await page.keyboard.press('Control+Enter');
    const r: DecideProbeResult | null = await page.evaluate(() => (window as unknown as DecideProbeWindow).__docketDecide?.done ?? Promise.resolve(null));
    decided.add(caseId);
    if (!r) {
      timeouts += 1;
      const formError = await page.getByTestId('decision-error').textContent({ timeout: 100 }).catch(() => null);
      const miss = await page.evaluate(() => (window as unknown as DecideProbeWindow).__docketDecide?.lastMiss ?? '');
      const why = `${formError ?? `the next case was not shown within ${ACTION_TIMEOUT_MS / 1000} s`} (${miss})`;
      errors.push(`${caseId}: ${why}`);
      await page.screenshot({ path: join(opts.shotDir, `decide-next-${mode.replace(' ', '-')}-failure-${errors.length}.png`) }).catch(() => undefined);
      try {
        await nextCase(page, caseId);
        current = await settledCase(page);
      } catch (e) {
        errors.push(`stopped: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
      continue;
    }
    samples.push(r.t1 - r.t0);
    const calls = await page.evaluate(([a, b]) => ((window as unknown as ProbeWindow).__docketCalls ?? []).filter((c) => c.start >= a && c.start <= b), [r.t0, r.t1] as const);
    const byChannel = new Map<string, { count: number; ms: number }>();
    for (const c of calls) {
      const e = byChannel.get(c.channel) ?? { count: 0, ms: 0 };
      byChannel.set(c.channel, { count: e.count + 1, ms: e.ms + ((c.end ?? r.t1) - c.start) });
    }
    callsPerDecision.push(byChannel);
    current = await settledCase(page);
    if (current !== r.to) errors.push(`decide and next showed ${r.to}, then the view moved to ${current}`);
  }
  const seconds = (now() - t0) / 1000;
  const channels = new Set(callsPerDecision.flatMap((m) => [...m.keys()]));
  const callsP50 = Object.fromEntries(
    [...channels].map((ch) => [ch, { count: distribution(callsPerDecision.map((m) => m.get(ch)?.count ?? 0)).p50, ms: distribution(callsPerDecision.map((m) => m.get(ch)?.ms ?? 0)).p50 }]),
  );
  return {
    mode,
    callsP50,
    decided: samples.length + timeouts,
    latency: distribution(samples),
    timeouts,
    skipped,
    seconds: round(seconds, 1),
    decisionsPerMinute: Math.round(((samples.length + timeouts) / seconds) * 60),
    errors,
  };
}

async function loggedDecisions(serviceUrl: string, token: string, staffId: string, cases: Set<string>): Promise<Map<string, number>> {
  const onCase = new Map<string, number>();
  for (let after = 0; ; ) {
    const res = await fetch(new URL(`${routes.audit}?after=${after}&limit=10000`, serviceUrl), { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`the decision log answered ${res.status}`);
    const page = AuditPage.parse(await res.json());
    for (const e of page.entries) {
      if (e.action === 'decision' && e.actor.id === staffId && e.caseId && cases.has(e.caseId)) onCase.set(e.caseId, (onCase.get(e.caseId) ?? 0) + 1);
    }
    if (page.entries.length === 0) return onCase;
    after = page.next;
  }
}

async function pushedAll(core: ConsoleCore): Promise<{ pending: number }> {
  const deadline = now() + 120_000;
  for (;;) {
    const s = await call(core, 'sync.now', {});
    if (s.pending === 0 || now() > deadline) return { pending: s.pending };
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function benchDecideNext(opts: DecideNextOptions): Promise<DecideNextReport> {
  const { backend, log } = opts;
  await buildIfNeeded({ renderer: true, electron: false });
  const cleanup: (() => Promise<void>)[] = [];
  try {
    // Background sync on, as a reviewer works: each decision schedules a push, the pull keeps its own schedule.
    const core = await openConsole({ dbPath: opts.dbPath, serverUrl: backend.serviceUrl, token: backend.token, autoSync: true });
    cleanup.unshift(() => core.close());
    const host = await startWebHost({ core, rendererDir: RENDERER_DIST });
    cleanup.unshift(() => host.close());
    await call(core, 'sync.now', {});
    const session = await call(core, 'session.get', {});
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    cleanup.unshift(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.addInitScript(RECORD_API_CALLS);
    await page.goto(host.url);
    const queue = page.locator('[data-testid="queue-violation"]');
    await queue.locator('.ag-row[row-index="0"][row-id]').waitFor({ timeout: 60_000 });
    // tsx compiles functions with esbuild's keepNames: the page needs its `__name` helper to run them.
    await page.evaluate('window.__name = (f) => f');
    await page.evaluate(installDecideProbe);

    const decided = new Set<string>();
    const runs: DecideNextRun[] = [];
    log(`  online: ${opts.decisions} decisions with the keyboard…`);
    runs.push(await decideRun(page, core, 'online', opts.decisions, null, decided, opts));

    log(`  checking out ${Math.min(200, opts.decisions + 20)} cases, then stopping the case service…`);
    const checkout = await call(core, 'checkout.offline', { kind: 'violation', filter: { status: ['open'] }, sort: { column: 'slaDueAt', direction: 'asc' }, count: Math.min(200, opts.decisions + 20) });
    const checkedOut = new Set(checkout.answers.filter((a) => a.granted).map((a) => a.caseId));
    await backend.stopService();
    // Only the cases checked out: "mine" (a setup click, not part of the timed keyboard loop).
    await queue.getByTestId('filter-mine').check();
    await queue.locator('.ag-row[row-index="0"][row-id]').waitFor({ timeout: 30_000 });
    await queue.locator('.ag-row[row-index="0"] [col-id="title"]').click();
    log(`  service stopped: ${opts.decisions} decisions with the keyboard on ${checkedOut.size} checked-out cases…`);
    runs.push(await decideRun(page, core, 'service stopped', opts.decisions, checkedOut, decided, opts));
    await page.screenshot({ path: join(opts.shotDir, 'decide-next-last.png') }).catch(() => undefined);

    log('  starting the case service again and pushing the outbox…');
    await backend.startService();
    const { pending } = await pushedAll(core);
    const conflicts = (await call(core, 'conflicts.list', {})).length;
    const logged = await loggedDecisions(backend.serviceUrl, backend.token, session.staff.id, decided);
    await context.close();
    return {
      runs,
      check: {
        decided: decided.size,
        logged: [...logged.values()].reduce((a, b) => a + b, 0),
        missing: [...decided].filter((id) => !logged.has(id)).length,
        duplicated: [...logged.values()].filter((n) => n > 1).length,
        pendingAfter: pending,
        conflicts,
      },
      notes: [
        'headless Chromium with --disable-gpu (software rendering), viewport 1600×900, background sync on',
        'latency: keydown of Ctrl+Enter → the frame after another case shows its title, recommendation (outcome, clause) and decision form',
        'decisions per minute: the whole scripted loop (reading the recommendation, typing outcome, fields, clause and reason with the keyboard, decide and next)',
        `service stopped: the cases were checked out for offline work first (${checkedOut.size}), the queue filtered to "mine"`,
      ],
    };
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
  }
}
