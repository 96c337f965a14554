/**
 * The five typical merchant complaints of domain.md replayed end to end through an arbiter's
 * console and the case service (PGlite, real HTTP on 127.0.0.1): the console syncs, claims the
 * case, asks the rulebook with the facts the arbiter establishes, decides exactly that and syncs;
 * the service ends with every case decided as the rulebook gives, and a supervisor's ledger
 * summary shows who paid whom, and how much.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallPool } from '../resources/demo/test-fixtures';
import { contestedDecisions, decideContested } from '../resources/demo/contested';
import { typicalComplaints } from '../resources/demo/typical';
import { loadRulebook } from '../resources/rulebook/index';
import { startCaseService, type CaseService } from '../server/service';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { call } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import type { Case, CaseInput, DecisionBody, Role } from '../shared/domain';
import type { ComplaintFacts } from '../shared/rulebook';
import { FeedLine, LedgerSummary, routes } from '../shared/sync/protocol';

const STAFF = {
  arb: { id: 'arb-zhao', name: '赵磊', role: 'arbiter' },
  sup: { id: 'sup-zhou', name: '周敏', role: 'supervisor' },
  /** Made the decisions the complaints contest (their author may not decide the complaints). */
  history: { id: 'sup-history', name: '历史裁决', role: 'supervisor' },
  platform: { id: 'platform-ingest', name: 'Platform ingest', role: 'platform' },
} as const satisfies Record<string, { id: string; name: string; role: Role }>;
type Who = keyof typeof STAFF;
type Payer = 'platform_fund' | 'platform';

/** What the arbiter establishes from each complaint's evidence, and what the rulebook then gives (as in rulebook-complaints.test.ts). */
const REPLAY: Array<{ id: string; facts: Partial<Omit<ComplaintFacts, 'kind'>>; expected: DecisionBody; ruleRef: string; payer: Payer; reason: string }> = [
  { id: 'MCP-typical-1', facts: { worn: true, merchantEvidenceCredible: true }, expected: reverse('recover_refund', 25_900), ruleRef: 'CMP-RF-1', payer: 'platform_fund', reason: '商家提供的鞋底磨损照片可信，买家穿用数日后退款。' },
  { id: 'MCP-typical-2', facts: { returnedDamaged: true, buyerCausedDamage: true, merchantEvidenceCredible: true }, expected: reverse('recover_refund', 46_800), ruleRef: 'CMP-RF-1', payer: 'platform_fund', reason: '断口处的压痕表明鱼竿为买家损坏。' },
  { id: 'MCP-typical-3', facts: { ruleBroken: false, buyerCausedDamage: true }, expected: reverse('refund_fine', 30_000), ruleRef: 'CMP-FN-1', payer: 'platform', reason: '买家在聊天中承认签收后自行摔坏花瓶。' },
  { id: 'MCP-typical-4', facts: { returnedDamaged: true, merchantEvidenceCredible: true }, expected: reverse('recover_refund', 29_900), ruleRef: 'CMP-EP-1', payer: 'platform_fund', reason: '开箱视频与称重记录可信，退回音箱外壳破裂。' },
  { id: 'MCP-typical-5', facts: { ruleBroken: false, priorNotice: false }, expected: reverse('refund_fine', 200_000), ruleRef: 'CMP-FN-1', payer: 'platform', reason: '处罚前无预先通知，商品页与标签及检测报告一致。' },
];

function reverse(remedy: 'recover_refund' | 'refund_fine', amountFen: number): DecisionBody {
  return { kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy, amountFen } };
}
const amountOf = (body: DecisionBody): number =>
  body.kind === 'merchant_complaint' && body.outcome.type === 'reverse' ? body.outcome.amountFen ?? 0 : 0;

const tmp = tempDir('docket-typical-console-');
let svc: CaseService;
let arb: ConsoleCore | undefined;
const tokens = {} as Record<Who, string>;
let cases: CaseInput[] = [];
const decisionIds = new Map<string, string>();

async function serviceGet(path: string, who: Who): Promise<string> {
  const res = await fetch(svc.url + path, { headers: { authorization: `Bearer ${tokens[who]}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${text}`);
  return text;
}

/** The merchant-complaint cases as the service holds them now, from its change feed. */
async function serviceCases(): Promise<Map<string, Case>> {
  const text = await serviceGet(`${routes.changes}?partition=merchant_complaint`, 'arb');
  const latest = new Map<string, Case>();
  for (const raw of text.split('\n').filter(Boolean)) {
    const line = FeedLine.parse(JSON.parse(raw));
    if (line.type === 'upsert') latest.set(line.case.id, line.case);
  }
  return latest;
}

const summary = async (by: 'payer' | 'payee' | 'merchant') =>
  LedgerSummary.parse(JSON.parse(await serviceGet(`${routes.ledgerSummary}?by=${by}`, 'sup')));
/** The ledger once the contested decisions were made, before the complaints. */
const baseline = new Map<string, LedgerSummary>();
/** What the complaints wrote: the summary now, less the one before them. */
async function ledger(by: 'payer' | 'payee' | 'merchant'): Promise<LedgerSummary> {
  const now = await summary(by);
  const before = baseline.get(by);
  const groups = now.groups.map((g) => {
    const b = before?.groups.find((x) => x.key === g.key);
    const net = Object.fromEntries(Object.entries(g.net).map(([p, v]) => [p, v - (b?.net[p as keyof typeof b.net] ?? 0)])) as typeof g.net;
    return { ...g, entries: g.entries - (b?.entries ?? 0), totalFen: g.totalFen - (b?.totalFen ?? 0), net };
  }).filter((g) => g.entries > 0).sort((a, b) => b.totalFen - a.totalFen || a.key.localeCompare(b.key));
  return { ...now, groups, entries: now.entries - (before?.entries ?? 0), totalFen: now.totalFen - (before?.totalFen ?? 0) };
}

/** The decisions the complaints contest, made on the service first as the rulebook recommends. */
async function decideContestedFirst(): Promise<void> {
  expect(contestedDecisions(cases)).toHaveLength(REPLAY.length);
  await decideContested(svc.url, { platform: tokens.platform, decider: tokens.history }, cases, loadRulebook('2026.11'));
  for (const by of ['payer', 'payee', 'merchant'] as const) baseline.set(by, await summary(by));
}

beforeAll(async () => {
  svc = await startCaseService({});
  for (const [who, s] of Object.entries(STAFF)) tokens[who as Who] = await svc.provisionStaff(s);
  const pool = await smallPool();
  cases = typicalComplaints(Date.UTC(2026, 10, 20, 8), pool);
  const cited = new Set(cases.flatMap((c) => c.evidence.map((e) => e.sha256)));
  for (const image of pool.images.filter((i) => cited.has(i.sha256))) {
    const up = await fetch(svc.url + routes.evidence, { method: 'POST', headers: { authorization: `Bearer ${tokens.platform}`, 'content-type': image.mediaType }, body: new Uint8Array(image.bytes) });
    expect([200, 201]).toContain(up.status);
  }
  const ingest = await fetch(svc.url + routes.ingestCases, {
    method: 'POST', headers: { authorization: `Bearer ${tokens.platform}`, 'content-type': 'application/json' }, body: JSON.stringify({ cases }),
  });
  expect(ingest.status).toBe(200);
  await decideContestedFirst();
  arb = await openConsole({ dbPath: tmp.file('arb.db'), serverUrl: svc.url, token: tokens.arb, autoSync: false });
}, 240_000);

afterAll(async () => {
  await arb?.close();
  await svc?.close();
  tmp.remove();
});

function arbiter(): ConsoleCore {
  if (!arb) throw new Error('the arbiter console did not open');
  return arb;
}

describe('the five typical merchant complaints, judged from the arbiter\'s console', () => {
  it('the fixtures are the five complaints of domain.md, and none of them has a ledger entry yet', async () => {
    expect(cases.map((c) => c.id)).toEqual(REPLAY.map((r) => r.id));
    expect((await ledger('payer')).entries).toBe(0);
  });

  it.each(REPLAY.map((r, i) => [i + 1, r] as const))('complaint %i: recommended, decided with the established facts, synced, decided on the service', async (_n, r) => {
    const core = arbiter();
    expect(await call(core, 'sync.now', {})).toMatchObject({ online: true, pending: 0, conflicts: 0, lastError: null });
    const before = await call(core, 'case.get', { caseId: r.id });
    expect(before.case).toMatchObject({ kind: 'merchant_complaint', status: 'open', lastDecision: null });

    const [claimed] = await call(core, 'case.claim', { caseIds: [r.id] });
    expect(claimed).toMatchObject({ granted: true });

    const facts = { kind: 'merchant_complaint' as const, ...r.facts };
    const { recommendation, needsApproval } = await call(core, 'case.recommend', { caseId: r.id, facts });
    expect(recommendation).toMatchObject({ rulebookVersion: '2026.11', ruleRef: r.ruleRef, costBearer: r.payer });
    expect(recommendation.body).toEqual(r.expected);
    expect(recommendation.ledger).toEqual([expect.objectContaining({ payer: r.payer, payee: 'merchant', amountFen: amountOf(r.expected) })]);
    expect(needsApproval).toBe(false);

    const decided = await call(core, 'case.decide', { caseId: r.id, body: recommendation.body, ruleRef: recommendation.ruleRef, reason: r.reason, facts });
    decisionIds.set(r.id, decided.decisionId);
    expect((await call(core, 'sync.status', {})).pending).toBe(1);
    expect(await call(core, 'sync.now', {})).toMatchObject({ pending: 0, conflicts: 0, lastError: null });

    // The console sees its decision accepted and the case decided ...
    const after = await call(core, 'case.get', { caseId: r.id });
    expect(after.myDecision).toMatchObject({ decisionId: decided.decisionId, state: 'accepted' });
    expect(after.case).toMatchObject({ status: 'decided', lastDecision: { decisionId: decided.decisionId, body: r.expected, ruleRef: r.ruleRef, departure: false } });
    // ... and so does the case service.
    const onService = (await serviceCases()).get(r.id);
    expect(onService?.status).toBe('decided');
    expect(onService?.lastDecision).toMatchObject({
      decisionId: decided.decisionId, body: r.expected, ruleRef: r.ruleRef, rulebookVersion: '2026.11', departure: false, reason: r.reason, decidedBy: { id: STAFF.arb.id },
    });
  });

  it('the service holds all five decided, each as the rulebook gives, and the console has nothing left to send', async () => {
    const onService = await serviceCases();
    for (const r of REPLAY) {
      expect(onService.get(r.id)).toMatchObject({ status: 'decided', lastDecision: { decisionId: decisionIds.get(r.id), body: r.expected, ruleRef: r.ruleRef } });
    }
    expect(await call(arbiter(), 'sync.now', {})).toMatchObject({ pending: 0, conflicts: 0 });
    expect(await call(arbiter(), 'conflicts.list', {})).toEqual([]);
  });

  it('a supervisor\'s ledger summary: the platform refunds two fines, the guarantee fund three refunds, every merchant made whole', async () => {
    const byPayer = await ledger('payer');
    expect(byPayer.groups.map((g) => [g.key, g.entries, g.totalFen])).toEqual([['platform', 2, 230_000], ['platform_fund', 3, 102_600]]);
    expect(byPayer).toMatchObject({ entries: 5, totalFen: 332_600 });

    const byPayee = await ledger('payee');
    expect(byPayee.groups.map((g) => [g.key, g.entries, g.totalFen])).toEqual([['merchant', 5, 332_600]]);

    const byMerchant = await ledger('merchant');
    for (const r of REPLAY) {
      const merchantId = cases.find((c) => c.id === r.id)?.merchant.id;
      const amount = amountOf(r.expected);
      const group = byMerchant.groups.find((g) => g.key === merchantId);
      expect(group, `${r.id}: no ledger group for merchant ${merchantId ?? '?'}`).toBeDefined();
      expect(group?.entries).toBe(1);
      expect(group?.totalFen).toBe(amount);
      expect(group?.net.merchant).toBe(amount);
      expect(group?.net[r.payer]).toBe(-amount);
    }
    expect(byMerchant.groups.reduce((n, g) => n + g.totalFen, 0)).toBe(332_600);
  });
});
