/**
 * Adjudication by the rulebook through the console core and a real case service (PGlite, real
 * HTTP): recommendations and the re-check in the console, decisions carrying the rulebook
 * version, facts and justification, four-eyes approvals pushed from a second supervisor's
 * console, self-approval refused by the console and by the service, statements of reasons
 * offline, and the ledger summary proxied to the service.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallPool } from '../resources/demo/test-fixtures';
import { typicalComplaints } from '../resources/demo/typical';
import { startCaseService, type CaseService } from '../server/service';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { insertApprovalWithOutbox } from '../electron/core/db/approvals';
import { getCase } from '../electron/core/db/cases';
import { takeMutationId } from '../electron/core/db/meta';
import { makeCaseInput } from '../electron/core/testing/fixtures';
import { call, refused } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import type { CaseInput, DecisionBody } from '../shared/domain';
import { routes, statementPath } from '../shared/sync/protocol';
import { StatementOfReasons } from '../shared/statement';
import { STAFF_ZH as STAFF, startProxy, type Proxy } from './support';
import { decideContested } from '../resources/demo/contested';
import { loadRulebook } from '../resources/rulebook/index';

type Who = keyof typeof STAFF;

const tmp = tempDir('docket-adjudication-');
let svc: CaseService;
let proxy: Proxy;
const tokens = {} as Record<Who, string>;
const consoles = {} as Record<Exclude<Who, 'platform'>, ConsoleCore>;
/** Violation cases of seed 77: 1 and 5 recommend a store closure (held for approval), 3 a warning (minor first offence). */
const violations = [1, 2, 3, 5].map((n) => makeCaseInput(n, { kind: 'violation', status: 'open' }, 77));
const vid = (n: number) => `C${String(n).padStart(8, '0')}`;
let complaints: CaseInput[] = [];

const closeStore: DecisionBody = { kind: 'violation', outcome: { type: 'close_store' } };
const warning: DecisionBody = { kind: 'violation', outcome: { type: 'warning' } };
const open = (who: Exclude<Who, 'platform'>, serverUrl = svc.url) =>
  openConsole({ dbPath: tmp.file(`${who}.db`), serverUrl, token: tokens[who], autoSync: false });

async function serviceGet(path: string, who: Who): Promise<unknown> {
  const res = await fetch(svc.url + path, { headers: { authorization: `Bearer ${tokens[who]}` } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<unknown>;
}

async function claimAndDecide(core: ConsoleCore, input: Record<string, unknown> & { caseId: string }) {
  const [claimed] = await call(core, 'case.claim', { caseIds: [input.caseId] });
  expect(claimed).toMatchObject({ granted: true });
  return call(core, 'case.decide', input as Parameters<typeof call<'case.decide'>>[2]);
}

beforeAll(async () => {
  svc = await startCaseService({});
  for (const [who, s] of Object.entries(STAFF)) tokens[who as Who] = await svc.provisionStaff(s);
  const pool = await smallPool();
  complaints = typicalComplaints(Date.UTC(2026, 10, 20, 8), pool).slice(0, 1);
  const cited = new Set(complaints.flatMap((c) => c.evidence.map((e) => e.sha256)));
  for (const image of pool.images.filter((i) => cited.has(i.sha256))) {
    await fetch(svc.url + routes.evidence, { method: 'POST', headers: { authorization: `Bearer ${tokens.platform}`, 'content-type': image.mediaType }, body: new Uint8Array(image.bytes) });
  }
  const ingest = await fetch(svc.url + routes.ingestCases, {
    method: 'POST', headers: { authorization: `Bearer ${tokens.platform}`, 'content-type': 'application/json' }, body: JSON.stringify({ cases: [...violations, ...complaints] }),
  });
  expect(ingest.status).toBe(200);
  await decideContested(svc.url, { platform: tokens.platform, decider: tokens.supB }, complaints, loadRulebook('2026.11'));
  proxy = await startProxy(svc.url);
  // The moderator's console goes through a recording proxy, to see exactly what is pushed.
  consoles.mod = await open('mod', proxy.url);
  consoles.arb = await open('arb');
  consoles.supA = await open('supA');
  consoles.supB = await open('supB');
  for (const core of Object.values(consoles)) await call(core, 'sync.now', {});
}, 120_000);

afterAll(async () => {
  for (const core of Object.values(consoles)) await core?.close();
  await proxy?.close();
  await svc?.close();
  tmp.remove();
});

describe('the rulebook in the console', () => {
  it('case.recommend for a typical complaint: worn shoes refunded, the merchant recovers the refund from the guarantee fund', async () => {
    const caseId = complaints[0]?.id ?? '';
    const r = await call(consoles.arb, 'case.recommend', { caseId, facts: { kind: 'merchant_complaint', worn: true, merchantEvidenceCredible: true } });
    expect(r.recommendation).toMatchObject({
      rulebookVersion: '2026.11', ruleRef: 'CMP-RF-1', costBearer: 'platform_fund',
      body: { kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy: 'recover_refund', amountFen: 25_900 } },
    });
    expect(r.recommendation.clauses[0]?.ref).toBe('CMP-RF-1');
    expect(r.recommendation.facts.length).toBeGreaterThan(0);
    expect(r.recommendation.ledger).toEqual([expect.objectContaining({ payer: 'platform_fund', payee: 'merchant', amountFen: 25_900 })]);
    // Without those facts established, the platform's handling stands.
    expect((await call(consoles.arb, 'case.recommend', { caseId })).recommendation.body.outcome.type).not.toBe('reverse');
    expect((await refused(consoles.arb, 'case.recommend', { caseId, facts: { kind: 'violation' } })).code).toBe('invalid_input');
    expect((await refused(consoles.mod, 'case.recommend', { caseId: 'C404' })).code).toBe('not_found');
  });

  it('a rulebook directory that cannot be used stops the console before it opens its database', async () => {
    await expect(openConsole({ dbPath: tmp.file('nobook.db'), serverUrl: svc.url, token: tokens.mod, autoSync: false, rulebookDir: tmp.file('no-rulebooks') }))
      .rejects.toThrow(/^rulebooks: cannot read .*no-rulebooks/);
  });

  it('case.recommend and case.check for violations: a warning for a minor first offence, a closure needs a supervisor', async () => {
    const minor = await call(consoles.mod, 'case.recommend', { caseId: vid(3) });
    expect(minor).toMatchObject({ recommendation: { body: warning, ruleRef: 'VIO-GEN-1' }, needsApproval: false, approvalGrounds: [] });
    const heavy = await call(consoles.mod, 'case.recommend', { caseId: vid(1) });
    expect(heavy).toMatchObject({ recommendation: { body: closeStore }, needsApproval: true });
    expect(heavy.approvalGrounds.length).toBeGreaterThan(0);

    expect(await call(consoles.mod, 'case.check', { caseId: vid(3), body: warning })).toEqual({ ok: true, departure: false, violations: [], refusals: [], needsApproval: false, approvalGrounds: [] });
    const breach = await call(consoles.mod, 'case.check', { caseId: vid(3), body: closeStore });
    expect(breach).toMatchObject({
      ok: false, needsApproval: true, violations: [expect.stringMatching(/^VIO-GEN-6: store closure is \d+ rungs above/)],
      refusals: [{ code: 'penalty_above_ladder', params: { ruleRef: 'VIO-GEN-6', penalty: closeStore, ladder: warning, maxRungs: 2 } }],
    });
    expect(await call(consoles.mod, 'case.check', { caseId: vid(3), body: { kind: 'violation', outcome: { type: 'remove_product' } } })).toMatchObject({ ok: true, departure: true });
  });

  it('case.decide refuses locally what the service would refuse, and queues nothing', async () => {
    await call(consoles.mod, 'case.claim', { caseIds: [vid(3)] });
    expect(await refused(consoles.mod, 'case.decide', { caseId: vid(3), body: closeStore, ruleRef: 'VIO-FA-2.10', reason: 'Closing the store.' }))
      .toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^case\.decide: breaks rulebook 2026\.11: VIO-GEN-6: /) });
    expect(await refused(consoles.mod, 'case.decide', { caseId: vid(3), body: { kind: 'violation', outcome: { type: 'remove_product' } }, ruleRef: 'VIO-GEN-1', reason: 'Take the listing down.' }))
      .toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^case\.decide: justification: the decision departs from .*\(warning under VIO-GEN-1\)/) });
    expect(await refused(consoles.mod, 'case.decide', { caseId: vid(3), body: warning, ruleRef: 'VIO-ZZ-9', reason: 'A clause that does not exist.' }))
      .toMatchObject({ code: 'invalid_input', message: 'case.decide: ruleRef: rulebook 2026.11 has no clause VIO-ZZ-9' });
    expect((await call(consoles.mod, 'sync.status', {})).pending).toBe(0);
  });

  it('a decision with facts and a justification reaches the service, which re-checks it and records the departure', async () => {
    const justification = 'The host corrected the claim on air within a minute; a warning is enough.';
    const facts = { kind: 'violation' as const, severity: 'minor' as const, harm: false };
    // Case 2 recommends a fine; a warning departs from it.
    const decided = await claimAndDecide(consoles.mod, { caseId: vid(2), body: warning, ruleRef: 'VIO-GEN-1', reason: 'Corrected on air.', facts, justification });
    await call(consoles.mod, 'sync.now', {});
    const pushed = proxy.pushes.at(-1) as { decisions: Array<Record<string, unknown>> };
    expect(pushed.decisions).toEqual([expect.objectContaining({ decisionId: decided.decisionId, rulebookVersion: '2026.11', justification, facts: expect.objectContaining(facts) })]);
    const detail = await call(consoles.mod, 'case.get', { caseId: vid(2) });
    expect(detail.myDecision).toMatchObject({ decisionId: decided.decisionId, state: 'accepted' });
    expect(detail.case.status).toBe('decided');
    expect(detail.case.lastDecision).toMatchObject({ decisionId: decided.decisionId, rulebookVersion: '2026.11', departure: true, justification });

    // Without justification the same decision is refused by the console; a recommended one carries the default facts.
    const plain = await claimAndDecide(consoles.mod, { caseId: vid(3), body: warning, ruleRef: 'VIO-GEN-1', reason: 'Minor first offence.' });
    await call(consoles.mod, 'sync.now', {});
    const second = proxy.pushes.at(-1) as { decisions: Array<Record<string, unknown>> };
    expect(second.decisions).toEqual([expect.objectContaining({ decisionId: plain.decisionId, rulebookVersion: '2026.11', facts: { kind: 'violation', violationConfirmed: true } })]);
    expect(second.decisions[0]).not.toHaveProperty('justification');
  });

  it('the typical complaint decided with the facts the arbiter established: in effect, as the rulebook gives', async () => {
    const caseId = complaints[0]?.id ?? '';
    const facts = { kind: 'merchant_complaint' as const, worn: true, merchantEvidenceCredible: true };
    const { recommendation } = await call(consoles.arb, 'case.recommend', { caseId, facts });
    const decided = await claimAndDecide(consoles.arb, { caseId, body: recommendation.body, ruleRef: recommendation.ruleRef, reason: 'Photos of the worn soles are credible.', facts });
    await call(consoles.arb, 'sync.now', {});
    expect((await call(consoles.arb, 'case.get', { caseId })).case).toMatchObject({ status: 'decided', lastDecision: { decisionId: decided.decisionId, departure: false } });
  });
});

describe('four-eyes from the consoles', () => {
  let held = '';

  it('a closure is held for approval; a second supervisor approves it from their console; the case is decided', async () => {
    const decided = await claimAndDecide(consoles.mod, { caseId: vid(1), body: closeStore, ruleRef: 'VIO-FA-2.10', reason: 'Third counterfeit down jacket in a month.' });
    held = decided.decisionId;
    await call(consoles.mod, 'sync.now', {});
    const mine = await call(consoles.mod, 'case.get', { caseId: vid(1) });
    expect(mine.myDecision).toMatchObject({ decisionId: held, state: 'accepted' });
    expect(mine.case).toMatchObject({ status: 'awaiting_approval', lastDecision: { decisionId: held, approval: { state: 'pending' } } });

    await call(consoles.supB, 'sync.now', {});
    // A moderator cannot answer it.
    expect((await refused(consoles.mod, 'case.approve', { caseId: vid(1), heldDecisionId: held, verdict: 'approve', reason: 'Looks right to me.' })).code).toBe('forbidden');
    const approval = await call(consoles.supB, 'case.approve', { caseId: vid(1), heldDecisionId: held, verdict: 'approve', reason: 'Counterfeit records confirmed.' });
    expect(await refused(consoles.supB, 'case.approve', { caseId: vid(1), heldDecisionId: held, verdict: 'approve', reason: 'Twice.' }))
      .toMatchObject({ code: 'conflict', message: expect.stringMatching(/still waiting to be sent/) });
    expect((await call(consoles.supB, 'sync.status', {})).pending).toBe(1);
    const status = await call(consoles.supB, 'sync.now', {});
    expect(status).toMatchObject({ pending: 0, conflicts: 0 });
    const after = await call(consoles.supB, 'case.get', { caseId: vid(1) });
    expect(after.case).toMatchObject({
      status: 'decided',
      lastDecision: { decisionId: held, approval: { state: 'approved', by: { id: STAFF.supB.id }, reason: 'Counterfeit records confirmed.', approvalId: approval.decisionId } },
    });
    await call(consoles.mod, 'sync.now', {});
    expect((await call(consoles.mod, 'case.get', { caseId: vid(1) })).case.status).toBe('decided');
  });

  it('approving one\'s own held decision is refused by the console, and by the service when sent anyway', async () => {
    const own = await claimAndDecide(consoles.supA, { caseId: vid(5), body: closeStore, ruleRef: 'VIO-FA-2.10', reason: 'Repeated counterfeit listings.' });
    await call(consoles.supA, 'sync.now', {});
    expect((await call(consoles.supA, 'case.get', { caseId: vid(5) })).case.status).toBe('awaiting_approval');
    expect(await refused(consoles.supA, 'case.approve', { caseId: vid(5), heldDecisionId: own.decisionId, verdict: 'approve', reason: 'My own call.' }))
      .toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^four-eyes: .* is yours$/) });
    expect((await call(consoles.supA, 'sync.status', {})).pending).toBe(0);

    // A console that skipped the check: the approval is queued straight into its database.
    const db = new Database(tmp.file('supA.db'));
    const approvalId = '3f0c8a52-6a43-4c8e-9d7e-2a1b5c6d7e8f';
    db.transaction(() => {
      const c = getCase(db, vid(5))?.case;
      if (!c?.lastDecision) throw new Error('no held decision in the replica');
      insertApprovalWithOutbox(db, STAFF.supA.id, {
        decisionId: approvalId, mutationId: takeMutationId(db), caseId: vid(5), heldDecisionId: own.decisionId, verdict: 'approve', decidedAt: Date.now(), reason: 'Sent anyway.',
      }, c.lastDecision, Date.now());
    }).immediate();
    db.close();
    const status = await call(consoles.supA, 'sync.now', {});
    expect(status).toMatchObject({ pending: 0, conflicts: 1 });
    const [inbox] = await call(consoles.supA, 'conflicts.list', {});
    expect(inbox).toMatchObject({ decisionId: approvalId, caseId: vid(5), kind: 'violation', status: 'rejected', reason: 'forbidden', message: expect.stringMatching(/four-eyes/), mine: { body: closeStore, state: 'rejected' } });
    expect((await call(consoles.supA, 'case.get', { caseId: vid(5) })).case.status).toBe('awaiting_approval');
    expect(await call(consoles.supA, 'conflicts.withdraw', { decisionId: approvalId })).toEqual({ withdrawn: true });
    expect(await call(consoles.supA, 'conflicts.list', {})).toEqual([]);

    // The other supervisor sends it back with a reason: the case is open again.
    await call(consoles.supB, 'sync.now', {});
    await call(consoles.supB, 'case.approve', { caseId: vid(5), heldDecisionId: own.decisionId, verdict: 'reject', reason: 'Only two listings proven; suspend instead.' });
    await call(consoles.supB, 'sync.now', {});
    expect((await call(consoles.supB, 'case.get', { caseId: vid(5) })).case).toMatchObject({ status: 'open', lastDecision: { approval: { state: 'rejected', by: { id: STAFF.supB.id } } } });
  });
});

describe('statements and the ledger', () => {
  it('decision.statement offline: the Article 17 fields, as the service writes them, with no personal data', async () => {
    const decisionId = (await call(consoles.mod, 'case.get', { caseId: vid(2) })).myDecision?.decisionId ?? '';
    const fromService = StatementOfReasons.parse(await serviceGet(statementPath(decisionId), 'mod'));
    await consoles.mod.close();
    consoles.mod = await open('mod', 'http://127.0.0.1:9');
    const { statement, noticeZh } = await call(consoles.mod, 'decision.statement', { decisionId });
    expect(statement).toMatchObject({ decisionId, caseId: vid(2), caseKind: 'violation', status: 'in_effect', ground: { rulebookVersion: '2026.11', ruleRef: 'VIO-GEN-1', departure: true } });
    const { effectiveAt: _e, redress: _r, ...comparable } = statement;
    const { effectiveAt: _se, redress: _sr, ...serviceComparable } = fromService;
    expect(comparable).toEqual(serviceComparable);
    expect(noticeZh).toContain('VIO-GEN-1');
    const c = violations.find((v) => v.id === vid(2));
    if (c?.kind !== 'violation') throw new Error('fixture');
    const personal = [c.merchant.name, c.buyer?.nickname, c.buyer?.phoneMasked, c.buyer?.id, c.detail.creator?.name, c.detail.creator?.id,
      STAFF.mod.name, STAFF.mod.id, 'Corrected on air', 'The host corrected the claim'].filter((s): s is string => !!s);
    for (const text of [JSON.stringify(statement), noticeZh]) for (const p of personal) expect(text).not.toContain(p);
    // Someone else's decision is explained from the replica too.
    expect((await call(consoles.mod, 'decision.statement', { decisionId: (await call(consoles.mod, 'case.get', { caseId: vid(1) })).case.lastDecision?.decisionId ?? '' })).statement)
      .toMatchObject({ status: 'in_effect', fourEyes: { required: true, state: 'approved' } });
    expect((await refused(consoles.mod, 'decision.statement', { decisionId: '00000000-0000-4000-8000-000000000000' })).code).toBe('not_found');
  });

  it('ledger.summary comes from the service: supervisors only, a clear offline error without it', async () => {
    const summary = await call(consoles.supA, 'ledger.summary', { by: 'payer' });
    expect(summary.entries).toBeGreaterThan(0);
    expect(summary.groups.map((g) => g.key)).toContain('platform_fund');
    expect((await refused(consoles.arb, 'ledger.summary', { by: 'payer' })).code).toBe('forbidden');
    expect(await refused(consoles.mod, 'ledger.summary', { by: 'merchant' })).toMatchObject({ code: 'offline', message: expect.stringMatching(/^ledger\.summary needs the case service/) });
  });
});
