/**
 * Phase 3, push: claim open violations through the console API, decide each as the shipped
 * rulebook recommends (`case.decide`: decision + outbox row in one transaction), with automatic
 * sync off so they all wait in the outbox; then one `sync.now` pushes them. Timed: from
 * `sync.now` to the last batch's answers recorded. Then the service is asked how many
 * decisions it holds per case (the decision log over HTTP, and PostgreSQL directly when it is
 * PostgreSQL): any case with two is a duplicate.
 */
import type { ConsoleCore } from '../electron/core/console';
import { loadRulebook } from '../resources/rulebook';
import { approvalGrounds, defaultFacts, recommend } from '../shared/rulebook';
import { AuditPage, routes } from '../shared/sync/protocol';
import { call } from './call';
import { distribution, now, round, type Distribution } from './stats';

export const PUSH_TARGET_SECONDS = 10;
const CLAIM_BATCH = 200;
const SCAN_PAGE = 500;

export interface PushReport {
  queued: number;
  /** Preparing (not timed against the target): finding, claiming and deciding through the console API. */
  prepareSeconds: { claim: number; decide: number };
  pushSeconds: number;
  perSec: number;
  cycleSeconds: number;
  batches: number;
  /** One batch: request sent → its answers recorded (almost all of it the service applying the batch). */
  batchMs: Distribution;
  answers: { accepted: number; conflicts: number; rejected: number };
  pendingAfter: number;
  service: {
    decisionLogEntries: number;
    distinctCases: number;
    duplicates: number;
    sql: { decisions: number; distinctCases: number; pushAnswers: number } | null;
  };
}

async function decisionLog(serviceUrl: string, token: string, staffId: string): Promise<{ entries: number; cases: Set<string> }> {
  let after = 0;
  let entries = 0;
  const cases = new Set<string>();
  for (;;) {
    const res = await fetch(new URL(`${routes.audit}?after=${after}&limit=10000`, serviceUrl), { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`the decision log answered ${res.status}`);
    const page = AuditPage.parse(await res.json());
    for (const e of page.entries) {
      if (e.action !== 'decision' || e.actor.id !== staffId) continue;
      entries += 1;
      if (e.caseId) cases.add(e.caseId);
    }
    if (page.entries.length === 0) return { entries, cases };
    after = page.next;
  }
}

export interface PushOptions {
  count: number;
  serviceUrl: string;
  token: string;
  sqlCounts: (staffId: string, clientId: string) => Promise<PushReport['service']['sql']>;
  log: (s: string) => void;
}

/** `core` must have been opened with autoSync off; `events` receives its trace lines. */
export async function benchPush(core: ConsoleCore, events: { on(fn: (event: string, detail: Record<string, unknown>) => void): void }, opts: PushOptions): Promise<PushReport> {
  const { log } = opts;
  const rb = loadRulebook();
  const session = await call(core, 'session.get', {});
  let claimMs = 0;
  let decideMs = 0;
  let queued = 0;
  let offset = 0;
  log(`  claiming and deciding ${opts.count.toLocaleString('en')} open violations through the console API…`);
  while (queued < opts.count) {
    const { rows } = await call(core, 'queue.page', { kind: 'violation', filter: { status: ['open'] }, sort: { column: 'createdAt', direction: 'asc' }, offset, limit: SCAN_PAGE });
    if (rows.length === 0) break;
    offset += rows.length;
    const free = rows.filter((r) => r.leaseHolder === null && !r.pending).map((r) => r.id);
    for (let i = 0; i < free.length && queued < opts.count; i += CLAIM_BATCH) {
      const ids = free.slice(i, i + CLAIM_BATCH);
      let t0 = now();
      const answers = await call(core, 'case.claim', { caseIds: ids, mode: 'online' });
      claimMs += now() - t0;
      t0 = now();
      for (const a of answers) {
        if (!a.granted || queued >= opts.count) continue;
        const detail = await call(core, 'case.get', { caseId: a.caseId });
        const r = recommend(detail.case, defaultFacts(detail.case.kind), rb);
        // Decisions that need a second supervisor wait for approval: leave them out.
        if (approvalGrounds(r.body, rb).length > 0) continue;
        await call(core, 'case.decide', { caseId: a.caseId, body: r.body, ruleRef: r.ruleRef, reason: 'Benchmark: decided as the rulebook recommends for the facts of the case.' });
        queued += 1;
      }
      decideMs += now() - t0;
    }
  }
  if (queued < opts.count) log(`  only ${queued} decidable open violations found`);
  const before = await call(core, 'sync.status', {});
  if (before.pending !== queued) throw new Error(`expected ${queued} decisions in the outbox, found ${before.pending}`);

  log(`  pushing ${queued.toLocaleString('en')} queued decisions (sync.now)…`);
  let lastRecorded = 0;
  let batches = 0;
  let batchStart = 0;
  const batchMs: number[] = [];
  const answers = { accepted: 0, conflicts: 0, rejected: 0 };
  events.on((event, d) => {
    if (event === 'push-batch') {
      batches += 1;
      batchStart = now();
    }
    if (event !== 'push-recorded') return;
    lastRecorded = now();
    if (batchStart) batchMs.push(lastRecorded - batchStart);
    answers.accepted += Number(d.accepted ?? 0);
    answers.conflicts += Number(d.conflicts ?? 0);
    answers.rejected += Number(d.rejected ?? 0);
  });
  const t0 = now();
  const after = await call(core, 'sync.now', {});
  const t1 = now();
  const pushSeconds = ((lastRecorded || t1) - t0) / 1000;
  const logged = await decisionLog(opts.serviceUrl, opts.token, session.staff.id);
  const sql = await opts.sqlCounts(session.staff.id, session.clientId);
  const duplicates = Math.max(logged.entries - logged.cases.size, sql ? sql.decisions - sql.distinctCases : 0);
  return {
    queued,
    prepareSeconds: { claim: round(claimMs / 1000), decide: round(decideMs / 1000) },
    pushSeconds: round(pushSeconds),
    perSec: Math.round(queued / pushSeconds),
    cycleSeconds: round((t1 - t0) / 1000),
    batches,
    batchMs: distribution(batchMs),
    answers,
    pendingAfter: after.pending,
    service: { decisionLogEntries: logged.entries, distinctCases: logged.cases.size, duplicates, sql },
  };
}
