/**
 * The demo's merchant complaints can be granted what they ask: every refund or fine a complaint
 * contests exists on the case service, in effect, decided by someone else than the arbiter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/domain';
import { ComplaintFacts, recommend } from '../shared/rulebook';
import { FeedLine, LeaseResponse, PushResponse, routes, type DecisionCommand } from '../shared/sync/protocol';
import { startCaseService, type CaseService } from '../server/service';
import { loadRulebook } from '../resources/rulebook/index';
import { contestedDecisions } from '../resources/demo/contested';
import { generateCases } from '../resources/demo/generate';
import { loadDemo } from '../resources/demo/load';
import { CONTESTED_DECIDER_ID, DEMO_STAFF } from '../resources/demo/staff';
import { smallPool, TEST_NOW } from '../resources/demo/test-fixtures';

const ARBITER = 'arb-wangfang';
let svc: CaseService;
const tokens = new Map<string, string>();

const token = (id: string): string => {
  const t = tokens.get(id);
  if (!t) throw new Error(`no token for ${id}`);
  return t;
};

async function post(path: string, who: string, body: unknown): Promise<unknown> {
  const res = await fetch(svc.url + path, { method: 'POST', headers: { authorization: `Bearer ${token(who)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json();
}

async function openComplaints(): Promise<Case[]> {
  const res = await fetch(`${svc.url}${routes.changes}?partition=merchant_complaint`, { headers: { authorization: `Bearer ${token(ARBITER)}` } });
  const latest = new Map<string, Case>();
  for (const line of (await res.text()).split('\n').filter(Boolean)) {
    const l = FeedLine.parse(JSON.parse(line));
    if (l.type === 'upsert') latest.set(l.case.id, l.case);
  }
  return [...latest.values()].filter((c) => c.status === 'open');
}

describe('the demo loaded with its contested decisions', () => {
  let loaded: Awaited<ReturnType<typeof loadDemo>>;
  beforeAll(async () => {
    svc = await startCaseService({});
    for (const s of DEMO_STAFF) tokens.set(s.id, await svc.provisionStaff(s));
    loaded = await loadDemo(svc.url, token('platform'), { count: 250, seed: 7, now: TEST_NOW, poolSize: 24, batchSize: 100, contestedDecider: token(CONTESTED_DECIDER_ID) });
  }, 120_000);
  afterAll(async () => {
    await svc?.close();
  });

  it('grants every complaint naming a refund or a fine its full money remedy, typical or generated', async () => {
    const complaints = (await openComplaints()).filter((c) => c.kind === 'merchant_complaint' && c.detail.contested.decisionId);
    const generated = complaints.filter((c) => !c.id.startsWith('MCP-typical-'));
    expect(generated.length).toBeGreaterThan(5);
    expect(loaded.contested).toBe(complaints.length);
    const rb = loadRulebook();
    const clientId = crypto.randomUUID();
    const commands: DecisionCommand[] = [];
    const leases = LeaseResponse.parse(await post(routes.claim, ARBITER, { caseIds: complaints.map((c) => c.id) })).results;
    for (const [i, c] of complaints.entries()) {
      if (c.kind !== 'merchant_complaint') continue;
      const lease = leases.find((l) => l.caseId === c.id);
      if (!lease?.granted) throw new Error(`claim of ${c.id} refused`);
      // The merchant's account holds: the fine broke no rule; the refunded goods came back worn.
      const facts = ComplaintFacts.parse(c.detail.complaintType === 'arbitrary_fine' ? { kind: 'merchant_complaint', ruleBroken: false } : { kind: 'merchant_complaint', worn: true, merchantEvidenceCredible: true });
      const rec = recommend(c, facts, rb);
      expect(rec.body, c.id).toMatchObject({ outcome: { type: 'reverse', amountFen: c.detail.contested.amountFen } });
      commands.push({
        decisionId: crypto.randomUUID(), mutationId: i + 1, caseId: c.id, baseVersion: c.version, leaseEpoch: lease.lease.epoch, decidedAt: Date.now(),
        body: rec.body, ruleRef: rec.ruleRef, reason: '商家证据可信，依规则撤销。', rulebookVersion: rb.version, facts,
      });
    }
    const answers = PushResponse.parse(await post(routes.decisions, ARBITER, { clientId, decisions: commands })).results;
    expect(answers.filter((a) => a.status !== 'accepted')).toEqual([]);
  });
});

describe('contestedDecisions', () => {
  it('names a refund or fine decision in every complaint about one, and none in the others', async () => {
    const pool = await smallPool();
    const complaints = [...generateCases(1500, { seed: 3, now: TEST_NOW, evidence: pool })].filter((c) => c.kind === 'merchant_complaint');
    const contested = new Map(contestedDecisions(complaints).map((x) => [x.complaintId, x]));
    for (const c of complaints) {
      if (c.kind !== 'merchant_complaint') continue;
      const money = ['arbitrary_refund', 'excessive_protection', 'arbitrary_fine'].includes(c.detail.complaintType);
      expect(Boolean(c.detail.contested.decisionId), `${c.id} ${c.detail.complaintType}`).toBe(money);
      const x = contested.get(c.id);
      expect(x?.decisionId).toBe(c.detail.contested.decisionId);
      if (x) {
        expect(x.case.id).toBe(c.detail.contested.relatedCaseId);
        expect(x.case.merchant.id).toBe(c.merchant.id);
      }
    }
    expect(contested.size).toBeGreaterThan(20);
  });
});
