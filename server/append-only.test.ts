/**
 * The tables whose rows must never change refuse UPDATE, DELETE and TRUNCATE through the
 * service's own database role, and the service runs on PostgreSQL without superuser rights.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { ViolationFacts } from '../shared/rulebook';
import { StatementOfReasons } from '../shared/statement';
import { routes, statementPath, type DecisionCommand } from '../shared/sync/protocol';
import { freshDatabase, type FreshDatabase } from '../test-support/postgres';
import type { Queryable } from './db/db';
import { postgresDb } from './db/postgres';
import { startCaseService, type CaseService } from './service';
import { decision, penaltyCase, STAFF } from './test-fixtures';
import { approval, BACKENDS, claimEpoch, Client, push, serveForTests, SHIPPED_RULEBOOKS, type TestDatabase, type TestService } from './test-helpers';

/** Every table whose rows must never change, and a change to try on it. */
const APPEND_ONLY: Array<{ table: string; change: string }> = [
  { table: 'decisions', change: `summary = summary || ' '` },
  { table: 'decision_answers', change: `approval = approval || ' '` },
  { table: 'ledger_entries', change: 'amount_fen = amount_fen + 1' },
  { table: 'audit_log', change: `payload = payload || ' '` },
  { table: 'push_answers', change: `answer = answer || ' '` },
  { table: 'push_clients', change: `staff_id = staff_id || 'x'` },
  { table: 'evidence', change: `media_type = 'text/plain'` },
];

const twoPriors = ViolationFacts.parse({ kind: 'violation', priorOffences: 2 });

/** A ¥10,000 fine held for four-eyes and approved: a decision, its answer, ledger, log and push answers. */
async function decideAndApprove(t: { as: TestService['as'] }, caseId: string): Promise<DecisionCommand> {
  expect((await t.as('platform').post(routes.ingestCases, { cases: [penaltyCase(caseId, 'false_advertising', 'serious', `m-${caseId}`)] })).status).toBe(200);
  const epoch = await claimEpoch(t.as('moderator'), caseId);
  const d = decision(caseId, { mutationId: 1, leaseEpoch: epoch, body: { kind: 'violation', outcome: { type: 'fine', amountFen: 1_000_000 } }, ruleRef: 'VIO-FA-2.7', facts: twoPriors });
  expect((await push(t.as('moderator'), { decisions: [d] }))[0]).toMatchObject({ status: 'accepted', effect: 'awaiting_approval' });
  expect((await push(t.as('supervisor'), { approvals: [approval(d, 1, 'approve')] }))[0]).toMatchObject({ status: 'accepted', effect: 'in_effect' });
  expect((await t.as('platform').request('POST', routes.evidence, new TextEncoder().encode(`evidence of ${caseId}`), { 'content-type': 'text/plain' })).status).toBe(201);
  return d;
}

async function refusalOf(q: Queryable, sql: string): Promise<string> {
  try {
    await q.query(sql);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return 'done';
}

/** UPDATE, DELETE and TRUNCATE of each table are refused, each in its own transaction, and the rows stay. */
async function expectAppendOnly(run: <T>(fn: (q: Queryable) => Promise<T>) => Promise<T>): Promise<void> {
  for (const { table, change } of APPEND_ONLY) {
    const [before] = await run((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`));
    expect(before?.n, table).toBeGreaterThan(0);
    for (const sql of [`UPDATE ${table} SET ${change}`, `DELETE FROM ${table}`, `TRUNCATE ${table} CASCADE`]) {
      expect(await run((q) => refusalOf(q, sql)), sql).toMatch(/append-only/);
    }
    const [after] = await run((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`));
    expect(after?.n, table).toBe(before?.n);
  }
}

describe.each(BACKENDS)('append-only tables on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  it('refuses UPDATE, DELETE and TRUNCATE of decisions, answers, ledger, log, push answers and evidence', async () => {
    await decideAndApprove(t, 'v-append-1');
    await expectAppendOnly((fn) => fn(tdb.db));
  });

  it('keeps a statement of reasons as decided: its decision record cannot be rewritten', async () => {
    const d = await decideAndApprove(t, 'v-append-2');
    const before = StatementOfReasons.parse((await t.as('supervisor').get(statementPath(d.decisionId))).body);
    const forged = JSON.stringify({ reason: '伪造的理由' });
    expect(await refusalOf(tdb.db, `UPDATE decisions SET summary = '${forged}' WHERE decision_id = '${d.decisionId}'`)).toMatch(/append-only/);
    expect(StatementOfReasons.parse((await t.as('supervisor').get(statementPath(d.decisionId))).body)).toEqual(before);
    expect(before).toMatchObject({ status: 'in_effect', effectiveAt: expect.any(Number) });
  });
});

describe('the service on PostgreSQL without superuser rights', () => {
  let fresh: FreshDatabase;
  let role: string;
  let url: string;
  let svc: CaseService;
  let admin: pg.Client;

  beforeAll(async () => {
    fresh = await freshDatabase();
    admin = new pg.Client({ connectionString: fresh.url });
    await admin.connect();
    role = `docket_service_${randomBytes(4).toString('hex')}`;
    // As server/README.md sets it up: a login role, no superuser, owning the service's database.
    await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    const dbName = new URL(fresh.url).pathname.slice(1);
    await admin.query(`ALTER DATABASE ${dbName} OWNER TO ${role}`);
    await admin.query(`ALTER SCHEMA public OWNER TO ${role}`);
    const u = new URL(fresh.url);
    u.username = role;
    url = u.toString();
    svc = await startCaseService({ databaseUrl: url, rulebooks: SHIPPED_RULEBOOKS });
  });
  afterAll(async () => {
    await svc?.close();
    await admin?.end();
    await fresh?.drop();
    const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${role}`).finally(() => c.end());
  });

  it('migrates, decides and approves as that role, and the role cannot change the append-only tables', async () => {
    const db = postgresDb(url, { maxConnections: 2 });
    try {
      const [me] = await db.query<{ user: string; superuser: boolean }>(`SELECT current_user AS user, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`);
      expect(me).toEqual({ user: role, superuser: false });
      const tokens = Object.fromEntries(await Promise.all(Object.entries(STAFF).map(async ([k, s]) => [k, await svc.provisionStaff(s)])));
      const as = (who: keyof typeof STAFF) => new Client(svc.url, tokens[who]);
      await decideAndApprove({ as }, 'v-nonsuper-1');
      await expectAppendOnly((fn) => fn(db));
      // And it cannot lift the refusal by replication mode, which needs superuser.
      expect(await refusalOf(db, `SET session_replication_role = replica`)).toMatch(/permission denied/);
    } finally {
      await db.close();
    }
  });
});
