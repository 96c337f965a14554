/**
 * Test 4: two consoles decide the same case; exactly one decision is accepted, the other
 * reviewer's inbox names who decided, when and what, and re-deciding or withdrawing works.
 * Test 7: an expired lease lets another reviewer claim; a decision made under the old epoch on
 * a case that changed comes back as a conflict.
 * A real case service with short leases, two consoles on their own database files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { makeCaseInput } from '../electron/core/testing/fixtures';
import { call, refused } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import type { CaseInput, DecisionBody } from '../shared/domain';
import { casesDecidedAtOnce, eventually, loggedDecisionIds, recommended, startService, STAFF, type StaffKey, type TestService } from './support';

// Short enough to wait out in a test, long enough that a heartbeat under a loaded machine lands in time.
const LEASE_MS = 3_000;
const tmp = tempDir('docket-two-');
let svc: TestService;
let a: ConsoleCore;
let b: ConsoleCore;

const warning: DecisionBody = { kind: 'violation', outcome: { type: 'warning' } };
let inputs: CaseInput[] = [];
/** Case n (1-based) of this file. */
const input = (n: number) => inputs[n - 1] as CaseInput;
const id = (n: number) => input(n).id;
/** Every decision here is what the rulebook recommends, so the service takes it without a justification. */
const rec = (caseId: string) => recommended(inputs.find((c) => c.id === caseId) as CaseInput);
const decide = (core: ConsoleCore, caseId: string, reason: string) =>
  call(core, 'case.decide', { caseId, body: rec(caseId).body, ruleRef: rec(caseId).ruleRef, reason });

const open = (who: StaffKey) => openConsole({ dbPath: tmp.file(`${who}.db`), serverUrl: svc.url, token: svc.tokens[who], autoSync: false });

/** Claims once the other reviewer's lease has run out (a precondition, not a timing assertion). */
const claimWhenFree = (core: ConsoleCore, caseId: string) =>
  eventually(async () => {
    const [answer] = await call(core, 'case.claim', { caseIds: [caseId] });
    return answer?.granted ? answer : null;
  }, `the lease on ${caseId} to expire`);

beforeAll(async () => {
  svc = await startService({ leaseMs: { online: LEASE_MS, offline: LEASE_MS } });
  inputs = casesDecidedAtOnce(4, 1, (n) => makeCaseInput(n, { kind: 'violation', status: 'open' }, 44)).inputs;
  await svc.ingest(inputs);
  a = await open('modA');
  b = await open('modB');
  await call(a, 'sync.now', {});
  await call(b, 'sync.now', {});
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await svc?.close();
  tmp.remove();
});


describe('two consoles, one case', () => {
  it('a held case can be neither claimed nor decided by the other reviewer', async () => {
    const [granted] = await call(a, 'case.claim', { caseIds: [id(1)] });
    expect(granted).toMatchObject({ granted: true, lease: { holder: { id: STAFF.modA.id }, epoch: 1 } });
    const [held] = await call(b, 'case.claim', { caseIds: [id(1)] });
    expect(held).toMatchObject({ granted: false, reason: 'held', lease: { holder: { id: STAFF.modA.id } } });
    // Deciding claims first; the service refuses that claim, and nothing is queued.
    expect(await refused(b, 'case.decide', { caseId: id(1), body: warning, ruleRef: 'VIO-II-1.2', reason: 'no claim yet' }))
      .toMatchObject({ code: 'conflict', message: expect.stringContaining(`it is claimed by ${STAFF.modA.name}`) });
    expect((await call(b, 'sync.status', {})).pending).toBe(0);
  });

  it('both decide; exactly one is accepted; the other inbox says who, when and what; withdraw clears it', async () => {
    // A decided while holding the claim, but has not pushed (offline, say); the claim runs out.
    const mine = await decide(a, id(1), 'Comment-for-priority-shipping offer seen in the live room.');
    const taken = await claimWhenFree(b, id(1));
    expect(taken.lease.epoch).toBe(2);
    const theirs = await decide(b, id(1), 'Same offer, repeated in the replay.');
    // Both push at the same moment.
    const [sa, sb] = await Promise.all([call(a, 'sync.now', {}), call(b, 'sync.now', {})]);
    expect(sa.pending + sb.pending).toBe(0);
    // Whichever push the service took first, A's next pull brings B's decision into A's inbox.
    await svc.settled();
    await call(a, 'sync.now', {});

    const logged = loggedDecisionIds(await svc.audit());
    expect(logged.filter((d) => d === mine.decisionId || d === theirs.decisionId)).toEqual([theirs.decisionId]);

    expect(await call(b, 'conflicts.list', {})).toEqual([]);
    const inbox = await call(a, 'conflicts.list', {});
    expect(inbox).toHaveLength(1);
    const [c] = inbox;
    expect(c).toMatchObject({
      decisionId: mine.decisionId, caseId: id(1), kind: 'violation', status: 'conflict',
      mine: { state: 'conflict', body: rec(id(1)).body, reason: 'Comment-for-priority-shipping offer seen in the live room.' },
      theirs: { decisionId: theirs.decisionId, decidedBy: { id: STAFF.modB.id, name: STAFF.modB.name }, body: rec(id(1)).body, ruleRef: rec(id(1)).ruleRef, reason: 'Same offer, repeated in the replay.' },
    });
    expect(c?.theirs?.decidedAt).toEqual(expect.any(Number));
    expect(c?.reason).toMatch(/^(already_decided|lease_lost)$/);
    expect(c?.message).toMatch(new RegExp(`Moderator B decided ${rec(id(1)).body.outcome.type} at \\d{4}-`));
    expect((await call(a, 'sync.status', {})).conflicts).toBe(1);

    // The case is decided now: A cannot decide it again, but can withdraw.
    expect((await refused(a, 'case.decide', { caseId: id(1), body: warning, ruleRef: 'VIO-II-1.2', reason: 'once more' })).code).toBe('conflict');
    expect(await call(a, 'conflicts.withdraw', { decisionId: mine.decisionId })).toEqual({ withdrawn: true });
    expect(await call(a, 'conflicts.list', {})).toEqual([]);
    expect((await call(a, 'case.get', { caseId: id(1) })).myDecision).toMatchObject({ decisionId: mine.decisionId, state: 'withdrawn' });
    expect(await call(a, 'conflicts.withdraw', { decisionId: mine.decisionId })).toEqual({ withdrawn: false });
    expect((await call(b, 'case.get', { caseId: id(1) })).myDecision).toMatchObject({ decisionId: theirs.decisionId, state: 'accepted' });
  });

  it('the heartbeat renews a claim past half its term, so the other reviewer cannot take it', async () => {
    const [granted] = await call(a, 'case.claim', { caseIds: [id(3)] });
    if (!granted?.granted) throw new Error('claim refused');
    // Precondition: past half the term (the heartbeat renews only then).
    await eventually(async () => (Date.now() > granted.lease.expiresAt - LEASE_MS / 2 + 50 ? true : null), 'half the lease term');
    await call(a, 'sync.now', {});
    const mine = (await call(a, 'case.get', { caseId: id(3) })).myLease;
    expect(mine?.epoch).toBe(granted.lease.epoch);
    expect(mine?.expiresAt).toBeGreaterThan(granted.lease.expiresAt);
    const [held] = await call(b, 'case.claim', { caseIds: [id(3)] });
    expect(held).toMatchObject({ granted: false, reason: 'held' });
    await call(a, 'case.release', { caseIds: [id(3)] });
    expect((await call(a, 'case.get', { caseId: id(3) })).myLease).toBeNull();
    expect((await call(b, 'case.claim', { caseIds: [id(3)] }))[0]).toMatchObject({ granted: true });
  });

  it('test 7: an expired lease lets another reviewer claim; the old epoch on a changed case is a conflict; re-deciding supersedes it', async () => {
    const [first] = await call(a, 'case.claim', { caseIds: [id(2)] });
    expect(first).toMatchObject({ granted: true });
    const stale = await decide(a, id(2), 'Offer of faster shipping for comments.');
    const taken = await claimWhenFree(b, id(2));
    expect(taken.lease.holder.id).toBe(STAFF.modB.id);
    expect(taken.lease.epoch).toBeGreaterThan(first?.granted ? first.lease.epoch : 0);
    // The platform changes the case meanwhile.
    await svc.ingest([{ ...input(2), title: 'Updated: the host repeated the offer the next day' }]);
    await call(b, 'case.release', { caseIds: [id(2)] });

    await svc.settled();
    await call(a, 'sync.now', {});
    const [c] = await call(a, 'conflicts.list', {});
    expect(c).toMatchObject({ decisionId: stale.decisionId, status: 'conflict', reason: expect.stringMatching(/^(case_changed|lease_lost)$/), theirs: null });
    expect(loggedDecisionIds(await svc.audit())).not.toContain(stale.decisionId);

    // The case is still open: A claims again, sees the new version, and decides again.
    const detail = await call(a, 'case.get', { caseId: id(2) });
    expect(detail.case.title).toMatch(/^Updated/);
    await claimWhenFree(a, id(2));
    const again = await decide(a, id(2), 'Offer repeated the next day, as the update shows.');
    expect(await call(a, 'conflicts.list', {})).toEqual([]);
    await call(a, 'sync.now', {});
    expect(await call(a, 'conflicts.list', {})).toEqual([]);
    expect((await call(a, 'case.get', { caseId: id(2) })).myDecision).toMatchObject({ decisionId: again.decisionId, state: 'accepted' });
    expect(loggedDecisionIds(await svc.audit()).filter((d) => d === again.decisionId)).toHaveLength(1);
    const rows = (await call(a, 'queue.page', { kind: 'violation', filter: {}, offset: 0, limit: 50 })).rows;
    expect(rows.find((r) => r.id === id(2))).toMatchObject({ status: 'decided', pending: false, inConflict: false });
  });
});
