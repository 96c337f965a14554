/**
 * Approvals in the outbox against a fake service: pushed with the decisions in one mutation-id
 * sequence (`approvals` beside `decisions`), answers matched back to the right table, effects
 * recorded, conflicts and rejections to the inbox.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionSummary, StaffMember } from '../../../shared/domain';
import { PushRequest, type PushResult } from '../../../shared/sync/protocol';
import { approveHeldDecision } from '../approve';
import { caseWriter } from '../db/cases';
import { listConflicts, outboxSize } from '../db/decisions';
import { saveMyLease } from '../db/leases';
import { openDatabase, type Db } from '../db/open';
import { decideCase } from '../decide';
import { json, startFakeService, type FakeService } from '../testing/fake-service';
import { makeCase } from '../testing/fixtures';
import { tempDir } from '../testing/tmp';
import { pushOutbox } from './push';
import { ServiceClient } from './service';
import { refusedBy } from '../testing/refused';

const tmp = tempDir();
const sup: StaffMember = { id: 'sup-b', name: 'Supervisor B', role: 'supervisor' };
const CLIENT = '5d1c6f0e-3f1c-4d7a-9a59-6f1f5b1c2d3e';
const NOW = Date.UTC(2026, 10, 21);
let service: FakeService;
let client: ServiceClient;
let db: Db;
let n = 0;
const received: PushRequest[] = [];
let answer: (req: PushRequest) => PushResult[] = () => [];

const heldBy = (caseNo: number, decidedBy: { id: string; name: string }): DecisionSummary => ({
  decisionId: `00000000-0000-4000-8000-00000000000${caseNo}`, caseId: makeCase(caseNo).id, decidedBy, decidedAt: NOW - 1000,
  body: { kind: 'violation', outcome: { type: 'close_store' } }, ruleRef: 'VIO-FA-2.10', reason: 'Counterfeit goods, third time.',
  rulebookVersion: '2026.11', departure: false, approval: { state: 'pending', grounds: ['VIO-GEN-8'] },
});

beforeAll(async () => {
  service = await startFakeService(sup);
  service.route('/v1/decisions', (_req, res, _url, body) => {
    const req = PushRequest.parse(JSON.parse(body));
    received.push(req);
    json(res, 200, { results: answer(req) });
  });
  client = new ServiceClient(service.url, 't', new AbortController().signal);
});
afterAll(async () => {
  db?.close();
  await service.close();
  tmp.remove();
});
beforeEach(() => {
  db?.close();
  db = openDatabase(tmp.file(`approvals${++n}.db`));
  received.length = 0;
  const w = caseWriter(db);
  db.transaction(() => {
    w.upsert({ type: 'upsert', case: makeCase(1, { kind: 'violation', status: 'open' }), lease: null });
    saveMyLease(db, makeCase(1).id, { holder: sup, epoch: 1, expiresAt: NOW + 600_000, mode: 'online' }, NOW);
    for (const k of [2, 3]) {
      w.upsert({ type: 'upsert', case: { ...makeCase(k, { kind: 'violation', status: 'awaiting_approval' }), lastDecision: heldBy(k, { id: 'mod-a', name: 'Moderator A' }) }, lease: null });
    }
    w.upsert({ type: 'upsert', case: { ...makeCase(4, { kind: 'violation', status: 'awaiting_approval' }), lastDecision: heldBy(4, sup) }, lease: null });
  })();
});


describe('approvals', () => {
  it('are refused locally, the reason as a code, for one\'s own decision, an unknown held decision, a held decision already answered, and a second answer', () => {
    const coded = (f: () => unknown) => {
      const e = refusedBy(f);
      return { code: e.code, message: e.message, refusals: e.refusals };
    };
    const one = (code: string, params: Record<string, unknown>) => [{ code, params, message: expect.any(String) }];
    const approve = (caseNo: number, held: number) => ({ caseId: makeCase(caseNo).id, heldDecisionId: heldBy(held, sup).decisionId, verdict: 'approve' as const, reason: 'Confirmed.' });
    expect(coded(() => approveHeldDecision(db, sup, approve(4, 4), NOW)))
      .toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^four-eyes: /), refusals: one('approval_own_decision', { decisionId: heldBy(4, sup).decisionId }) });
    expect(coded(() => approveHeldDecision(db, sup, approve(2, 3), NOW)))
      .toMatchObject({ code: 'not_found', refusals: one('held_decision_not_found', { decisionId: heldBy(3, sup).decisionId, caseId: makeCase(2).id }) });
    expect(coded(() => approveHeldDecision(db, { ...sup, role: 'moderator' }, approve(2, 2), NOW)))
      .toMatchObject({ code: 'forbidden', refusals: one('approval_supervisor_only', { role: 'moderator' }) });
    expect(coded(() => approveHeldDecision(db, sup, approve(99, 2), NOW))).toMatchObject({ code: 'not_found', refusals: one('case_not_in_console', { caseId: makeCase(99).id }) });

    const other = { id: 'sup-b', name: 'Supervisor B' };
    const answered = { ...heldBy(5, { id: 'mod-a', name: 'Moderator A' }), approval: { state: 'rejected' as const, grounds: ['VIO-GEN-8'], by: other, at: NOW - 10, reason: 'Evidence is thin.', approvalId: '00000000-0000-4000-8000-0000000000a5' } };
    db.transaction(() => caseWriter(db).upsert({ type: 'upsert', case: { ...makeCase(5, { kind: 'violation', status: 'open' }), lastDecision: answered }, lease: null }))();
    expect(coded(() => approveHeldDecision(db, sup, approve(5, 5), NOW)))
      .toMatchObject({ code: 'conflict', message: expect.stringMatching(/no longer awaiting approval: it was rejected by Supervisor B/), refusals: one('held_decision_answered', { caseId: makeCase(5).id, verdict: 'rejected', name: 'Supervisor B' }) });

    approveHeldDecision(db, sup, approve(2, 2), NOW);
    expect(coded(() => approveHeldDecision(db, sup, { ...approve(2, 2), verdict: 'reject' }, NOW)))
      .toMatchObject({ code: 'conflict', message: expect.stringMatching(/still waiting to be sent/), refusals: one('approval_waiting_to_send', { caseId: makeCase(2).id }) });
    expect(outboxSize(db)).toBe(1);
  });

  it('go out with the decisions in mutation-id order; answers land in the right place, effects recorded, conflicts in the inbox', async () => {
    const d1 = decideCase(db, sup, { caseId: makeCase(1).id, body: { kind: 'violation', outcome: { type: 'close_store' } }, ruleRef: 'VIO-FA-2.10', reason: 'Counterfeit down jackets.' }, NOW);
    const a2 = approveHeldDecision(db, sup, { caseId: makeCase(2).id, heldDecisionId: heldBy(2, sup).decisionId, verdict: 'approve', reason: 'Confirmed.' }, NOW);
    const a3 = approveHeldDecision(db, sup, { caseId: makeCase(3).id, heldDecisionId: heldBy(3, sup).decisionId, verdict: 'reject', reason: 'Not proven.' }, NOW);
    expect([d1.mutationId, a2.mutationId, a3.mutationId]).toEqual([1, 2, 3]);
    const approvedByOther: DecisionSummary = { ...heldBy(3, sup), approval: { state: 'approved', grounds: ['VIO-GEN-8'], by: { id: 'sup-c', name: 'Supervisor C' }, at: NOW - 10, reason: 'Fine by me.', approvalId: '00000000-0000-4000-8000-0000000000aa' } };
    answer = (req) => [
      ...req.decisions.map((d): PushResult => ({ status: 'accepted', decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: 2, effect: 'awaiting_approval' })),
      ...(req.approvals ?? []).map((a): PushResult => (a.caseId === makeCase(2).id
        ? { status: 'accepted', decisionId: a.decisionId, mutationId: a.mutationId, caseVersion: 3, effect: 'in_effect' }
        : { status: 'conflict', decisionId: a.decisionId, mutationId: a.mutationId, reason: 'already_decided', current: { decision: approvedByOther, caseVersion: 3, lease: null } })),
    ];
    const summary = await pushOutbox(db, client, CLIENT, { batchSize: 2, now: () => NOW });
    expect(summary).toMatchObject({ sent: 3, accepted: 2, conflicts: 1, rejected: 0, kinds: ['violation'] });
    expect(received.map((r) => [r.decisions.map((d) => d.mutationId), (r.approvals ?? []).map((a) => a.mutationId)])).toEqual([[[1], [2]], [[], [3]]]);
    expect(received[0]?.approvals?.[0]).toMatchObject({ decisionId: a2.decisionId, heldDecisionId: heldBy(2, sup).decisionId, verdict: 'approve', reason: 'Confirmed.' });
    expect(outboxSize(db)).toBe(0);
    expect(db.prepare('SELECT state, effect FROM my_decisions').get()).toEqual({ state: 'accepted', effect: 'awaiting_approval' });
    expect(db.prepare('SELECT approval_id, state, effect FROM my_approvals ORDER BY mutation_id').all()).toEqual([
      { approval_id: a2.decisionId, state: 'accepted', effect: 'in_effect' },
      { approval_id: a3.decisionId, state: 'conflict', effect: null },
    ]);
    const [inbox] = listConflicts(db);
    expect(inbox).toMatchObject({
      decisionId: a3.decisionId, caseId: makeCase(3).id, status: 'conflict', reason: 'already_decided',
      message: expect.stringMatching(/already approved by Supervisor C/), mine: { body: { outcome: { type: 'close_store' } }, state: 'conflict', reason: 'Reject: Not proven.' },
      theirs: { approval: { state: 'approved' } },
    });
  });
});
