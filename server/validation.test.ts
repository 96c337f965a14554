/** Malformed or hostile input gets 400 with a message naming the field, and changes nothing. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type AuditEntry, type LeaseResponse, type PushResponse } from '../shared/sync/protocol';
import { BODIES, decision, refundDisputeCase } from './test-fixtures';
import { BACKENDS, openTestDatabase, pullAll, startTestService, type TestDatabase, type TestService } from './test-helpers';

describe.each(BACKENDS)('malformed and hostile input on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  let epoch = 0;
  const clientId = randomUUID();
  beforeAll(async () => {
    tdb = await openTestDatabase(backend);
    t = await startTestService(tdb.db);
    expect((await t.as('platform').post(routes.ingestCases, { cases: [refundDisputeCase('rd-hostile')] })).status).toBe(200);
    const claim = await t.as('arbiter').post<LeaseResponse>(routes.claim, { caseIds: ['rd-hostile'] });
    const r = claim.body.results[0];
    epoch = r?.granted ? r.lease.epoch : 0;
  });
  afterAll(async () => {
    await t?.svc.close();
    await tdb?.close();
  });

  const good = () => decision('rd-hostile', { mutationId: 1, leaseEpoch: epoch, body: BODIES.fullRefund });
  const withDecision = (patch: Record<string, unknown>) => ({ clientId, decisions: [{ ...good(), ...patch }] });

  const hostile: [string, unknown, RegExp][] = [
    ['a mutation id of the wrong type', withDecision({ mutationId: '1' }), /decisions\[0\]\.mutationId/],
    ['a missing reason', withDecision({ reason: undefined }), /decisions\[0\]\.reason/],
    ['a huge reason', withDecision({ reason: '退'.repeat(100_000) }), /decisions\[0\]\.reason: text longer than 2000 characters/],
    ['a blank reason', withDecision({ reason: '   ' }), /decisions\[0\]\.reason: a decision needs a written reason/],
    ['a negative refund', withDecision({ body: { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: -500 } } }), /decisions\[0\]\.body\.outcome\.amountFen: amounts cannot be negative/],
    ['a fractional amount of fen', withDecision({ body: { kind: 'refund_dispute', outcome: { type: 'partial_refund', amountFen: 12.5 } } }), /amountFen: amounts are integer fen/],
    ['an unknown kind', withDecision({ body: { kind: 'bribe', outcome: { type: 'full_refund' } } }), /decisions\[0\]\.body\.kind/],
    ['an unknown outcome', withDecision({ body: { kind: 'refund_dispute', outcome: { type: 'refund_twice' } } }), /decisions\[0\]\.body\.outcome\.type/],
    ['a made-up rule citation', withDecision({ ruleRef: 'because I said so' }), /decisions\[0\]\.ruleRef: a rule citation looks like VIO-FA-2\.1/],
    ['a case id with path characters', withDecision({ caseId: '../../etc/passwd' }), /decisions\[0\]\.caseId: ids are letters, digits/],
    ['a client id that is not a uuid', { clientId: 'console-1', decisions: [good()] }, /clientId/],
    ['no decisions', { clientId, decisions: [] }, /decisions/],
    ['too many decisions', { clientId, decisions: Array.from({ length: 1001 }, (_, i) => ({ ...good(), mutationId: i + 1, decisionId: randomUUID() })) }, /decisions/],
    ['a body that is an array', [good()], /body/],
    ['a body that is not JSON', '{"clientId": ', /JSON/i],
  ];

  it.each(hostile)('refuses %s with 400 naming the field', async (_what, body, message) => {
    const res = await t.as('arbiter').post<{ error: string; message: string }>(routes.decisions, body, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid');
    expect(res.body.message).toMatch(message);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await t.as('arbiter').post<{ error: string }>(routes.decisions, JSON.stringify({ clientId, junk: 'x'.repeat(20 * 1024 * 1024) }), { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('too_large');
  });

  it('refuses malformed lease requests and ingest batches the same way', async () => {
    const claim = await t.as('arbiter').post<{ message: string }>(routes.claim, { caseIds: ['rd-hostile'], mode: 'forever' });
    expect([claim.status, claim.body.message]).toEqual([400, expect.stringContaining('mode')]);
    const ingest = await t.as('platform').post<{ message: string }>(routes.ingestCases, { cases: [{ ...refundDisputeCase('rd-bad'), amountFen: -1 }] });
    expect([ingest.status, ingest.body.message]).toEqual([400, expect.stringContaining('cases[0].amountFen: amounts cannot be negative')]);
    const twice = await t.as('platform').post<{ message: string }>(routes.ingestCases, { cases: [refundDisputeCase('rd-dup'), refundDisputeCase('rd-dup')] });
    expect([twice.status, twice.body.message]).toEqual([400, expect.stringContaining('cases[1].id: case rd-dup appears twice')]);
    const changes = await t.as('arbiter').get<{ message: string }>(`${routes.changes}?partition=refund_dispute&limit=50001`);
    expect([changes.status, changes.body.message]).toEqual([400, expect.stringContaining('limit')]);
    const cursor = await t.as('arbiter').get<{ message: string }>(`${routes.changes}?partition=refund_dispute&cursor=abc`);
    expect([cursor.status, cursor.body.message]).toEqual([400, expect.stringContaining('cursor')]);
  });

  it('changed nothing: the case is as ingested, no answer was stored, nothing was logged about a case', async () => {
    const { lines } = await pullAll(t.as('platform'), 'refund_dispute');
    expect(lines.map((l) => (l.type === 'upsert' ? [l.case.id, l.case.version, l.case.status] : l.type))).toEqual([
      ['rd-hostile', 1, 'open'],
      ['rd-hostile', 1, 'open'], // the claim's lease row
    ]);
    const log = await t.as('supervisor').get<{ entries: AuditEntry[] }>(routes.audit);
    // Only what setting up the service logs (its signing key, rulebook version, staff roles): nothing about the case.
    expect(log.body.entries.filter((e) => !['key_rotation', 'rulebook_change', 'role_change'].includes(e.action))).toEqual([]);
    // Mutation 1 of this client was never answered, so a good decision under it is applied now.
    const ok = await t.as('arbiter').post<PushResponse>(routes.decisions, { clientId, decisions: [good()] });
    expect(ok.body.results[0]?.status).toBe('accepted');
  });
});
