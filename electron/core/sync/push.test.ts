/**
 * Push against a fake service on 127.0.0.1: mutation-id order, batches, answers recorded with
 * the outbox row removed in the same step, and a decision the service refuses as malformed
 * never holding up the ones behind it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleApi } from '../../../shared/api';
import type { DecisionSummary, StaffMember } from '../../../shared/domain';
import { PushRequest, type PushResult } from '../../../shared/sync/protocol';
import { caseWriter } from '../db/cases';
import { fillConflictTheirs, listConflicts, outboxSize } from '../db/decisions';
import { saveMyLease } from '../db/leases';
import { openDatabase, type Db } from '../db/open';
import { decideCase } from '../decide';
import { json, startFakeService, type FakeService } from '../testing/fake-service';
import { makeCase } from '../testing/fixtures';
import { tempDir } from '../testing/tmp';
import { pushOutbox } from './push';
import { ServiceClient } from './service';

const tmp = tempDir();
const staff: StaffMember = { id: 'mod-a', name: 'Moderator A', role: 'moderator' };
const CLIENT = '0b7c6f0e-3f1c-4d7a-9a59-6f1f5b1c2d3e';
let service: FakeService;
let client: ServiceClient;
let db: Db;
let n = 0;
const received: PushRequest[] = [];
let answer: (req: PushRequest) => { status: number; body: unknown } = () => ({ status: 500, body: {} });

beforeAll(async () => {
  service = await startFakeService(staff);
  service.route('/v1/decisions', (_req, res, _url, body) => {
    const req = PushRequest.parse(JSON.parse(body));
    received.push(req);
    const a = answer(req);
    json(res, a.status, a.body);
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
  db = openDatabase(tmp.file(`push${++n}.db`));
  received.length = 0;
  const w = caseWriter(db);
  db.transaction(() => {
    for (let i = 1; i <= 7; i++) {
      w.upsert({ type: 'upsert', case: makeCase(i, { kind: 'violation', status: 'open' }), lease: null });
      saveMyLease(db, makeCase(i).id, { holder: staff, epoch: 1, expiresAt: Date.now() + 600_000, mode: 'online' }, Date.now());
    }
  })();
  for (let i = 1; i <= 7; i++) decideCase(db, staff, { caseId: makeCase(i).id, body: { kind: 'violation', outcome: { type: 'warning' } }, ruleRef: 'VIO-FA-2.1', reason: 'Label contradicts the live claim.' }, Date.now());
});

const accept = (req: PushRequest): PushResult[] => req.decisions.map((d) => ({ status: 'accepted', decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: 2 }));
const opts = { batchSize: 3, now: () => 1_000 };

describe('pushOutbox', () => {
  it('sends in mutation-id order, in batches, with the client id; each answer empties its outbox row', async () => {
    answer = (req) => ({ status: 200, body: { results: accept(req) } });
    const summary = await pushOutbox(db, client, CLIENT, opts);
    expect(summary).toMatchObject({ sent: 7, accepted: 7, conflicts: 0, rejected: 0, kinds: ['violation'] });
    expect(received.map((r) => r.decisions.length)).toEqual([3, 3, 1]);
    expect(received.every((r) => r.clientId === CLIENT)).toBe(true);
    expect(received.flatMap((r) => r.decisions.map((d) => d.mutationId))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(outboxSize(db)).toBe(0);
  });

  it('a batch refused as malformed is narrowed down: the bad decision is rejected, the others go through', async () => {
    const bad = 3;
    answer = (req) => req.decisions.some((d) => d.mutationId === bad)
      ? { status: 400, body: { error: 'bad_request', message: `decisions[${req.decisions.findIndex((d) => d.mutationId === bad)}].reason: not acceptable` } }
      : { status: 200, body: { results: accept(req) } };
    const summary = await pushOutbox(db, client, CLIENT, opts);
    expect(summary).toMatchObject({ accepted: 6, rejected: 1 });
    expect(outboxSize(db)).toBe(0);
    const [c] = listConflicts(db);
    expect(c).toMatchObject({ status: 'rejected', reason: 'invalid', mine: { mutationId: bad }, message: expect.stringMatching(/reason: not acceptable/) });
  });

  it('narrows a refused batch down by halves: the decision at fault is found in a few requests, and the full batch size returns after it', async () => {
    const bad = 6;
    answer = (req) => req.decisions.some((d) => d.mutationId === bad)
      ? { status: 403, body: { error: 'forbidden', message: 'decisions[0].body.kind: not yours to decide' } }
      : { status: 200, body: { results: accept(req) } };
    const summary = await pushOutbox(db, client, CLIENT, { ...opts, batchSize: 7 });
    expect(summary).toMatchObject({ accepted: 6, rejected: 1 });
    expect(received.map((r) => r.decisions.map((d) => d.mutationId))).toEqual([[1, 2, 3, 4, 5, 6, 7], [1, 2, 3], [4, 5, 6], [4], [5], [6], [7]]);
    expect(listConflicts(db)).toMatchObject([{ status: 'rejected', reason: 'forbidden', mine: { mutationId: bad } }]);
  });

  it('conflicts and rejections go to the inbox and never stop the decisions behind them', async () => {
    answer = (req) => ({
      status: 200,
      body: {
        results: req.decisions.map((d): PushResult => d.mutationId === 2
          ? { status: 'conflict', decisionId: d.decisionId, mutationId: d.mutationId, reason: 'already_decided', current: { decision: null, caseVersion: 3, lease: null } }
          : d.mutationId === 4
            ? { status: 'rejected', decisionId: d.decisionId, mutationId: d.mutationId, code: 'case_closed', message: 'withdrawn by the platform' }
            : { status: 'accepted', decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: 2 }),
      },
    });
    expect(await pushOutbox(db, client, CLIENT, opts)).toMatchObject({ accepted: 5, conflicts: 1, rejected: 1 });
    expect(listConflicts(db).map((c) => [c.mine.mutationId, c.status, c.reason]).sort()).toEqual([[2, 'conflict', 'already_decided'], [4, 'rejected', 'case_closed']]);
  });

  it('a conflict reason from a newer service lands in the inbox with the service\'s sentence; the other answers of the batch apply', async () => {
    const settled = 'the merchant settled with the buyer before the decision arrived';
    answer = (req) => ({
      status: 200,
      body: {
        results: req.decisions.map((d): PushResult => d.mutationId === 2
          ? { status: 'conflict', decisionId: d.decisionId, mutationId: d.mutationId, reason: 'merchant_settled', message: settled, current: { decision: null, caseVersion: 3, lease: null } }
          : { status: 'accepted', decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: 2 }),
      },
    });
    expect(await pushOutbox(db, client, CLIENT, opts)).toMatchObject({ sent: 7, accepted: 6, conflicts: 1, rejected: 0 });
    expect(outboxSize(db)).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM my_decisions WHERE state = 'accepted'`).pluck().get()).toBe(6);
    const inbox = listConflicts(db);
    expect(inbox).toMatchObject([{ status: 'conflict', reason: 'merchant_settled', message: settled, mine: { mutationId: 2, state: 'conflict' } }]);
    // What the console hands the renderer passes the contract the renderer checks it with.
    expect(consoleApi['conflicts.list'].output.safeParse(inbox).success).toBe(true);

    // Once the feed brings who decided, the service's sentence stays and who decided is added.
    const caseId = inbox[0]?.caseId ?? '';
    const theirs: DecisionSummary = {
      decisionId: '22222222-2222-4222-8222-222222222222', caseId, decidedBy: { id: 'mod-b', name: 'Moderator B' }, decidedAt: 5_000,
      body: { kind: 'violation', outcome: { type: 'warning' } }, ruleRef: 'VIO-FA-2.1', reason: 'Settled; warning only.',
    };
    db.transaction(() => fillConflictTheirs(db, caseId, theirs))();
    expect(listConflicts(db)[0]).toMatchObject({ reason: 'merchant_settled', message: `${settled} Moderator B decided warning at 1970-01-01T00:00:05.000Z.`, theirs: { decisionId: theirs.decisionId } });
  });

  it('answers for decisions not sent are ignored; an answer to none of them leaves everything queued', async () => {
    answer = () => ({ status: 200, body: { results: [{ status: 'accepted', decisionId: '11111111-1111-4111-8111-111111111111', mutationId: 1, caseVersion: 2 }] } });
    await expect(pushOutbox(db, client, CLIENT, opts)).rejects.toThrow(/answered none of the 3 decisions sent; they stay queued/);
    expect(outboxSize(db)).toBe(7);
  });

  it('a 401 leaves every decision queued', async () => {
    answer = () => ({ status: 401, body: { error: 'unauthorized', message: 'token expired' } });
    await expect(pushOutbox(db, client, CLIENT, opts)).rejects.toThrow(/token expired/);
    expect(outboxSize(db)).toBe(7);
    expect(listConflicts(db)).toEqual([]);
  });
});
