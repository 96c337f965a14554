/** `GET /v1/decisions/:id/statement`: the statement of reasons as JSON and as the merchant notice, with no personal data. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ViolationFacts } from '../shared/rulebook';
import { beijingDateZh, StatementOfReasons } from '../shared/statement';
import { routes, statementPath } from '../shared/sync/protocol';
import { BODIES, decision, penaltyCase, refundDisputeCase, STAFF, violationCase } from './test-fixtures';
import { BACKENDS, claimEpoch, openTestDatabase, push, startTestService, type TestDatabase, type TestService } from './test-helpers';

/** Personal data the fixture cases and decisions carry. */
const PERSONAL = [
  '钓鱼老张', '138****1234', 'b-3391027', 'o-20250528-771203', // the buyer and their order
  '钓鱼的吴哥', 'cr-fisher-wu', // the creator
  STAFF.arbiter.name, STAFF.arbiter.id, STAFF.moderator.name, STAFF.moderator.id, STAFF.supervisor.name, // staff
  '粤钓渔具专营店', '开箱视频显示到货即断裂', '拆开包装就发现第二节断了', '鱼竿断了，怎么处理', '拍下后评论区扣1', // names and free text
];
const expectNoPersonalData = (text: string) => {
  for (const value of PERSONAL) expect(text.includes(value), `leaked: ${value}`).toBe(false);
};

describe.each(BACKENDS)('statements of reasons on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  let refund: string;
  let warning: string;
  beforeAll(async () => {
    tdb = await openTestDatabase(backend);
    t = await startTestService(tdb.db);
    await t.as('platform').post(routes.ingestCases, { cases: [refundDisputeCase('rd-sor'), violationCase('v-sor'), penaltyCase('v-sor-held', 'false_advertising', 'serious')] });
    const rd = decision('rd-sor', { mutationId: 1, leaseEpoch: await claimEpoch(t.as('arbiter'), 'rd-sor'), body: BODIES.fullRefund });
    const v = decision('v-sor', { mutationId: 1, leaseEpoch: await claimEpoch(t.as('moderator'), 'v-sor'), body: BODIES.warning });
    expect((await push(t.as('arbiter'), { decisions: [rd] }))[0]?.status).toBe('accepted');
    expect((await push(t.as('moderator'), { decisions: [v] }))[0]?.status).toBe('accepted');
    refund = rd.decisionId;
    warning = v.decisionId;
  });
  afterAll(async () => {
    await t?.svc.close();
    await tdb?.close();
  });

  it('gives the Article 17 fields of a refund ruling: decision and scope, facts, automation, ground and version, money, redress and deadline', async () => {
    const res = await t.as('arbiter').get<StatementOfReasons>(statementPath(refund));
    expect(res.status).toBe(200);
    const s = StatementOfReasons.parse(res.body);
    expect(s).toMatchObject({ decisionId: refund, caseId: 'rd-sor', caseKind: 'refund_dispute', status: 'in_effect', fourEyes: { required: false, state: 'not_required' } });
    expect(s.decision).toMatchObject({ type: 'full_refund', restriction: 'monetary', scope: { subject: 'order', subjectId: null, amountFen: 35_900, productCategory: 'outdoor' } });
    expect(s.decision.description.zh).toBe('全额退款¥359.00，由商家承担');
    expect(s.facts.established.map((f) => f.code)).toContain('breakage_return');
    expect(s.automation).toEqual(expect.objectContaining({ detection: 'not_automated', decision: 'not_automated', modelScore: null }));
    expect(s.ground).toMatchObject({ rulebookVersion: '2026.11', ruleRef: 'REF-BR-1', departure: false, clause: { zh: expect.stringContaining('坏损包退') } });
    expect(s.money).toEqual([{ payer: 'merchant', payee: 'buyer', amountFen: 35_900, ruleRef: 'REF-BR-1', purpose: 'refund' }]);
    expect(s.redress[0]).toMatchObject({ route: 'merchant_complaint', deadlineAt: expect.any(Number) });
    expect(s.redress[0]?.deadlineAt).toBeGreaterThan(s.effectiveAt ?? 0);
  });

  it('holds no personal data: not the buyer, their order, the creator, the staff, nor what anyone wrote', async () => {
    for (const id of [refund, warning]) {
      const json = await t.as('supervisor').get(statementPath(id));
      expectNoPersonalData(json.text);
      const notice = await t.as('supervisor').get(`${statementPath(id)}?format=notice`);
      expectNoPersonalData(notice.text);
    }
  });

  it('says when detection was automated, with the model score', async () => {
    const s = StatementOfReasons.parse((await t.as('moderator').get(statementPath(warning))).body);
    expect(s.automation).toMatchObject({ detection: 'automated', modelScore: 0.91, decision: 'not_automated' });
    expect(s.decision).toMatchObject({ type: 'warning', scope: { subject: 'live_room', subjectId: 'lr-88120' } });
    expect(s.redress[0]?.route).toBe('appeal');
  });

  it('serves the merchant notice in Chinese with the clause, the version and the redress deadline', async () => {
    const s = StatementOfReasons.parse((await t.as('arbiter').get(statementPath(refund))).body);
    const res = await t.as('arbiter').get(`${statementPath(refund)}?format=notice`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.text).toContain('平台治理决定通知书');
    expect(res.text).toContain('第REF-BR-1条：坏损包退');
    expect(res.text).toContain('（2026.11版）');
    expect(res.text).toContain(`请于${beijingDateZh(s.redress[0]?.deadlineAt ?? 0)}（北京时间）前提出`);
  });

  it('shows a held decision as not yet in effect, with the money it will move', async () => {
    const d = decision('v-sor-held', { mutationId: 1, leaseEpoch: await claimEpoch(t.as('moderator'), 'v-sor-held'), body: { kind: 'violation', outcome: { type: 'fine', amountFen: 1_000_000 } }, ruleRef: 'VIO-FA-2.7', facts: ViolationFacts.parse({ kind: 'violation', priorOffences: 2 }) });
    expect((await push(t.as('moderator'), { decisions: [d] }))[0]).toMatchObject({ effect: 'awaiting_approval' });
    const s = StatementOfReasons.parse((await t.as('supervisor').get(statementPath(d.decisionId))).body);
    expect([s.status, s.effectiveAt, s.fourEyes]).toEqual(['awaiting_approval', null, { required: true, state: 'pending' }]);
    expect(s.money.map((e) => e.amountFen)).toEqual([1_000_000]);
    expect((await t.as('supervisor').get(`${statementPath(d.decisionId)}?format=notice`)).text).toContain('待主管审批');
  });

  it('is for staff who can read the kind of case: 403 otherwise, 404 for an unknown decision, 400 for a malformed id or format', async () => {
    expect((await t.as('moderator').get(statementPath(refund))).status).toBe(403);
    expect((await t.as('arbiter').get(statementPath(warning))).status).toBe(403);
    expect((await t.as('platform').get(statementPath(refund))).status).toBe(200);
    expect((await t.anonymous.get(statementPath(refund))).status).toBe(401);
    expect((await t.as('supervisor').get(statementPath(randomUUID()))).status).toBe(404);
    expect((await t.as('supervisor').get(statementPath('not-a-uuid'))).status).toBe(400);
    expect((await t.as('supervisor').get(`${statementPath(refund)}?format=pdf`)).status).toBe(400);
  });
});
