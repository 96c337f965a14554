/**
 * The console API end to end against a fake case service on 127.0.0.1: channel and input
 * validation, never throwing, events after commit, prefs, evidence cache (verified, offline),
 * sign-in rules for a database of another reviewer.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, consoleApi } from '../../shared/api';
import { openConsole, type ConsoleCore } from './console';
import { json, ndjsonPage, startFakeService, type FakeService } from './testing/fake-service';
import { makeCase } from './testing/fixtures';
import { call, refused } from './testing/invoke';
import { tempDir } from './testing/tmp';

const tmp = tempDir();
const staff = { id: 'arb-a', name: 'Arbiter A', role: 'arbiter' as const };
const photo = new Uint8Array(Buffer.from('\xff\xd8\xff\xe0 pretend this is a JPEG of a damaged fishing rod', 'latin1'));
const photoSha = createHash('sha256').update(photo).digest('hex');
const cases = [
  makeCase(1, { kind: 'refund_dispute', merchantId: 'M-1', buyerId: 'B-1' }, 8),
  makeCase(2, { kind: 'refund_dispute', merchantId: 'M-1', buyerId: 'B-2' }, 8),
  makeCase(3, { kind: 'merchant_complaint', merchantId: 'M-2', buyerId: 'B-1' }, 8),
];
let service: FakeService;
let core: ConsoleCore;
const DB = tmp.file('console.db');

beforeAll(async () => {
  // An earlier decision on the same merchant, as the service's record shows it.
  const decided = { ...(cases[1] as (typeof cases)[number]), status: 'decided' as const, lastDecision: {
    decisionId: '7d8d3d8e-8f0a-4a55-9a55-1c2b3c4d5e6f', caseId: cases[1]?.id ?? '', decidedBy: { id: 'arb-b', name: 'Arbiter B' }, decidedAt: Date.UTC(2026, 0, 5),
    body: { kind: 'refund_dispute' as const, outcome: { type: 'reject' as const } }, ruleRef: 'RFD-7D-3.1', reason: 'Worn for a week: not a quality defect.',
  } };
  service = await startFakeService(staff);
  service.route('/v1/changes', (_req, res, url) => {
    const kind = url.searchParams.get('partition');
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const mine = [cases[0], decided, cases[2]].filter((c) => c?.kind === kind) as typeof cases;
    res.end(ndjsonPage(url.searchParams.get('cursor') ? [] : mine, `${kind}-1`, false));
  });
  service.route(`/v1/evidence/${photoSha}`, (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.end(photo);
  });
  service.route(`/v1/evidence/${'b'.repeat(64)}`, (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.end(photo);
  });
  core = await openConsole({ dbPath: DB, serverUrl: service.url, token: 't', autoSync: false });
});
afterAll(async () => {
  await core?.close();
  await service?.close();
  tmp.remove();
});

describe('invoke', () => {
  it('answers unknown channels and bad input with a Result, never a throw', async () => {
    expect(await refused(core, 'case.delete' as never, {})).toEqual({ code: 'unknown_channel', message: 'no channel named "case.delete"' });
    expect(await core.invoke(42 as never, {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await core.invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await refused(core, 'queue.page', { kind: 'violation', offset: -1, limit: 10 })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^queue\.page: offset: /) });
    expect(await refused(core, 'queue.page', { kind: 'lottery', offset: 0, limit: 10 })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^queue\.page: kind: /) });
    expect(await refused(core, 'queue.page', { kind: 'violation', offset: 10, limit: 10, after: 'DROP TABLE cases' })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^queue\.page: after: not a page anchor/) });
    expect(await refused(core, 'queue.page', { kind: 'refund_dispute', offset: 10, limit: 10, after: 'a1.0.1.2' })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/malformed page anchor/) });
    expect(await refused(core, 'case.decide', { caseId: 'C1', body: { kind: 'violation', outcome: { type: 'fine', amountFen: -5 } }, ruleRef: 'VIO-1', reason: 'x' })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^case\.decide: body\.outcome\.amountFen: amounts cannot be negative/) });
    for (const weird of [null, undefined, 'text', [1, 2], { caseId: { $ne: 1 } }]) {
      for (const channel of CHANNELS) {
        // Channels that take no input would just run (sync.now would sync): the rest say what is wrong.
        if (consoleApi[channel].input.safeParse(weird ?? {}).success) continue;
        const r = await core.invoke(channel, weird);
        expect(r, `${channel} ${JSON.stringify(weird)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      }
    }
  });

  it('session, sync and events: data.changed arrives after the rows are committed', async () => {
    expect(await call(core, 'session.get', {})).toEqual({ staff, clientId: expect.stringMatching(/^[0-9a-f-]{36}$/), serverUrl: service.url });
    const seen: number[] = [];
    const off = core.on('data.changed', () => {
      // Read from another connection: only committed rows are visible there.
      const other = new Database(DB, { readonly: true });
      seen.push(other.prepare('SELECT count(*) FROM cases').pluck().get() as number);
      other.close();
    });
    const status = await call(core, 'sync.now', {});
    off();
    expect(status).toMatchObject({ online: true, lastError: null, pending: 0, conflicts: 0 });
    expect(status.partitions.map((p) => [p.kind, p.rows, p.bootstrapped])).toEqual([['refund_dispute', 2, true], ['merchant_complaint', 1, true], ['appeal', 0, true]]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(3);
    expect(await call(core, 'queues.list', {})).toHaveLength(3);
    expect(await refused(core, 'queue.page', { kind: 'violation', offset: 0, limit: 10 })).toMatchObject({ code: 'forbidden', message: 'a arbiter has no violation queue' });
  });

  it('case.get shows the case with earlier decisions on the same merchant or buyer', async () => {
    const detail = await call(core, 'case.get', { caseId: cases[0]?.id ?? '' });
    expect(detail.case.id).toBe(cases[0]?.id);
    expect(detail.myLease).toBeNull();
    expect(detail.priorDecisions).toEqual([expect.objectContaining({ caseId: cases[1]?.id, decidedBy: { id: 'arb-b', name: 'Arbiter B' }, caseTitle: cases[1]?.title })]);
    expect((await refused(core, 'case.get', { caseId: 'C404' })).code).toBe('not_found');
  });

  it('prefs are stored per reviewer, as JSON, bounded in size', async () => {
    expect(await call(core, 'prefs.get', { key: 'grid.refund_dispute' })).toEqual({ value: null });
    await call(core, 'prefs.set', { key: 'grid.refund_dispute', value: { columns: ['amountFen', 'slaDueAt'], filter: { region: ['guangdong'] } } });
    expect(await call(core, 'prefs.get', { key: 'grid.refund_dispute' })).toEqual({ value: { columns: ['amountFen', 'slaDueAt'], filter: { region: ['guangdong'] } } });
    expect(await refused(core, 'prefs.set', { key: 'big', value: 'x'.repeat(70_000) })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/limit is 65536/) });
    expect(await call(core, 'prefs.get', { key: 'big' })).toEqual({ value: null });
  });

  it('evidence is verified against its sha256, cached on disk, and served from the cache offline', async () => {
    const got = await call(core, 'evidence.get', { sha256: photoSha });
    expect(got).toEqual({ mediaType: 'image/jpeg', bytes: photo.length });
    expect(existsSync(tmp.file(`console.db-evidence/${photoSha.slice(0, 2)}/${photoSha}`))).toBe(true);
    // The page reads the bytes as a file from the cache, not through invoke.
    const served = await core.evidenceFile(`/${photoSha}`, undefined);
    expect(served.status).toBe(200);
    expect(served.headers['Content-Type']).toBe('image/jpeg');
    const chunks: Buffer[] = [];
    for await (const chunk of served.body?.() ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(photo));
    // Bytes that do not hash to the name asked for are refused, fetched again a few times, and never cached.
    const wrongBefore = service.requests.filter((r) => r.path === `/v1/evidence/${'b'.repeat(64)}`).length;
    expect(await refused(core, 'evidence.get', { sha256: 'b'.repeat(64) })).toMatchObject({ code: 'server_error', message: expect.stringMatching(/arrived with sha256 .* in 3 downloads: refused, nothing cached/) });
    expect(service.requests.filter((r) => r.path === `/v1/evidence/${'b'.repeat(64)}`).length - wrongBefore).toBe(3);
    expect(existsSync(tmp.file(`console.db-evidence/bb/${'b'.repeat(64)}`))).toBe(false);
    expect((await core.evidenceFile(`/${'b'.repeat(64)}`, undefined)).status).toBe(404);
    expect((await refused(core, 'evidence.get', { sha256: 'c'.repeat(64) })).code).toBe('not_found');
    const fetches = service.requests.filter((r) => r.path.startsWith('/v1/evidence/')).length;
    expect(await call(core, 'evidence.get', { sha256: photoSha })).toEqual(got);
    expect(service.requests.filter((r) => r.path.startsWith('/v1/evidence/')).length).toBe(fetches);
  });

  it('claims go through the service; without it, a claim fails as offline and reads still work', async () => {
    service.route('/v1/leases/claim', (_req, res) => json(res, 503, { error: 'unavailable', message: 'maintenance' }));
    expect(await refused(core, 'case.claim', { caseIds: [cases[0]?.id ?? ''] })).toMatchObject({ code: 'offline' });
    expect((await call(core, 'queue.count', { kind: 'refund_dispute', filter: {} })).count).toBe(2);
  });
});

describe('openConsole', () => {
  it('refuses http:// to a case service on another machine, before creating anything', async () => {
    const file = tmp.file('plain-http.db');
    await expect(openConsole({ dbPath: file, serverUrl: 'http://cases.example.com', token: 't', autoSync: false })).rejects.toThrow(/http:\/\/ is accepted only for a case service on this machine/);
    expect(existsSync(file)).toBe(false);
  });

  it('opens offline as the reviewer who last signed in, and serves the evidence cache', async () => {
    await core.close();
    const offline = await openConsole({ dbPath: DB, serverUrl: 'http://127.0.0.1:9', token: 't', autoSync: false });
    try {
      expect((await call(offline, 'session.get', {})).staff).toEqual(staff);
      expect((await call(offline, 'queue.count', { kind: 'refund_dispute', filter: {} })).count).toBe(2);
      expect((await call(offline, 'evidence.get', { sha256: photoSha })).bytes).toBe(photo.length);
      expect(await refused(offline, 'evidence.get', { sha256: 'd'.repeat(64) })).toMatchObject({ code: 'offline' });
      const status = await call(offline, 'sync.now', {});
      expect(status.online).toBe(false);
      expect(status.lastError).toMatch(/cannot reach the case service/);
    } finally {
      await offline.close();
    }
    expect(await offline.invoke('session.get', {})).toMatchObject({ ok: false, error: { code: 'internal', message: 'the console is closed' } });
  });

  it('refuses a database that holds another reviewer’s work', async () => {
    const other = await startFakeService({ id: 'arb-z', name: 'Arbiter Z', role: 'arbiter' });
    try {
      await expect(openConsole({ dbPath: DB, serverUrl: other.url, token: 't', autoSync: false })).rejects.toThrow(/holds the work of Arbiter A \(arb-a\); the token signs in Arbiter Z \(arb-z\)/);
    } finally {
      await other.close();
    }
  });
});
