/**
 * The five typical merchant complaints of domain.md (the demo's `typicalComplaints`, with their
 * evidence) replayed through the case service over HTTP, on real PostgreSQL and on PGlite:
 * ingested, claimed, decided by an arbiter as the shipped rulebook recommends for what the
 * evidence establishes, accepted and in effect; the ledger summed right by payer, payee and
 * merchant; each decision's statement of reasons free of the buyers' personal data, and its
 * Chinese notice citing the clause and the redress deadline.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contestedDecisions, decideContested } from '../resources/demo/contested';
import { typicalComplaints } from '../resources/demo/typical';
import { smallPool } from '../resources/demo/test-fixtures';
import { loadRulebook } from '../resources/rulebook/index';
import { startCaseService, type CaseService } from '../server/service';
import type { Case, CaseInput, DecisionBody } from '../shared/domain';
import { ComplaintFacts, recommend, type Recommendation } from '../shared/rulebook';
import { beijingDateZh, StatementOfReasons } from '../shared/statement';
import {
  FeedLine, LeaseResponse, LedgerSummary, PushResponse, routes, statementPath, type DecisionCommand,
} from '../shared/sync/protocol';
import { freshDatabase, postgresAvailable, type FreshDatabase } from '../test-support/postgres';

const rb = loadRulebook('2026.11');
const NOW = Date.UTC(2026, 10, 20, 8, 0, 0);

/** What the arbiter establishes from each complaint's evidence, and what the rulebook then gives. */
const REPLAY: Array<{ id: string; facts: Partial<Omit<ComplaintFacts, 'kind'>>; expected: DecisionBody; ruleRef: string; payer: 'platform_fund' | 'platform' }> = [
  // 1. Worn shoes refunded: the merchant's photos of the worn soles are credible.
  { id: 'MCP-typical-1', facts: { worn: true, merchantEvidenceCredible: true }, expected: reverse('recover_refund', 25_900), ruleRef: 'CMP-RF-1', payer: 'platform_fund' },
  // 2. The fishing rod: crush marks at the break show the buyer broke it; nothing shows it arrived broken.
  { id: 'MCP-typical-2', facts: { returnedDamaged: true, buyerCausedDamage: true, merchantEvidenceCredible: true }, expected: reverse('recover_refund', 46_800), ruleRef: 'CMP-RF-1', payer: 'platform_fund' },
  // 3. ¥300 fine for a vase the buyer broke after sign-off (the buyer says so in the chat).
  { id: 'MCP-typical-3', facts: { ruleBroken: false, buyerCausedDamage: true }, expected: reverse('refund_fine', 30_000), ruleRef: 'CMP-FN-1', payer: 'platform' },
  // 4. The speaker came back with a cracked shell; the unboxing video and weights are credible.
  { id: 'MCP-typical-4', facts: { returnedDamaged: true, merchantEvidenceCredible: true }, expected: reverse('recover_refund', 29_900), ruleRef: 'CMP-EP-1', payer: 'platform_fund' },
  // 5. A penalty with no prior notice; the listing matches the label and the test report.
  { id: 'MCP-typical-5', facts: { ruleBroken: false, priorNotice: false }, expected: reverse('refund_fine', 200_000), ruleRef: 'CMP-FN-1', payer: 'platform' },
];

function reverse(remedy: 'recover_refund' | 'refund_fine', amountFen: number): DecisionBody {
  return { kind: 'merchant_complaint', outcome: { type: 'reverse', extent: 'full', remedy, amountFen } };
}

const STAFF = {
  arbiter: { id: 'arb-lin-xiao', name: '林晓', role: 'arbiter' },
  supervisor: { id: 'sup-zhou-min', name: '周敏', role: 'supervisor' },
  /** Made the decisions the complaints contest (an author may not decide a complaint against their own decision). */
  history: { id: 'sup-history', name: '历史裁决', role: 'supervisor' },
  platform: { id: 'platform-ingest', name: 'Platform ingest', role: 'platform' },
} as const;

const backends = postgresAvailable().ok ? (['postgres', 'pglite'] as const) : (['pglite'] as const);

describe.each(backends)('the five typical merchant complaints through the case service on %s', (backend) => {
  let svc: CaseService;
  let pg: FreshDatabase | null = null;
  const tokens: Record<string, string> = {};
  let cases: CaseInput[];
  const decided = new Map<string, { command: DecisionCommand; rec: Recommendation }>();
  /** The ledger once the contested decisions were made, before the complaints. */
  let baseline: Record<string, LedgerSummary> = {};

  const call = async (method: string, path: string, who: keyof typeof STAFF, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(svc.url + path, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  const json = async (method: string, path: string, who: keyof typeof STAFF, body?: unknown): Promise<unknown> => {
    const res = await call(method, path, who, body);
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
    return JSON.parse(res.text) as unknown;
  };

  beforeAll(async () => {
    pg = backend === 'postgres' ? await freshDatabase() : null;
    svc = await startCaseService({ rulebooks: [rb], ...(pg ? { databaseUrl: pg.url } : {}) });
    for (const [key, s] of Object.entries(STAFF)) tokens[key] = await svc.provisionStaff(s);
    const pool = await smallPool();
    cases = typicalComplaints(NOW, pool);
    // The evidence the cases cite, uploaded as the platform does.
    const cited = new Set(cases.flatMap((c) => c.evidence.map((e) => e.sha256)));
    for (const image of pool.images.filter((i) => cited.has(i.sha256))) {
      const up = await call('POST', routes.evidence, 'platform', image.bytes, image.mediaType);
      expect([200, 201]).toContain(up.status);
    }
    await json('POST', routes.ingestCases, 'platform', { cases });
    // The decisions the complaints contest, made first, as the rulebook recommends.
    expect(contestedDecisions(cases)).toHaveLength(REPLAY.length);
    await decideContested(svc.url, { platform: tokens.platform as string, decider: tokens.history as string }, cases, rb);
    baseline = Object.fromEntries(await Promise.all((['payer', 'payee', 'merchant'] as const).map(async (by) => [by, LedgerSummary.parse(await json('GET', `${routes.ledgerSummary}?by=${by}`, 'supervisor'))])));
  }, 240_000);
  afterAll(async () => {
    await svc?.close();
    await pg?.drop();
  });

  async function feedCases(): Promise<Case[]> {
    const res = await call('GET', `${routes.changes}?partition=merchant_complaint`, 'arbiter');
    const lines = res.text.split('\n').filter(Boolean).map((l) => FeedLine.parse(JSON.parse(l)));
    const latest = new Map<string, Case>();
    for (const l of lines) if (l.type === 'upsert') latest.set(l.case.id, l.case);
    return [...latest.values()];
  }

  /**
   * The feed once it shows every case of `ids` decided. It serves a change only when every older
   * transaction of the cluster has ended (server/feed.ts), and other test files' transactions on
   * the same PostgreSQL can hold it back for a moment.
   */
  async function feedCasesOnceDecided(ids: readonly string[]): Promise<Case[]> {
    for (let tries = 0; ; tries++) {
      const cs = await feedCases();
      if (tries >= 50 || ids.every((id) => cs.find((c) => c.id === id)?.status === 'decided')) return cs;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('each complaint is decided as the rulebook recommends, accepted and in effect', async () => {
    const seen = new Map((await feedCases()).map((c) => [c.id, c]));
    const clientId = randomUUID();
    for (const [i, r] of REPLAY.entries()) {
      const c = seen.get(r.id);
      if (!c) throw new Error(`${r.id} is not in the arbiter's queue`);
      const facts = ComplaintFacts.parse({ kind: 'merchant_complaint', ...r.facts });
      const rec = recommend(c, facts, rb);
      expect(rec.body).toEqual(r.expected);
      expect(rec.ruleRef).toBe(r.ruleRef);
      const claim = LeaseResponse.parse(await json('POST', routes.claim, 'arbiter', { caseIds: [c.id] }));
      const lease = claim.results[0];
      if (!lease?.granted) throw new Error(`claim of ${c.id} refused`);
      const command: DecisionCommand = {
        decisionId: randomUUID(), mutationId: i + 1, caseId: c.id, baseVersion: c.version, leaseEpoch: lease.lease.epoch, decidedAt: Date.now(),
        body: rec.body, ruleRef: rec.ruleRef, reason: `依证据认定：${rec.facts.map((f) => f.text_zh).join('；')}`.slice(0, 2000), rulebookVersion: rb.version, facts,
      };
      const answer = PushResponse.parse(await json('POST', routes.decisions, 'arbiter', { clientId, decisions: [command] })).results[0];
      expect(answer).toEqual({ status: 'accepted', decisionId: command.decisionId, mutationId: i + 1, caseVersion: c.version + 1, effect: 'in_effect' });
      decided.set(c.id, { command, rec });
    }
    const after = await feedCasesOnceDecided(REPLAY.map((r) => r.id));
    for (const r of REPLAY) {
      const c = after.find((x) => x.id === r.id);
      expect(c?.status).toBe('decided');
      expect(c?.lastDecision).toMatchObject({ decisionId: decided.get(r.id)?.command.decisionId, rulebookVersion: '2026.11', departure: false, decidedBy: { id: STAFF.arbiter.id } });
    }
  });

  it('the ledger sums right: who paid, who was paid, and each merchant made whole', async () => {
    // What the complaints wrote: the summary now, less the one before them.
    const summary = async (by: string): Promise<LedgerSummary> => {
      const now = LedgerSummary.parse(await json('GET', `${routes.ledgerSummary}?by=${by}`, 'supervisor'));
      const before = baseline[by];
      const groups = now.groups.map((g) => {
        const b = before?.groups.find((x) => x.key === g.key);
        const net = Object.fromEntries(Object.entries(g.net).map(([p, v]) => [p, v - (b?.net[p as keyof typeof b.net] ?? 0)])) as typeof g.net;
        return { ...g, entries: g.entries - (b?.entries ?? 0), totalFen: g.totalFen - (b?.totalFen ?? 0), net };
      }).filter((g) => g.entries > 0).sort((a, b) => b.totalFen - a.totalFen || a.key.localeCompare(b.key));
      return { ...now, groups, entries: now.entries - (before?.entries ?? 0), totalFen: now.totalFen - (before?.totalFen ?? 0) };
    };
    const byPayer = await summary('payer');
    expect(byPayer.groups.map((g) => [g.key, g.entries, g.totalFen])).toEqual([['platform', 2, 230_000], ['platform_fund', 3, 102_600]]);
    const byPayee = await summary('payee');
    expect(byPayee.groups.map((g) => [g.key, g.entries, g.totalFen])).toEqual([['merchant', 5, 332_600]]);
    const byMerchant = await summary('merchant');
    const expected = REPLAY.map((r) => {
      const c = cases.find((x) => x.id === r.id);
      const body = r.expected;
      const amount = body.kind === 'merchant_complaint' && body.outcome.type === 'reverse' ? body.outcome.amountFen ?? 0 : 0;
      return [c?.merchant.id, amount, r.payer];
    });
    for (const [merchantId, amount, payer] of expected) {
      const g = byMerchant.groups.find((x) => x.key === merchantId);
      expect(g?.totalFen).toBe(amount);
      expect(g?.net.merchant).toBe(amount);
      expect(g?.net[payer as 'platform' | 'platform_fund']).toBe(-(amount as number));
    }
    // What the rulebook said each decision moves is exactly what was written.
    const written = byPayer.totalFen;
    const recommended = [...decided.values()].flatMap((d) => d.rec.ledger).reduce((n, e) => n + e.amountFen, 0);
    expect(written).toBe(recommended);
  });

  it('each decision has a statement of reasons without the buyer\'s personal data, and a Chinese notice citing the clause and the redress deadline', async () => {
    for (const r of REPLAY) {
      const d = decided.get(r.id);
      const c = cases.find((x) => x.id === r.id);
      if (!d || !c) throw new Error(`${r.id} was not decided`);
      const res = await call('GET', statementPath(d.command.decisionId), 'arbiter');
      expect(res.status).toBe(200);
      const s = StatementOfReasons.parse(JSON.parse(res.text));
      expect(s).toMatchObject({ caseId: r.id, status: 'in_effect', decision: { type: 'reverse', restriction: 'restriction_lifted' }, ground: { ruleRef: r.ruleRef, rulebookVersion: '2026.11' } });
      const notice = await call('GET', `${statementPath(d.command.decisionId)}?format=notice`, 'arbiter');
      expect(notice.type).toContain('text/plain');
      expect(notice.text).toContain(`第${r.ruleRef}条`);
      const judicial = s.redress.find((x) => x.route === 'judicial');
      expect(notice.text).toContain(`请于${beijingDateZh(judicial?.deadlineAt ?? 0)}（北京时间）前提出`);
      const personal = [c.buyer?.nickname, c.buyer?.phoneMasked, c.buyer?.id, c.kind === 'merchant_complaint' ? c.detail.order?.id : undefined, STAFF.arbiter.name, c.merchant.name]
        .filter((v): v is string => typeof v === 'string' && v.length > 0);
      for (const value of personal) {
        expect(res.text.includes(value), `${r.id} statement leaks ${value}`).toBe(false);
        expect(notice.text.includes(value), `${r.id} notice leaks ${value}`).toBe(false);
      }
    }
  });
});
