import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionBody, StaffMember } from '../../shared/domain';
import { DecisionCommand } from '../../shared/sync/protocol';
import { caseWriter } from './db/cases';
import { listConflicts, recordPushResult } from './db/decisions';
import { saveMyLease } from './db/leases';
import { getMeta } from './db/meta';
import { openDatabase, type Db } from './db/open';
import { decideCase } from './decide';
import { readRulebooks, RulebookShelf } from './rulebooks';
import { makeCase } from './testing/fixtures';
import { tempDir } from './testing/tmp';
import { refusedBy } from './testing/refused';

const tmp = tempDir();
afterAll(() => tmp.remove());
const NOW = Date.UTC(2026, 3, 1);
const moderator: StaffMember = { id: 'mod-a', name: 'Moderator A', role: 'moderator' };
const warning: DecisionBody = { kind: 'violation', outcome: { type: 'warning' } };
const input = (caseId: string, body: DecisionBody = warning) => ({ caseId, body, ruleRef: 'VIO-II-1.2', reason: 'Offer of faster shipping for comments.' });

let db: Db;
let n = 0;
beforeEach(() => {
  db?.close();
  db = openDatabase(tmp.file(`decide${++n}.db`));
  const w = caseWriter(db);
  db.transaction(() => {
    w.upsert({ type: 'upsert', case: makeCase(1, { kind: 'violation', status: 'open', version: 3 }), lease: null });
    w.upsert({ type: 'upsert', case: makeCase(2, { kind: 'violation', status: 'decided' }), lease: null });
    w.upsert({ type: 'upsert', case: makeCase(3, { kind: 'refund_dispute', status: 'open' }), lease: null });
    for (const id of ['C00000001', 'C00000002', 'C00000003']) saveMyLease(db, id, { holder: moderator, epoch: 7, expiresAt: NOW + 60_000, mode: 'online' }, NOW);
  })();
});

const rows = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('decideCase', () => {
  it('writes the decision and its outbox row with the next mutation id, the version seen and the lease epoch', () => {
    const d = decideCase(db, moderator, input('C00000001'), NOW);
    expect(d.mutationId).toBe(1);
    const stored = db.prepare('SELECT * FROM my_decisions').get() as { command: string; state: string; staff_id: string };
    expect(stored.state).toBe('pending');
    expect(stored.staff_id).toBe('mod-a');
    const command = DecisionCommand.parse(JSON.parse(stored.command));
    expect(command).toMatchObject({ decisionId: d.decisionId, mutationId: 1, caseId: 'C00000001', baseVersion: 3, leaseEpoch: 7, decidedAt: NOW, body: warning });
    expect(db.prepare('SELECT mutation_id, decision_id FROM outbox').all()).toEqual([{ mutation_id: 1, decision_id: d.decisionId }]);
    expect(getMeta(db, 'next_mutation_id')).toBe('2');
  });

  it('is one transaction: if the outbox row cannot be written, no decision exists and the mutation id is not used', () => {
    db.exec(`CREATE TEMP TRIGGER outbox_full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    expect(() => decideCase(db, moderator, input('C00000001'), NOW)).toThrow(/disk full/);
    expect(rows('my_decisions')).toBe(0);
    expect(rows('outbox')).toBe(0);
    expect(getMeta(db, 'next_mutation_id')).toBeNull();
    db.exec('DROP TRIGGER outbox_full');
    expect(decideCase(db, moderator, input('C00000001'), NOW).mutationId).toBe(1);
  });

  it('refuses, with a clear error, its reason as a code, and nothing written: unknown case, wrong kind, wrong role, closed case, no or expired claim, a decision already queued', () => {
    const coded = (f: () => unknown) => {
      const e = refusedBy(f);
      return { code: e.code, message: e.message, refusals: e.refusals };
    };
    const one = (code: string, params: Record<string, unknown>) => [{ code, params, message: expect.any(String) }];
    expect(coded(() => decideCase(db, moderator, input('C99'), NOW))).toMatchObject({
      code: 'not_found', message: expect.stringMatching(/case C99 is not in this console/), refusals: one('case_not_in_console', { caseId: 'C99' }),
    });
    expect(coded(() => decideCase(db, moderator, input('C00000001', { kind: 'refund_dispute', outcome: { type: 'full_refund' } }), NOW))).toMatchObject({
      code: 'invalid_input', message: expect.stringMatching(/is a violation case; a refund_dispute decision/),
      refusals: one('decision_kind_mismatch', { caseKind: 'violation', decisionKind: 'refund_dispute' }),
    });
    expect(coded(() => decideCase(db, moderator, input('C00000003', { kind: 'refund_dispute', outcome: { type: 'full_refund' } }), NOW))).toMatchObject({
      code: 'forbidden', message: 'a moderator does not decide refund_dispute cases', refusals: one('role_may_not_decide', { role: 'moderator', caseKind: 'refund_dispute' }),
    });
    expect(coded(() => decideCase(db, moderator, input('C00000002'), NOW))).toMatchObject({
      code: 'conflict', message: expect.stringMatching(/is decided, not open/), refusals: one('case_not_open', { caseId: 'C00000002', status: 'decided' }),
    });
    db.prepare('DELETE FROM my_leases WHERE case_id = ?').run('C00000001');
    expect(coded(() => decideCase(db, moderator, input('C00000001'), NOW))).toMatchObject({
      code: 'forbidden', message: expect.stringMatching(/you hold no claim on case C00000001: claim it before deciding/), refusals: one('claim_missing', { caseId: 'C00000001' }),
    });
    saveMyLease(db, 'C00000001', { holder: moderator, epoch: 8, expiresAt: NOW - 1, mode: 'online' }, NOW - 60_000);
    expect(coded(() => decideCase(db, moderator, input('C00000001'), NOW))).toMatchObject({
      code: 'forbidden', message: expect.stringMatching(/no current claim/), refusals: one('claim_expired', { caseId: 'C00000001' }),
    });
    expect(rows('my_decisions') + rows('outbox')).toBe(0);

    saveMyLease(db, 'C00000001', { holder: moderator, epoch: 9, expiresAt: NOW + 60_000, mode: 'online' }, NOW);
    const d = decideCase(db, moderator, input('C00000001'), NOW);
    expect(coded(() => decideCase(db, moderator, input('C00000001'), NOW))).toMatchObject({
      code: 'conflict', message: expect.stringMatching(/still waiting to be sent/), refusals: one('decision_waiting_to_send', { caseId: 'C00000001' }),
    });
    expect(rows('outbox')).toBe(1);
    db.transaction(() => recordPushResult(db, { status: 'accepted', decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: 4 }, NOW))();
    saveMyLease(db, 'C00000001', { holder: moderator, epoch: 10, expiresAt: NOW + 60_000, mode: 'online' }, NOW);
    expect(coded(() => decideCase(db, moderator, input('C00000001'), NOW))).toMatchObject({
      code: 'conflict', message: expect.stringMatching(/already decided case C00000001 and the service accepted it/), refusals: one('decision_already_accepted', { caseId: 'C00000001' }),
    });
  });

  it('passes the rulebook fields through when given, and refuses bad ones without spending a mutation id', () => {
    const d = decideCase(db, moderator, { ...input('C00000001'), justification: 'The host apologised on air before the report.' }, NOW);
    const stored = DecisionCommand.parse(JSON.parse(db.prepare('SELECT command FROM my_decisions WHERE decision_id = ?').pluck().get(d.decisionId) as string));
    expect(stored.justification).toBe('The host apologised on air before the report.');
    db.prepare(`UPDATE my_decisions SET state = 'rejected' WHERE decision_id = ?`).run(d.decisionId);
    db.prepare('DELETE FROM outbox').run();
    expect(refusedBy(() => decideCase(db, moderator, { ...input('C00000001'), justification: 'no' }, NOW))).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^case\.decide: justification: /) });
    expect(getMeta(db, 'next_mutation_id')).toBe('2');
  });

  it('re-deciding after a conflict supersedes it: the conflict leaves the inbox, the new decision is queued', () => {
    const first = decideCase(db, moderator, input('C00000001'), NOW);
    db.transaction(() => recordPushResult(db, { status: 'conflict', decisionId: first.decisionId, mutationId: first.mutationId, reason: 'case_changed', current: { decision: null, caseVersion: 4, lease: null } }, NOW + 1))();
    expect(listConflicts(db)).toHaveLength(1);
    const second = decideCase(db, moderator, input('C00000001', { kind: 'violation', outcome: { type: 'remove_product' } }), NOW + 2);
    expect(second.superseded).toBe(first.decisionId);
    expect(second.mutationId).toBe(first.mutationId + 1);
    expect(listConflicts(db)).toEqual([]);
    expect(db.prepare('SELECT decision_id, state FROM my_decisions ORDER BY mutation_id').all()).toEqual([
      { decision_id: first.decisionId, state: 'withdrawn' },
      { decision_id: second.decisionId, state: 'pending' },
    ]);
    // The record of the superseded conflict stays.
    expect(db.prepare('SELECT resolution FROM conflicts WHERE decision_id = ?').pluck().get(first.decisionId)).toBe('superseded');
  });

  it('an answer removes the outbox row in the same step it is recorded; a repeated answer changes nothing', () => {
    const d = decideCase(db, moderator, input('C00000001'), NOW);
    const accepted = { status: 'accepted' as const, decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: 4 };
    expect(db.transaction(() => recordPushResult(db, accepted, NOW))()).toBe(true);
    expect(rows('outbox')).toBe(0);
    expect(db.prepare('SELECT state, accepted_version FROM my_decisions').get()).toEqual({ state: 'accepted', accepted_version: 4 });
    // The claim is spent once the decision is accepted.
    expect(db.prepare('SELECT count(*) FROM my_leases WHERE case_id = ?').pluck().get('C00000001')).toBe(0);
    expect(db.transaction(() => recordPushResult(db, accepted, NOW))()).toBe(false);
  });
});

describe('decideCase by the rulebook', () => {
  it('refuses what the rulebook refuses, before a mutation id is spent; the command carries the version and the facts', () => {
    const rb = new RulebookShelf(readRulebooks()).current(NOW);
    const closure: DecisionBody = { kind: 'violation', outcome: { type: 'close_store' } };
    expect(refusedBy(() => decideCase(db, moderator, { ...input('C00000001', closure), ruleRef: 'VIO-ZZ-1' }, NOW, rb)))
      .toMatchObject({ code: 'invalid_input', message: `case.decide: ruleRef: rulebook ${rb.version} has no clause VIO-ZZ-1` });
    const dismissed = { ...input('C00000001', { kind: 'violation', outcome: { type: 'dismiss' } }), ruleRef: 'VIO-GEN-4' };
    expect(refusedBy(() => decideCase(db, moderator, dismissed, NOW, rb)).message).toMatch(/^case\.decide: (breaks rulebook|justification: the decision departs)/);
    expect(rows('outbox')).toBe(0);
    expect(getMeta(db, 'next_mutation_id')).toBeNull();
    // With the reviewer's finding that no rule was broken, dismissal is what the rulebook gives.
    const facts = { kind: 'violation' as const, violationConfirmed: false };
    const d = decideCase(db, moderator, { ...dismissed, facts }, NOW, rb);
    const stored = DecisionCommand.parse(JSON.parse(db.prepare('SELECT command FROM my_decisions WHERE decision_id = ?').pluck().get(d.decisionId) as string));
    expect(stored).toMatchObject({ mutationId: 1, rulebookVersion: rb.version, facts });
    expect(stored.justification).toBeUndefined();
  });
});
