import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCase } from '../testing/fixtures';
import { tempDir } from '../testing/tmp';
import { DecisionCommand } from '../../../shared/sync/protocol';
import { refusal } from '../../../shared/domain';
import { caseWriter } from './cases';
import { insertDecisionWithOutbox, listConflicts, recordPushResult } from './decisions';
import { DERIVED_INDEX_NAMES, DERIVED_TRIGGER_NAMES } from './derived';
import { escalatedCases } from './escalations';
import { LATEST_VERSION, MIGRATIONS, SchemaTooNewError, migrate, schemaVersion } from './migrations';
import { openDatabase } from './open';

const tmp = tempDir();
afterAll(() => tmp.remove());

const names = (db: Database.Database, type: string): string[] =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all(type) as string[]);

let n = 0;
const fresh = () => new Database(tmp.file(`m${++n}.db`));

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('1 creates the local tables and nothing replicated', () => {
    const db = fresh();
    expect(migrate(db, 1)).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    expect(names(db, 'table')).toEqual(['conflicts', 'meta', 'my_decisions', 'my_leases', 'outbox', 'prefs', 'sync_state']);
    // The outbox refers to my decisions: an outbox row without its decision is impossible.
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare('INSERT INTO outbox (mutation_id, decision_id, queued_at) VALUES (1, ?, 0)').run('nope')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO my_decisions (decision_id, mutation_id, case_id, staff_id, command, decided_at, state) VALUES ('d', 1, 'c', 's', '{}', 0, 'maybe')`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('2 adds the replicated cases and their bodies, and keeps the local rows there', () => {
    const db = fresh();
    migrate(db, 1);
    db.prepare(`INSERT INTO my_decisions (decision_id, mutation_id, case_id, staff_id, command, decided_at, state) VALUES ('d1', 1, 'C1', 'mod-a', '{}', 5, 'pending')`).run();
    db.prepare('INSERT INTO outbox (mutation_id, decision_id, queued_at) VALUES (1, ?, 5)').run('d1');
    db.prepare(`INSERT INTO my_leases (case_id, epoch, expires_at, granted_at, mode) VALUES ('C1', 3, 900, 100, 'offline')`).run();
    expect(migrate(db, 2)).toEqual([2]);
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['cases', 'case_bodies']));
    const cols = (db.prepare(`SELECT name FROM pragma_table_info('cases')`).pluck().all() as string[]);
    expect(cols).toEqual(expect.arrayContaining(['id', 'kind', 'status', 'sla_due_at', 'amount_fen', 'merchant_id', 'buyer_id', 'version', 'lease']));
    expect(db.prepare('SELECT decision_id, state FROM my_decisions').all()).toEqual([{ decision_id: 'd1', state: 'pending' }]);
    expect(db.prepare('SELECT mutation_id, decision_id FROM outbox').all()).toEqual([{ mutation_id: 1, decision_id: 'd1' }]);
    expect(db.prepare('SELECT case_id, epoch, mode FROM my_leases').all()).toEqual([{ case_id: 'C1', epoch: 3, mode: 'offline' }]);
    db.close();
  });

  it('3 builds the indexes and counts, including for rows already there', () => {
    const db = fresh();
    migrate(db, 2);
    const w = caseWriter(db);
    db.transaction(() => {
      for (let i = 0; i < 20; i++) w.upsert({ type: 'upsert', case: makeCase(i, { kind: 'violation', status: i < 5 ? 'decided' : 'open' }), lease: null });
    })();
    expect(migrate(db, 3)).toEqual([3]);
    expect(names(db, 'index')).toEqual(expect.arrayContaining(DERIVED_INDEX_NAMES));
    expect(names(db, 'trigger')).toEqual([...DERIVED_TRIGGER_NAMES].sort());
    expect(db.prepare('SELECT sum(n) FROM queue_counts').pluck().get()).toBe(20);
    expect(db.prepare('SELECT sum(n) FROM sla_day_counts').pluck().get()).toBe(20);
    expect(db.prepare('SELECT sum(n) FROM queue_counts WHERE status = 2').pluck().get()).toBe(5);
    db.close();
  });

  it('4 adds the evidence cache index and leaves the cases and their counts as they were', () => {
    const db = fresh();
    migrate(db, 3);
    const w = caseWriter(db);
    db.transaction(() => {
      for (let i = 0; i < 12; i++) w.upsert({ type: 'upsert', case: makeCase(i, { kind: 'refund_dispute' }), lease: null });
    })();
    expect(migrate(db, 4)).toEqual([4]);
    expect(names(db, 'table')).toContain('evidence_cache');
    expect(db.prepare('SELECT count(*) FROM evidence_cache').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(12);
    expect(db.prepare('SELECT sum(n) FROM queue_counts').pluck().get()).toBe(12);
    db.close();
  });

  it('5 adds approvals and their outbox, decision effects, and keeps the inbox it rebuilds', () => {
    const db = fresh();
    db.pragma('foreign_keys = ON');
    migrate(db, 4);
    db.prepare(`INSERT INTO my_decisions (decision_id, mutation_id, case_id, staff_id, command, decided_at, state) VALUES ('d1', 1, 'C1', 'mod-a', '{}', 5, 'conflict')`).run();
    db.prepare(`INSERT INTO conflicts (decision_id, case_id, status, reason, message, theirs, received_at) VALUES ('d1', 'C1', 'conflict', 'case_changed', 'changed', NULL, 6)`).run();
    expect(migrate(db, 5)).toEqual([5]);
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['my_approvals', 'approval_outbox', 'conflicts']));
    expect(db.prepare('SELECT decision_id, reason, message, received_at, resolution FROM conflicts').all()).toEqual([{ decision_id: 'd1', reason: 'case_changed', message: 'changed', received_at: 6, resolution: null }]);
    expect(names(db, 'index')).toContain('conflicts_unresolved_by_case');
    expect(db.prepare(`SELECT name FROM pragma_table_info('my_decisions')`).pluck().all()).toContain('effect');
    // An approval's outbox row needs its approval, like a decision's.
    expect(() => db.prepare('INSERT INTO approval_outbox (mutation_id, approval_id, queued_at) VALUES (2, ?, 0)').run('nope')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`UPDATE my_decisions SET effect = 'maybe'`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('6 gives the inbox a place for a rejection\'s refusals; answers stored before show none', () => {
    const db = fresh();
    db.pragma('foreign_keys = ON');
    migrate(db, 5);
    const command = (decisionId: string, mutationId: number) => DecisionCommand.parse({
      decisionId, mutationId, caseId: 'C1', baseVersion: 1, leaseEpoch: 1, decidedAt: 5,
      body: { kind: 'violation', outcome: { type: 'warning' } }, ruleRef: 'VIO-II-1.2', reason: 'Offer seen in the live room.',
    });
    const older = '5d7c2a7e-1111-4a4a-8a8a-000000000001';
    db.prepare(`INSERT INTO my_decisions (decision_id, mutation_id, case_id, staff_id, command, decided_at, state) VALUES (?, 1, 'C1', 'mod-a', ?, 5, 'rejected')`).run(older, JSON.stringify(command(older, 1)));
    db.prepare(`INSERT INTO conflicts (decision_id, case_id, status, reason, message, theirs, received_at) VALUES (?, 'C1', 'rejected', 'invalid', 'a fine needs an amount', NULL, 6)`).run(older);
    expect(migrate(db, 6)).toEqual([6]);
    expect(db.prepare('SELECT refusals FROM conflicts').pluck().all()).toEqual([null]);
    // The rejection answered before codes keeps its message, and reads with no refusals.
    expect(listConflicts(db)).toEqual([expect.objectContaining({ decisionId: older, status: 'rejected', message: 'a fine needs an amount', refusals: [] })]);
    // A rejection recorded now keeps its refusals.
    const newer = '5d7c2a7e-1111-4a4a-8a8a-000000000002';
    insertDecisionWithOutbox(db, 'mod-a', command(newer, 2), 7);
    const refusals = [refusal('case_not_open', { caseId: 'C1', status: 'decided' }, 'case C1 is decided, not open')];
    expect(recordPushResult(db, { status: 'rejected', decisionId: newer, mutationId: 2, code: 'case_closed', message: 'case C1 is decided, not open', refusals }, 8)).toBe(true);
    expect(listConflicts(db).find((c) => c.decisionId === newer)?.refusals).toEqual(refusals);
    db.close();
  });

  it('7 counts the sort buckets and deadline spans of the rows already there, and leaves a deferred rebuild to the bootstrap', () => {
    const db = fresh();
    migrate(db, 6);
    const w = caseWriter(db);
    db.transaction(() => {
      for (let i = 0; i < 30; i++) w.upsert({ type: 'upsert', case: makeCase(i, { kind: 'violation' }), lease: null });
    })();
    // As a database of version 6 has them: no buckets, no spans.
    db.exec('DROP TABLE sort_buckets; DROP TABLE sort_bounds; DROP TABLE sla_spans');
    for (const t of DERIVED_TRIGGER_NAMES.filter((name) => /bucket|span/.test(name))) db.exec(`DROP TRIGGER ${t}`);
    expect(migrate(db, 7)).toEqual([7]);
    expect(names(db, 'trigger')).toEqual([...DERIVED_TRIGGER_NAMES].sort());
    expect(db.prepare('SELECT col, sum(n) FROM sort_buckets GROUP BY col ORDER BY col').raw().all()).toEqual(
      ['amount_fen', 'created_at', 'priority', 'sla_due_at', 'updated_at'].map((col) => [col, 30]),
    );
    expect(db.prepare('SELECT sum(n) FROM sla_spans').pluck().get()).toBe(30);

    const deferred = fresh();
    migrate(deferred, 6);
    deferred.exec("UPDATE meta SET value = 'deferred' WHERE key = 'derived'");
    deferred.exec('DROP TABLE sort_buckets');
    migrate(deferred, 7);
    expect(names(deferred, 'table')).not.toContain('sort_buckets');
    db.close();
    deferred.close();
  });

  it('9 adds escalations and their outbox, and finds the cases already escalated by a partial index', () => {
    const db = fresh();
    migrate(db, 7);
    const w = caseWriter(db);
    const escalation = { move: 'escalate' as const, by: { id: 'arb-a', name: 'Arbiter A' }, at: 9, note: '证据矛盾，请主管裁决。', to: null };
    db.transaction(() => {
      for (let i = 0; i < 5; i++) w.upsert({ type: 'upsert', case: { ...makeCase(i, { kind: 'violation' }), ...(i === 3 ? { escalation } : {}) }, lease: null });
    })();
    expect(migrate(db, 9)).toEqual([8, 9]);
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['my_escalations', 'escalation_outbox']));
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT body FROM case_bodies WHERE json_extract(body, '$.case.escalation.move') IS NOT NULL`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('case_bodies_escalated');
    expect(escalatedCases(db, 'sup-a').map((x) => [x.case.id, x.escalation.note])).toEqual([[makeCase(3, { kind: 'violation' }).id, '证据矛盾，请主管裁决。']]);
  });

  it('8 adds the audit log replica beside the rows already there; verified rows never change', () => {
    const db = fresh();
    migrate(db, 7);
    const w = caseWriter(db);
    db.transaction(() => {
      for (let i = 0; i < 5; i++) w.upsert({ type: 'upsert', case: makeCase(i, { kind: 'violation' }), lease: null });
    })();
    db.prepare(`INSERT INTO sync_state (kind, cursor, bootstrapped) VALUES ('violation', 'c5', 1)`).run();
    expect(migrate(db, 8)).toEqual([8]);
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['audit_entries', 'audit_checkpoints']));
    const cols = (t: string) => db.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).raw().all(t);
    expect(cols('audit_entries')).toEqual([
      ['seq', 'INTEGER', 0, 1], ['at', 'INTEGER', 1, 0], ['actor_id', 'TEXT', 1, 0], ['actor_name', 'TEXT', 1, 0],
      ['action', 'TEXT', 1, 0], ['case_id', 'TEXT', 0, 0], ['payload', 'TEXT', 1, 0], ['prev_hash', 'BLOB', 1, 0], ['leaf_hash', 'BLOB', 1, 0],
    ]);
    expect(cols('audit_checkpoints')).toEqual([
      ['tree_size', 'INTEGER', 0, 1], ['root_hash', 'BLOB', 1, 0], ['signed_at', 'INTEGER', 1, 0], ['note', 'TEXT', 1, 0], ['verified_at', 'INTEGER', 1, 0],
    ]);
    expect(db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(5);
    expect(db.prepare('SELECT kind, cursor FROM sync_state').all()).toEqual([{ kind: 'violation', cursor: 'c5' }]);

    const h = Buffer.alloc(32, 7);
    const entry = db.prepare(`INSERT INTO audit_entries VALUES (?, 10, 'sup-a', 'Supervisor A', 'decision', 'C1', '{}', ?, ?)`);
    entry.run(1, Buffer.alloc(32), h);
    expect(() => entry.run(2, Buffer.alloc(31), h)).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE audit_entries SET payload = '{"x":1}' WHERE seq = 1`).run()).toThrow(/append-only/);
    db.prepare(`INSERT INTO audit_checkpoints VALUES (1, ?, 11, 'note', 12)`).run(h);
    expect(() => db.prepare('UPDATE audit_checkpoints SET note = ? WHERE tree_size = 1').run('other')).toThrow(/append-only/);
    db.close();
  });

  it('runs all pending steps in one transaction: a failing step leaves the database at the old version', () => {
    const db = fresh();
    migrate(db, 1);
    const broken = [...MIGRATIONS.slice(0, 2), { version: 3, name: 'fails', up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT no_such_function();') }];
    expect(() => migrate(db, 3, broken)).toThrow(/no_such_function/);
    expect(schemaVersion(db)).toBe(1);
    expect(names(db, 'table')).not.toContain('cases');
    expect(names(db, 'table')).not.toContain('half');
    db.close();
  });

  it('openDatabase brings a new file to the latest version, in WAL mode, and reopening changes nothing', () => {
    const file = tmp.file('open.db');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(LATEST_VERSION);
    again.close();
  });

  it('refuses a database from a newer version with a clear message and leaves it untouched', () => {
    const file = tmp.file('newer.db');
    const db = new Database(file);
    db.exec('CREATE TABLE future (x)');
    db.pragma(`user_version = ${LATEST_VERSION + 7}`);
    db.close();
    const before = new Database(file, { readonly: true });
    const mode = before.pragma('journal_mode', { simple: true });
    before.close();

    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toMatch(new RegExp(`schema version ${LATEST_VERSION + 7}.*newer Docket.*up to ${LATEST_VERSION}`));

    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 7);
    expect(after.pragma('journal_mode', { simple: true })).toBe(mode);
    expect(names(after, 'table')).toEqual(['future']);
    after.close();
  });
});
