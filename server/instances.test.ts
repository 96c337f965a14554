/** Several service instances on one PostgreSQL database behave as one: nothing decided twice, no change missed. */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../test-support/postgres';
import { routes, type AuditEntry, type LeaseResponse, type PushResponse } from '../shared/sync/protocol';
import { migrate, MIGRATIONS, SchemaTooNewError } from './db/migrations';
import { postgresDb } from './db/postgres';
import { startCaseService, type CaseService } from './service';
import { BODIES, decision, refundDisputeCase, STAFF } from './test-fixtures';
import { Client, feedSettled, pull, pullAll, sleep } from './test-helpers';
import type { Db } from './db/db';

describe('two case service instances on one PostgreSQL database', () => {
  let fresh: FreshDatabase;
  let one: CaseService;
  let two: CaseService;
  const tokens: Record<string, string> = {};
  /** A connection of the test's own, to wait for the feed to settle (see feedSettled). */
  let settleDb: Db;
  const at = (svc: CaseService, who: keyof typeof STAFF) => new Client(svc.url, tokens[who], () => feedSettled(settleDb));

  beforeAll(async () => {
    fresh = await freshDatabase();
    settleDb = postgresDb(fresh.url, { maxConnections: 1 });
    // Started together: both run the migrations, the advisory lock lets one apply them.
    [one, two] = await Promise.all([startCaseService({ databaseUrl: fresh.url }), startCaseService({ databaseUrl: fresh.url })]);
    for (const [k, s] of Object.entries(STAFF)) tokens[k] = await (k.length % 2 ? one : two).provisionStaff(s);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await settleDb?.close();
    await fresh?.drop();
  });

  it('migrated once, and the tokens of one instance work on the other', async () => {
    const c = new pg.Client({ connectionString: fresh.url });
    await c.connect();
    const { rows } = await c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    await c.end();
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    for (const svc of [one, two]) expect((await at(svc, 'arbiter').get(routes.me)).body).toEqual({ staff: STAFF.arbiter });
  });

  it('a batch sent to both instances at once (a retry racing the original) is applied once, with one answer', async () => {
    await at(one, 'platform').post(routes.ingestCases, { cases: [refundDisputeCase('rd-race-1'), refundDisputeCase('rd-race-2')] });
    const claim = await at(two, 'arbiter').post<LeaseResponse>(routes.claim, { caseIds: ['rd-race-1', 'rd-race-2'] });
    const epochs = claim.body.results.map((r) => (r.granted ? r.lease.epoch : 0));
    const body = {
      clientId: randomUUID(),
      decisions: [
        decision('rd-race-1', { mutationId: 1, leaseEpoch: epochs[0] ?? 0, body: BODIES.fullRefund }),
        decision('rd-race-2', { mutationId: 2, leaseEpoch: epochs[1] ?? 0, body: BODIES.partialRefund(9_900) }),
      ],
    };
    const answers = await Promise.all([one, two, one, two].map((svc) => at(svc, 'arbiter').post<PushResponse>(routes.decisions, body)));
    for (const a of answers) expect(a.body).toEqual(answers[0]?.body);
    expect(answers[0]?.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const log = (await at(one, 'supervisor').get<{ entries: AuditEntry[] }>(`${routes.audit}?limit=10000`)).body.entries;
    expect(log.filter((e) => e.action === 'decision' && e.caseId?.startsWith('rd-race-')).map((e) => e.caseId).sort()).toEqual(['rd-race-1', 'rd-race-2']);
  });

  it('two consoles of one reviewer deciding the same cases through different instances: exactly one decision per case', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `rd-double-${i}`);
    await at(two, 'platform').post(routes.ingestCases, { cases: ids.map((id) => refundDisputeCase(id)) });
    const claim = await at(one, 'arbiter').post<LeaseResponse>(routes.claim, { caseIds: ids });
    const epoch = new Map(claim.body.results.map((r) => [r.caseId, r.granted ? r.lease.epoch : 0]));
    // Each console sends its outbox one push at a time, in mutation order (the service refuses a mutation id below one answered); the two race.
    const consoleOn = async (svc: CaseService, body: typeof BODIES.fullRefund | ReturnType<typeof BODIES.partialRefund>) => {
      const clientId = randomUUID();
      const answers = [];
      for (const [i, id] of ids.entries()) {
        answers.push(await at(svc, 'arbiter').post<PushResponse>(routes.decisions, { clientId, decisions: [decision(id, { mutationId: i + 1, leaseEpoch: epoch.get(id) ?? 0, body })] }));
      }
      return answers;
    };
    const [a, b] = await Promise.all([consoleOn(one, BODIES.fullRefund), consoleOn(two, BODIES.partialRefund(100))]);
    ids.forEach((id, i) => {
      const statuses = [a[i]?.body.results[0], b[i]?.body.results[0]].map((r) => r?.status).sort();
      expect({ id, statuses }).toEqual({ id, statuses: ['accepted', 'conflict'] });
      const conflict = [a[i]?.body.results[0], b[i]?.body.results[0]].find((r) => r?.status === 'conflict');
      expect(conflict?.status === 'conflict' && [conflict.reason, conflict.current.decision?.decidedBy.id, conflict.current.caseVersion]).toEqual(['already_decided', STAFF.arbiter.id, 2]);
    });
    const log = (await at(two, 'supervisor').get<{ entries: AuditEntry[] }>(`${routes.audit}?limit=10000`)).body.entries;
    expect(log.filter((e) => e.action === 'decision' && e.caseId?.startsWith('rd-double-'))).toHaveLength(30);
  });

  it('consoles pushing overlapping batches through both instances at once: one accepted decision per case, no error, as many log entries', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `rd-overlap-${String(i).padStart(2, '0')}`);
    await at(one, 'platform').post(routes.ingestCases, { cases: ids.map((id) => refundDisputeCase(id)) });
    const claim = await at(two, 'arbiter').post<LeaseResponse>(routes.claim, { caseIds: ids });
    const epoch = new Map(claim.body.results.map((r) => [r.caseId, r.granted ? r.lease.epoch : 0]));
    // Three consoles of one reviewer; their batches overlap, each in its own order of cases.
    const slices = [ids.slice(0, 40), ids.slice(20).reverse(), [...ids.slice(10, 50).filter((_, i) => i % 2), ...ids.slice(10, 50).filter((_, i) => !(i % 2))]];
    const consoles = slices.map((slice) => ({
      clientId: randomUUID(),
      decisions: slice.map((id, i) => decision(id, { mutationId: i + 1, leaseEpoch: epoch.get(id) ?? 0, body: BODIES.fullRefund })),
    }));
    // Each batch goes to both instances at once (a retry racing the original).
    const answers = await Promise.all(consoles.flatMap((c) => [one, two].map((svc) => at(svc, 'arbiter').post<PushResponse>(routes.decisions, c))));
    for (const a of answers) expect(a.status).toBe(200);
    const acceptedCases: string[] = [];
    consoles.forEach((c, k) => {
      const [a, b] = [answers[2 * k], answers[2 * k + 1]];
      expect(b?.body).toEqual(a?.body);
      a?.body.results.forEach((r, i) => {
        if (r.status === 'accepted') acceptedCases.push(c.decisions[i]?.caseId ?? '');
        else expect(r.status === 'conflict' && r.reason).toBe('already_decided');
      });
    });
    expect(acceptedCases.sort()).toEqual(ids);
    const log = (await at(one, 'supervisor').get<{ entries: AuditEntry[] }>(`${routes.audit}?limit=10000`)).body.entries;
    expect(log.filter((e) => e.action === 'decision' && e.caseId?.startsWith('rd-overlap-')).map((e) => e.caseId).sort()).toEqual(ids);
    const [recorded] = await settleDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM decisions WHERE case_id LIKE 'rd-overlap-%'`);
    expect(recorded?.n).toBe(ids.length);
  });

  it('writers on both instances while clients pull from both: every change seen exactly once by each', async () => {
    const { cursor: start } = await pullAll(at(one, 'arbiter'), 'refund_dispute');
    const expected: string[] = [];
    let writing = true;
    const puller = async (svc: CaseService) => {
      const seen: string[] = [];
      let cursor = start;
      for (;;) {
        const done = !writing;
        const page = await pull(at(svc, 'arbiter'), 'refund_dispute', cursor, 25);
        seen.push(...page.upserts.map((l) => `${l.case.id}@${l.case.version}`));
        cursor = page.end.cursor;
        if (done && !page.end.hasMore) return seen;
        if (!page.end.hasMore) await sleep(2);
      }
    };
    const pullers = [puller(one), puller(two)];
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      for (let r = 0; r < 10; r++) {
        const svc = (w + r) % 2 ? one : two;
        const cases = [refundDisputeCase(`rd-inst-${w}-${r}`), refundDisputeCase(`rd-inst-shared-${(w + r) % 5}`, { title: `鱼竿到货断裂 rev ${w}-${r}` })];
        const res = await at(svc, 'platform').post<{ versions: Record<string, number> }>(routes.ingestCases, { cases });
        expect(res.status).toBe(200);
        expected.push(...Object.entries(res.body.versions).map(([id, v]) => `${id}@${v}`));
      }
    }));
    await feedSettled(settleDb);
    writing = false;
    for (const seen of await Promise.all(pullers)) {
      expect(seen).toHaveLength(new Set(seen).size);
      expect(new Set(seen)).toEqual(new Set(expected));
    }
  });

  it('answers must-refetch for a cursor issued by a service on another database', async () => {
    const other = await freshDatabase();
    const elsewhere = await startCaseService({ databaseUrl: other.url });
    try {
      const token = await elsewhere.provisionStaff(STAFF.arbiter);
      const { cursor } = await pullAll(new Client(elsewhere.url, token), 'refund_dispute');
      const res = await at(one, 'arbiter').get<{ error: string }>(`${routes.changes}?partition=refund_dispute&cursor=${cursor}`);
      expect([res.status, res.body.error]).toEqual([410, 'must-refetch']);
    } finally {
      await elsewhere.close();
      await other.drop();
    }
  });

  it('refuses a database migrated by a newer service', async () => {
    const db = postgresDb(fresh.url, { maxConnections: 1 });
    try {
      await db.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 0)`);
      await expect(migrate(db)).rejects.toThrow(SchemaTooNewError);
      await expect(startCaseService({ databaseUrl: fresh.url })).rejects.toThrow(new RegExp(`schema version 99, newer than this case service knows \\(${MIGRATIONS.length}\\)`));
    } finally {
      await db.query(`DELETE FROM schema_migrations WHERE version = 99`);
      await db.close();
    }
  });
});
