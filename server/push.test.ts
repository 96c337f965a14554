/** A push batch in one transaction: each command judged on its own, in mutation order, applied at most once. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { routes, type AuditEntry, type DecisionCommand, type PushResponse, type PushResult } from '../shared/sync/protocol';
import { BODIES, decision, refundDisputeCase, STAFF, violationCase } from './test-fixtures';
import { BACKENDS, caseNow, claimEpoch, serveForTests, type TestDatabase, type TestService } from './test-helpers';

describe.each(BACKENDS)('a push batch on %s', (backend) => {
  let t: TestService;
  let tdb: TestDatabase;
  serveForTests(backend, (env) => ({ t, tdb } = env));

  async function ingest(...cases: ReturnType<typeof violationCase>[]) {
    expect((await t.as('platform').post(routes.ingestCases, { cases })).status).toBe(200);
  }
  async function push(clientId: string, decisions: DecisionCommand[], who: 'arbiter' | 'moderator' = 'arbiter'): Promise<PushResult[]> {
    const res = await t.as(who).post<PushResponse>(routes.decisions, { clientId, decisions });
    expect(res.status, res.text).toBe(200);
    return res.body.results;
  }
  /** How many rows each table holds whose writes a decision makes. */
  async function footprint() {
    const [r] = await tdb.db.query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM decisions)::int AS decisions,
      (SELECT count(*) FROM ledger_entries)::int AS ledger, (SELECT count(*) FROM feed)::int AS feed,
      (SELECT count(*) FROM push_answers)::int AS answers, (SELECT sum(version) FROM cases)::int AS versions`);
    return r;
  }
  async function loggedCases(prefix: string): Promise<string[]> {
    const res = await t.as('supervisor').get<{ entries: AuditEntry[] }>(`${routes.audit}?limit=10000`);
    return res.body.entries.filter((e) => e.action === 'decision' && e.caseId?.startsWith(prefix)).map((e) => e.caseId ?? '');
  }
  const outline = (r: PushResult | undefined) => r && [r.status, r.status === 'rejected' ? r.code : r.status === 'conflict' ? r.reason : r.caseVersion];

  it('applies the others of a batch with a rejected and a conflicting decision in the middle, nothing of those two; sent again, the same answers and no change', async () => {
    const ids = ['rd-mid-1', 'rd-mid-2', 'rd-mid-3', 'rd-mid-4', 'rd-mid-5'];
    await ingest(...ids.map((id) => refundDisputeCase(id)));
    const epochs: number[] = [];
    for (const id of ids) epochs.push(await claimEpoch(t.as('arbiter'), id));
    const clientId = randomUUID();
    const batch = [
      decision('rd-mid-1', { mutationId: 1, leaseEpoch: epochs[0] ?? 0, body: BODIES.fullRefund }),
      decision('rd-mid-2', { mutationId: 2, leaseEpoch: epochs[1] ?? 0, body: BODIES.partialRefund(35_901) }), // more than was paid
      decision('rd-mid-3', { mutationId: 3, leaseEpoch: epochs[2] ?? 0, body: BODIES.partialRefund(20_000) }),
      decision('rd-mid-4', { mutationId: 4, leaseEpoch: epochs[3] ?? 0, baseVersion: 7, body: BODIES.fullRefund }), // decided on a stale copy
      decision('rd-mid-5', { mutationId: 5, leaseEpoch: epochs[4] ?? 0, body: BODIES.fullRefund }),
    ];
    const before = await footprint();
    const first = await push(clientId, batch);
    expect(first.map(outline)).toEqual([['accepted', 2], ['rejected', 'invalid'], ['accepted', 2], ['conflict', 'case_changed'], ['accepted', 2]]);
    for (const id of ['rd-mid-2', 'rd-mid-4']) {
      const c = await caseNow(t, 'refund_dispute', id);
      expect({ id, version: c.version, status: c.status, lastDecision: c.lastDecision }).toEqual({ id, version: 1, status: 'open', lastDecision: null });
    }
    for (const id of ['rd-mid-1', 'rd-mid-3', 'rd-mid-5']) expect((await caseNow(t, 'refund_dispute', id)).status).toBe('decided');
    // The decision log holds the three, in mutation order.
    expect(await loggedCases('rd-mid-')).toEqual(['rd-mid-1', 'rd-mid-3', 'rd-mid-5']);
    const ledger = await tdb.db.query<{ case_id: string }>(`SELECT DISTINCT case_id FROM ledger_entries WHERE case_id LIKE 'rd-mid-%' ORDER BY case_id`);
    expect(ledger.map((r) => r.case_id)).toEqual(['rd-mid-1', 'rd-mid-3', 'rd-mid-5']);
    const after = await footprint();

    const again = await push(clientId, batch);
    expect(again).toEqual(first);
    expect(await footprint()).toEqual(after);
    expect(after?.answers).toBe((before?.answers ?? 0) + 5);
  });

  it('judges a second decision on a case in the same batch against the first: accepted, then a conflict naming it', async () => {
    await ingest(violationCase('v-twice'));
    const epoch = await claimEpoch(t.as('moderator'), 'v-twice');
    const first = decision('v-twice', { mutationId: 1, leaseEpoch: epoch, body: BODIES.warning });
    const second = decision('v-twice', { mutationId: 2, leaseEpoch: epoch, body: BODIES.warning, reason: '同一案件的第二个决定。' });
    const [a, b] = await push(randomUUID(), [first, second], 'moderator');
    expect(a).toEqual({ status: 'accepted', decisionId: first.decisionId, mutationId: 1, caseVersion: 2, effect: 'in_effect' });
    expect(b?.status).toBe('conflict');
    if (b?.status !== 'conflict') return;
    expect([b.reason, b.current.caseVersion, b.current.lease]).toEqual(['already_decided', 2, null]);
    expect(b.current.decision).toMatchObject({ decisionId: first.decisionId, decidedBy: { id: STAFF.moderator.id, name: STAFF.moderator.name }, reason: first.reason });
    expect(await loggedCases('v-twice')).toEqual(['v-twice']);
    expect((await caseNow(t, 'violation', 'v-twice')).version).toBe(2);
  });

  it('answers a command repeated inside one batch like a repeat, and refuses a mutation id reused in it for another decision', async () => {
    await ingest(violationCase('v-repeat-1'), violationCase('v-repeat-2'));
    const e1 = await claimEpoch(t.as('moderator'), 'v-repeat-1');
    const e2 = await claimEpoch(t.as('moderator'), 'v-repeat-2');
    const d1 = decision('v-repeat-1', { mutationId: 1, leaseEpoch: e1, body: BODIES.warning });
    const reused = decision('v-repeat-2', { mutationId: 1, leaseEpoch: e2, body: BODIES.warning });
    const [a, b, c] = await push(randomUUID(), [d1, d1, reused], 'moderator');
    expect(a?.status).toBe('accepted');
    expect(b).toEqual(a);
    expect(c).toMatchObject({ status: 'rejected', code: 'duplicate_id', decisionId: reused.decisionId });
    expect(await loggedCases('v-repeat-')).toEqual(['v-repeat-1']);
    expect((await caseNow(t, 'violation', 'v-repeat-2')).status).toBe('open');
  });

  it('refuses a command that fails in a way no check foresaw, applies the ones around it, and applies it when sent again after the fault is gone', async () => {
    await ingest(violationCase('v-fault-1'), violationCase('v-fault-2'), violationCase('v-fault-3'));
    const epochs: number[] = [];
    for (const id of ['v-fault-1', 'v-fault-2', 'v-fault-3']) epochs.push(await claimEpoch(t.as('moderator'), id));
    // A fault of the database itself, for one case only.
    await tdb.db.exec(`
      CREATE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.case_id = 'v-fault-2' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_fault BEFORE INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION test_fault();`);
    const clientId = randomUUID();
    const batch = ['v-fault-1', 'v-fault-2', 'v-fault-3'].map((id, i) => decision(id, { mutationId: i + 1, leaseEpoch: epochs[i] ?? 0, body: BODIES.warning }));
    let first: PushResult[];
    try {
      first = await push(clientId, batch, 'moderator');
    } finally {
      await tdb.db.exec('DROP TRIGGER test_fault ON decisions; DROP FUNCTION test_fault();');
    }
    expect(first.map(outline)).toEqual([['accepted', 2], ['rejected', 'invalid'], ['accepted', 2]]);
    expect(first[1]?.status === 'rejected' && first[1].message).toMatch(/could not apply this decision, and nothing of it was applied \(disk on fire\)/);
    expect(first[1]?.status === 'rejected' && first[1].refusals).toEqual([expect.objectContaining({ code: 'not_applied', params: { detail: expect.stringContaining('disk on fire') } })]);
    const faulty = await caseNow(t, 'violation', 'v-fault-2');
    expect([faulty.version, faulty.status, faulty.lastDecision]).toEqual([1, 'open', null]);
    expect(await loggedCases('v-fault-')).toEqual(['v-fault-1', 'v-fault-3']);

    // The refusal was not stored: sent again, the decision is tried afresh; the others keep their answers.
    const again = await push(clientId, batch, 'moderator');
    expect(again[0]).toEqual(first[0]);
    expect(again[2]).toEqual(first[2]);
    expect(outline(again[1])).toEqual(['accepted', 2]);
    expect(await loggedCases('v-fault-')).toEqual(['v-fault-1', 'v-fault-3', 'v-fault-2']);
  });

  it('refuses the same (client, mutation, decision) ids sent again with another command, and changes nothing', async () => {
    await ingest(refundDisputeCase('rd-replay-1'), refundDisputeCase('rd-replay-2'));
    const e1 = await claimEpoch(t.as('arbiter'), 'rd-replay-1');
    const e2 = await claimEpoch(t.as('arbiter'), 'rd-replay-2');
    const clientId = randomUUID();
    const first = decision('rd-replay-1', { mutationId: 1, leaseEpoch: e1, body: BODIES.partialRefund(10_000) });
    expect(outline((await push(clientId, [first]))[0])).toEqual(['accepted', 2]);
    const before = await footprint();
    const other = { ...decision('rd-replay-2', { mutationId: 1, leaseEpoch: e2, body: BODIES.fullRefund }), decisionId: first.decisionId };
    const [answer] = await push(clientId, [other]);
    expect(answer).toMatchObject({
      status: 'rejected', code: 'duplicate_id', refusals: [{ code: 'mutation_other_command', params: { mutationId: 1 } }],
      message: expect.stringContaining('of this client was used for another command'),
    });
    expect(await footprint()).toEqual(before);
    expect((await caseNow(t, 'refund_dispute', 'rd-replay-2')).status).toBe('open');
    // The command itself, sent again with its fields in another order, is the same command.
    const reordered = Object.fromEntries(Object.entries(first).reverse()) as DecisionCommand;
    expect(outline((await push(clientId, [reordered]))[0])).toEqual(['accepted', 2]);
  });

  it('refuses a mutation id at or below one the client already sent (5 after 10), stored like any answer; a console resending its outbox in order is answered as before', async () => {
    const ids = ['v-order-a', 'v-order-b', 'v-order-c'];
    await ingest(...ids.map((id) => violationCase(id)));
    const epochs: number[] = [];
    for (const id of ids) epochs.push(await claimEpoch(t.as('moderator'), id));
    const clientId = randomUUID();
    const ten = decision('v-order-a', { mutationId: 10, leaseEpoch: epochs[0] ?? 0, body: BODIES.warning });
    const five = decision('v-order-b', { mutationId: 5, leaseEpoch: epochs[1] ?? 0, body: BODIES.warning });
    expect(outline((await push(clientId, [ten], 'moderator'))[0])).toEqual(['accepted', 2]);
    const [late] = await push(clientId, [five], 'moderator');
    expect(late).toMatchObject({ status: 'rejected', code: 'duplicate_id', refusals: [{ code: 'mutation_out_of_order', params: { mutationId: 5, latestMutationId: 10 } }] });
    expect((await caseNow(t, 'violation', 'v-order-b')).status).toBe('open');
    expect(await push(clientId, [five], 'moderator')).toEqual([late]);
    // A crashed console resends what it has not seen answered, in order, with what it decided since.
    const eleven = decision('v-order-c', { mutationId: 11, leaseEpoch: epochs[2] ?? 0, body: BODIES.warning });
    const resent = await push(clientId, [ten, eleven], 'moderator');
    expect(resent.map(outline)).toEqual([['accepted', 2], ['accepted', 2]]);
    expect(await loggedCases('v-order-')).toEqual(['v-order-a', 'v-order-c']);
  });
});
