/** Migrations 2 and later (decision records, ledger, feed reads) on a database that already holds decisions from version 1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionSummary } from '../shared/domain';
import { StatementOfReasons } from '../shared/statement';
import { statementPath } from '../shared/sync/protocol';
import { freshDatabase, type FreshDatabase } from '../test-support/postgres';
import type { Db } from './db/db';
import { migrate, MIGRATIONS } from './db/migrations';
import { pgliteDb } from './db/pglite';
import { postgresDb } from './db/postgres';
import { decisionRecord } from './decision-records';
import { BODIES, refundDisputeCase, STAFF, T0 } from './test-fixtures';
import { BACKENDS, startTestService, type TestService } from './test-helpers';

const legacy: DecisionSummary = {
  decisionId: '5d1c9a8e-2f4b-4c7d-9e0a-1b2c3d4e5f60', caseId: 'rd-legacy', decidedBy: { id: STAFF.arbiter.id, name: STAFF.arbiter.name }, decidedAt: T0,
  body: BODIES.fullRefund, ruleRef: 'REF-BR-1', reason: '到货破损，支持买家退款。',
};

describe.each(BACKENDS)('migration 2 on %s', (backend) => {
  let db: Db;
  let fresh: FreshDatabase | undefined;
  let t: TestService;
  beforeAll(async () => {
    if (backend === 'postgres') {
      fresh = await freshDatabase();
      db = postgresDb(fresh.url, { maxConnections: 4 });
    } else {
      db = await pgliteDb();
    }
    expect((await migrate(db, MIGRATIONS.filter((m) => m.version === 1))).applied).toEqual([1]);
    // A case decided by a service of version 1: the decision lives only on the case.
    await db.query(
      `INSERT INTO cases (id, kind, status, version, input, last_decision, updated_at) VALUES ($1, 'refund_dispute', 'decided', 2, $2, $3, $4)`,
      ['rd-legacy', JSON.stringify(refundDisputeCase('rd-legacy')), JSON.stringify(legacy), T0 + 1],
    );
    expect((await migrate(db)).applied).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 1));
    t = await startTestService(db);
  });
  afterAll(async () => {
    await t?.svc.close();
    await db?.close();
    await fresh?.drop();
  });

  it('records the decisions already taken, in effect, with no rulebook version or facts', async () => {
    const rec = await decisionRecord(db, legacy.decisionId);
    expect(rec).toMatchObject({ caseId: 'rd-legacy', kind: 'refund_dispute', decidedById: STAFF.arbiter.id, state: 'in_effect', summary: legacy, facts: null, effectiveAt: T0 + 1, contests: null });
    expect(rec?.caseInput.id).toBe('rd-legacy');
  });

  it('explains such a decision by the current rulebook, with no money it never wrote', async () => {
    const s = StatementOfReasons.parse((await t.as('arbiter').get(statementPath(legacy.decisionId))).body);
    expect(s.ground).toMatchObject({ rulebookVersion: '2026.11', ruleRef: 'REF-BR-1' });
    expect(s.money).toEqual([]);
  });
});

describe('migration 10 on pglite', () => {
  let db: Db;
  beforeAll(async () => {
    db = await pgliteDb();
    await migrate(db, MIGRATIONS.filter((m) => m.version <= 9));
    await db.query(`INSERT INTO audit_log (seq, at, actor_id, actor_name, action, case_id, payload) VALUES (1, $1, 'sup-1', '周敏', 'token_revoke', NULL, '{}')`, [T0]);
    expect((await migrate(db)).applied).toContain(10);
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps the entries already logged and accepts every action the log now records', async () => {
    await db.query(`INSERT INTO audit_log (seq, at, actor_id, actor_name, action, case_id, payload) VALUES (2, $1, 'arb-1', '李娜', 'appeal_outcome', 'ap-1', '{}')`, [T0 + 1]);
    expect(await db.query<{ action: string }>('SELECT action FROM audit_log ORDER BY seq')).toEqual([{ action: 'token_revoke' }, { action: 'appeal_outcome' }]);
  });

  it('still refuses an action the log does not know', async () => {
    await expect(db.query(`INSERT INTO audit_log (seq, at, actor_id, actor_name, action, case_id, payload) VALUES (3, $1, 'arb-1', '李娜', 'coffee_break', NULL, '{}')`, [T0 + 2])).rejects.toThrow(/audit_log_action_check/);
  });
});
