/** Roles on every endpoint: 401 without or with a bad token, 403 with the wrong role, and nothing changes. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseKind } from '../shared/domain';
import { routes, statementPath, type AuditEntry } from '../shared/sync/protocol';
import { BODIES, decision, refundDisputeCase, STAFF, violationCase, type StaffKey } from './test-fixtures';
import { BACKENDS, Client, openTestDatabase, pullAll, startTestService, type TestDatabase, type TestService } from './test-helpers';

const PNG_1PX = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');

interface Call {
  what: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const clientId = randomUUID();
const calls: Call[] = [
  { what: 'me', method: 'GET', path: routes.me },
  { what: 'the refund dispute feed', method: 'GET', path: `${routes.changes}?partition=refund_dispute` },
  { what: 'the violation feed', method: 'GET', path: `${routes.changes}?partition=violation` },
  { what: 'a claim of a refund dispute', method: 'POST', path: routes.claim, body: { caseIds: ['rd-roles'] } },
  { what: 'a renewal', method: 'POST', path: routes.renew, body: { caseIds: ['rd-roles'] } },
  { what: 'a release', method: 'POST', path: routes.release, body: { caseIds: ['rd-roles'] } },
  { what: 'a refund dispute decision', method: 'POST', path: routes.decisions, body: { clientId, decisions: [decision('rd-roles', { mutationId: 1, body: BODIES.fullRefund })] } },
  { what: 'a violation decision', method: 'POST', path: routes.decisions, body: { clientId, decisions: [decision('v-roles', { mutationId: 1, body: BODIES.warning })] } },
  { what: 'an ingest', method: 'POST', path: routes.ingestCases, body: { cases: [violationCase('v-roles-new')] } },
  { what: 'a delete', method: 'DELETE', path: `${routes.ingestCases}/v-roles` },
  { what: 'an evidence upload', method: 'POST', path: routes.evidence, body: PNG_1PX, headers: { 'content-type': 'image/png' } },
  { what: 'an evidence download', method: 'GET', path: `${routes.evidence}/${'ab'.repeat(32)}` },
  { what: 'the audit log', method: 'GET', path: routes.audit },
  { what: 'the ledger summary', method: 'GET', path: `${routes.ledgerSummary}?by=payer` },
  // Who may read a statement depends on its decision's kind: see statement.test.ts.
  { what: 'a statement of reasons', method: 'GET', path: statementPath(randomUUID()) },
];

/** Who may not make each call (403); roles not listed are allowed. */
const refused: Record<string, StaffKey[]> = {
  'the refund dispute feed': ['moderator'],
  'the violation feed': ['arbiter'],
  'a claim of a refund dispute': ['moderator', 'platform'],
  'a renewal': ['moderator', 'platform'],
  'a release': ['moderator', 'platform'],
  'a refund dispute decision': ['moderator', 'platform'],
  'a violation decision': ['arbiter', 'platform'],
  'an ingest': ['moderator', 'arbiter', 'supervisor'],
  'a delete': ['moderator', 'arbiter', 'supervisor'],
  'an evidence upload': ['moderator', 'arbiter', 'supervisor'],
  'the audit log': ['moderator', 'arbiter', 'platform'],
  'the ledger summary': ['moderator', 'arbiter', 'platform'],
};

describe.each(BACKENDS)('roles on every endpoint on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  let snapshot: () => Promise<unknown>;
  let before: unknown;
  beforeAll(async () => {
    tdb = await openTestDatabase(backend);
    t = await startTestService(tdb.db);
    expect((await t.as('platform').post(routes.ingestCases, { cases: [refundDisputeCase('rd-roles'), violationCase('v-roles')] })).status).toBe(200);
    // Everything a refused call could have changed: both feeds, the log, the evidence store.
    snapshot = async () => {
      const feeds: Record<string, unknown> = {};
      for (const kind of ['violation', 'refund_dispute'] satisfies CaseKind[]) feeds[kind] = (await pullAll(t.as('platform'), kind)).lines;
      const audit = (await t.as('supervisor').get<{ entries: AuditEntry[] }>(routes.audit)).body.entries;
      const [evidence] = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence');
      const [answers] = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM push_answers');
      return { feeds, audit, evidence: evidence?.n, answers: answers?.n };
    };
    before = await snapshot();
  });
  afterAll(async () => {
    await t?.svc.close();
    await tdb?.close();
  });

  const send = (client: Client, c: Call) => client.request<{ error: string; message: string }>(c.method, c.path, c.body, c.headers);

  it.each(calls)('$what: 401 without a token and with a bad one', async (c) => {
    const none = await send(t.anonymous, c);
    expect([none.status, none.body.error]).toEqual([401, 'unauthorized']);
    const bad = await send(new Client(t.url, 'dkt_not-a-real-token'), c);
    expect([bad.status, bad.body.error]).toEqual([401, 'unauthorized']);
    const tampered = await send(new Client(t.url, `${t.tokens.supervisor}x`), c);
    expect(tampered.status).toBe(401);
  });

  const wrongRole = calls.flatMap((c) => (refused[c.what] ?? []).map((who) => ({ ...c, who })));
  it.each(wrongRole)('$what: 403 for a $who', async (c) => {
    const res = await send(t.as(c.who), c);
    expect([res.status, res.body.error]).toEqual([403, 'forbidden']);
    expect(res.body.message.length).toBeGreaterThan(10);
  });

  it('nothing changed through any refused call', async () => {
    expect(await snapshot()).toEqual(before);
  });

  it('the health check needs no token; the same calls with the right role work', async () => {
    expect((await t.anonymous.get(routes.health)).status).toBe(200);
    const me = await t.as('arbiter').get(routes.me);
    expect(me.body).toEqual({ staff: STAFF.arbiter });
    expect((await t.as('moderator').get(`${routes.changes}?partition=violation`)).status).toBe(200);
    expect((await t.as('supervisor').get(routes.audit)).status).toBe(200);
    expect((await t.as('supervisor').get(`${routes.ledgerSummary}?by=merchant`)).status).toBe(200);
    expect((await t.as('platform').post(routes.evidence, PNG_1PX, { 'content-type': 'image/png' })).status).toBe(201);
  });
});
