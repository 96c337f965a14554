/**
 * Bulk decisions and offline checkout through the console core and a real case service
 * (PGlite, real HTTP): the bulk preview applies each case's own recommendation or one common
 * decision and refuses, before anything is claimed, what the rulebook check refuses; a run
 * records the common justification on each departure and releases what it claimed and did not
 * decide; an offline checkout is bounded by the service, takes the evidence along, and its
 * cases are decided with the service gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallPool } from '../resources/demo/test-fixtures';
import type { EvidenceImage } from '../resources/demo/evidence';
import { startCaseService, type CaseService } from '../server/service';
import { openConsole } from '../electron/core/console';
import { runBulk } from '../electron/core/bulk';
import { openDatabase } from '../electron/core/db/open';
import { loadRulebooks } from '../electron/core/rulebooks';
import { ServiceClient } from '../electron/core/sync/service';
import { makeCaseInput } from '../electron/core/testing/fixtures';
import { call, refused } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import { DecisionSummary, type CaseInput, type DecisionBody } from '../shared/domain';
import { AuditPage, MAX_OFFLINE_CHECKOUT, OFFLINE_LEASE_MS, routes, type AuditEntry } from '../shared/sync/protocol';
import { STAFF_ZH as STAFF } from './support';

const tmp = tempDir('docket-bulk-');
let svc: CaseService;
let serviceClosed = false;
const tokens: Record<string, string> = {};
let images: EvidenceImage[] = [];
const CASES = 260;
const violations: CaseInput[] = [];
const warning: DecisionBody = { kind: 'violation', outcome: { type: 'warning' } };

async function audit(): Promise<AuditEntry[]> {
  const res = await fetch(`${svc.url}${routes.audit}?after=0&limit=1000`, { headers: { authorization: `Bearer ${tokens.supA}` } });
  return AuditPage.parse(await res.json()).entries;
}
const decisionsOn = (entries: AuditEntry[], ids: Set<string>) =>
  entries.filter((e) => e.action === 'decision').map((e) => DecisionSummary.parse(e.payload.decision)).filter((d) => ids.has(d.caseId));

async function serviceLeaseHolders(ids: string[]): Promise<(string | null)[]> {
  const core = await openConsole({ dbPath: tmp.file(`peek-${Date.now()}.db`), serverUrl: svc.url, token: tokens.supA ?? '', autoSync: false });
  await call(core, 'sync.now', {});
  const holders = await Promise.all(ids.map(async (caseId) => {
    const d = await call(core, 'case.get', { caseId });
    return d.lease && d.lease.expiresAt > Date.now() ? d.lease.holder.id : null;
  }));
  await core.close();
  return holders;
}

const open = (name: string, who: string) => openConsole({ dbPath: tmp.file(`${name}.db`), serverUrl: svc.url, token: tokens[who] ?? '', autoSync: false });
/** Open violation ids not yet used by another test, in order. */
let nextCase = 0;
const take = (n: number) => violations.slice(nextCase, (nextCase += n)).map((c) => c.id);

beforeAll(async () => {
  svc = await startCaseService({});
  for (const [who, s] of Object.entries(STAFF)) tokens[who] = await svc.provisionStaff(s);
  images = (await smallPool()).images.slice(0, 3);
  for (const image of images) {
    await fetch(svc.url + routes.evidence, { method: 'POST', headers: { authorization: `Bearer ${tokens.platform}`, 'content-type': image.mediaType }, body: new Uint8Array(image.bytes) });
  }
  for (let n = 1; n <= CASES; n++) {
    const c = makeCaseInput(n, { kind: 'violation', status: 'open' }, 91);
    const image = images[n % images.length] as EvidenceImage;
    violations.push({ ...c, evidence: [{ sha256: image.sha256, mediaType: image.mediaType, party: image.party, caption: image.caption, bytes: image.bytes.length }] });
  }
  const ingest = await fetch(svc.url + routes.ingestCases, {
    method: 'POST', headers: { authorization: `Bearer ${tokens.platform}`, 'content-type': 'application/json' }, body: JSON.stringify({ cases: violations }),
  });
  expect(ingest.status).toBe(200);
}, 120_000);

afterAll(async () => {
  if (!serviceClosed) await svc?.close();
  tmp.remove();
});

describe('bulk decisions', () => {
  it('the preview gives each case its own recommendation, and the run decides them all', async () => {
    const core = await open('rec', 'mod');
    await call(core, 'sync.now', {});
    const ids = take(12);
    const preview = await call(core, 'bulk.preview', { caseIds: ids, choice: { mode: 'recommended' } });
    expect(preview.map((p) => p.caseId)).toEqual(ids);
    for (const p of preview) {
      const own = (await call(core, 'case.recommend', { caseId: p.caseId })).recommendation;
      expect(p).toMatchObject({ ok: true, departure: false, refusals: [], decision: { body: own.body, ruleRef: own.ruleRef }, recommended: { body: own.body, ruleRef: own.ruleRef } });
    }
    // The recommendations differ between cases: this is not one decision for all.
    expect(new Set(preview.map((p) => JSON.stringify(p.decision?.body))).size).toBeGreaterThan(1);

    const run = await call(core, 'bulk.decide', { caseIds: ids, choice: { mode: 'recommended' }, reason: '批量按规则推荐处理' });
    expect(run.outcomes.map((o) => o.status)).toEqual(ids.map(() => 'decided'));
    await call(core, 'sync.now', {});
    const logged = decisionsOn(await audit(), new Set(ids));
    expect(logged.map((d) => d.caseId).sort()).toEqual([...ids].sort());
    expect((await call(core, 'sync.status', {})).conflicts).toBe(0);
    await core.close();
  });

  it('one common decision: departures without a justification are refused in the preview and never claimed; with one, each departure records it', async () => {
    const core = await open('common', 'mod');
    await call(core, 'sync.now', {});
    const ids = take(15);
    const without = await call(core, 'bulk.preview', { caseIds: ids, choice: { mode: 'common', body: warning, ruleRef: 'VIO-GEN-1' } });
    const justification = '同批次同类违规，统一先行警告，后续复查升级';
    const withJ = await call(core, 'bulk.preview', { caseIds: ids, choice: { mode: 'common', body: warning, ruleRef: 'VIO-GEN-1', justification } });
    const departures = withJ.filter((p) => p.ok && p.departure).map((p) => p.caseId);
    expect(departures.length).toBeGreaterThan(0);
    for (const [i, p] of without.entries()) {
      const w = withJ[i];
      expect(p.ok).toBe(Boolean(w?.ok && !w.departure));
      if (w?.departure) expect(p.refusals.map((r) => r.code)).toContain('departure_unjustified');
    }

    // Without a justification: only the cases the warning does not depart for are decided; the refused ones are not claimed.
    const refusedIds = without.filter((p) => !p.ok).map((p) => p.caseId);
    const run = await call(core, 'bulk.decide', { caseIds: ids, choice: { mode: 'common', body: warning, ruleRef: 'VIO-GEN-1' }, reason: '批量警告处理' });
    expect(run.outcomes.filter((o) => o.status === 'refused').map((o) => o.caseId).sort()).toEqual([...refusedIds].sort());
    expect(run.outcomes.filter((o) => o.status === 'decided').length).toBe(ids.length - refusedIds.length);
    for (const caseId of refusedIds) expect((await call(core, 'case.get', { caseId })).myLease).toBeNull();
    expect(await serviceLeaseHolders(refusedIds)).toEqual(refusedIds.map(() => null));

    // The moderator writes the justification: the refused cases go through, each recording it.
    const again = await call(core, 'bulk.decide', { caseIds: refusedIds, choice: { mode: 'common', body: warning, ruleRef: 'VIO-GEN-1', justification }, reason: '批量警告处理' });
    expect(again.outcomes.map((o) => o.status)).toEqual(refusedIds.map(() => 'decided'));
    await call(core, 'sync.now', {});
    const logged = decisionsOn(await audit(), new Set(ids));
    expect(logged).toHaveLength(ids.length);
    for (const d of logged) expect(d.justification).toBe(refusedIds.includes(d.caseId) ? justification : undefined);
    await core.close();
  });

  it('cases a run claimed and could not decide are released on the service', async () => {
    const setup = await open('release', 'mod');
    await call(setup, 'sync.now', {});
    await setup.close();
    const ids = take(4);
    const db = openDatabase(tmp.file('release.db'));
    const client = new ServiceClient(svc.url, tokens.mod ?? '', new AbortController().signal);
    // Once the run has claimed, the console's clock is past the claims' term: every decision is refused as expired.
    const heldHere = db.prepare('SELECT count(*) FROM my_leases').pluck();
    const now = () => Date.now() + ((heldHere.get() as number) > 0 ? 11 * 60_000 : 0);
    const result = await runBulk({ db, client, staff: STAFF.mod, rulebook: loadRulebooks(undefined).current(Date.now()), now }, ids, { mode: 'recommended' }, '批量按规则推荐处理');
    db.close();
    expect(result.outcomes.map((o) => [o.status, o.error?.code])).toEqual(ids.map(() => ['failed', 'forbidden']));
    expect(result.outcomes[0]?.error?.refusals.map((r) => r.code)).toEqual(['claim_expired']);
    expect(result).toMatchObject({ released: ids.length, notReleased: [] });
    expect(await serviceLeaseHolders(ids)).toEqual(ids.map(() => null));
  });
});

describe('offline checkout', () => {
  it('checks out the next cases of a filter with their evidence, within the service limit, and decides them with the service gone', async () => {
    const core = await open('checkout', 'mod');
    await call(core, 'sync.now', {});
    expect(await call(core, 'checkout.status', {})).toEqual({ held: 0, expiresAt: null, limit: MAX_OFFLINE_CHECKOUT });
    const before = Date.now();
    const out = await call(core, 'checkout.offline', { kind: 'violation', filter: {}, count: 20 });
    const granted = out.answers.filter((a) => a.granted).map((a) => a.caseId);
    expect(granted).toHaveLength(20);
    // Every case the checkout took was open and free; none of the ones decided above.
    for (const caseId of granted) expect((await call(core, 'case.get', { caseId })).case.status).toBe('open');
    const shas = new Set(violations.filter((v) => granted.includes(v.id)).flatMap((v) => v.evidence.map((e) => e.sha256)));
    expect(out.evidence).toEqual({ fetched: shas.size, failed: 0 });
    expect(out.status.held).toBe(20);
    expect(out.status.expiresAt).toBeGreaterThanOrEqual(before + OFFLINE_LEASE_MS - 60_000);

    // The next N skips what is already checked out.
    const more = await call(core, 'checkout.offline', { kind: 'violation', filter: {}, count: 5 });
    expect(more.answers.map((a) => a.caseId).filter((id) => granted.includes(id))).toEqual([]);
    expect(more.status.held).toBe(25);
    // Past the service's bound: refused whole, saying the limit; nothing more is held.
    const over = await refused(core, 'checkout.offline', { caseIds: violations.slice(-200).map((v) => v.id) });
    expect(over.message).toMatch(new RegExp(`at most ${MAX_OFFLINE_CHECKOUT}`));
    expect((await call(core, 'checkout.status', {})).held).toBe(25);

    // The service goes away: the evidence is served from the cache and the cases are decided.
    await svc.close();
    serviceClosed = true;
    const firstSha = [...shas][0] ?? '';
    expect((await call(core, 'evidence.get', { sha256: firstSha })).bytes).toBeGreaterThan(0);
    for (const caseId of granted) {
      const rec = await call(core, 'case.recommend', { caseId });
      await call(core, 'case.decide', { caseId, body: rec.recommendation.body, ruleRef: rec.recommendation.ruleRef, reason: '离线裁决，依规则推荐' });
    }
    expect((await call(core, 'sync.status', {})).pending).toBe(20);
    await core.close();
  });
});
