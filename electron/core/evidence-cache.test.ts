/**
 * The evidence cache against a real HTTP service on 127.0.0.1 and real files: prefetch of held
 * cases, refusal and refetch of wrong bytes, thumbnails, the size limit with LRU eviction that
 * spares pending and checked-out cases, and owner-only files.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, EvidenceRef, StaffMember } from '../../shared/domain';
import { caseWriter } from './db/cases';
import { openDatabase } from './db/open';
import { EvidenceCache, MAX_FETCH_ATTEMPTS, pinnedEvidence } from './evidence';
import { EvidencePrefetch } from './evidence-prefetch';
import { startFakeService, type FakeService } from './testing/fake-service';
import { makeCase } from './testing/fixtures';
import { tempDir } from './testing/tmp';
import { ServiceClient } from './sync/service';

const tmp = tempDir();
const staff: StaffMember = { id: 'arb-a', name: 'Arbiter A', role: 'arbiter' };
let service: FakeService;
const blobs = new Map<string, { bytes: Buffer; type: string }>();
/** sha256 → how many more downloads answer with the wrong bytes. */
const corrupt = new Map<string, number>();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
async function photo(shade: number): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: shade, g: 90, b: 200 - shade } } }).jpeg().toBuffer();
}
function add(bytes: Buffer, type = 'image/jpeg'): EvidenceRef {
  blobs.set(sha(bytes), { bytes, type });
  return { sha256: sha(bytes), mediaType: type as EvidenceRef['mediaType'], party: 'buyer', caption: 'x', bytes: bytes.length };
}

beforeAll(async () => {
  service = await startFakeService(staff);
});
afterAll(async () => {
  await service?.close();
  tmp.remove();
});

function serve(path: string) {
  const key = path.slice('/v1/evidence/'.length);
  service.route(path, (_req, res) => {
    const b = blobs.get(key);
    if (!b) return void res.writeHead(404).end();
    const left = corrupt.get(key) ?? 0;
    corrupt.set(key, left - 1);
    res.writeHead(200, { 'content-type': b.type });
    res.end(left > 0 ? Buffer.concat([b.bytes, Buffer.from('tampered')]) : b.bytes);
  });
}

let n = 0;
function setup() {
  const dbFile = tmp.file(`cache${++n}.sqlite`);
  const db = openDatabase(dbFile);
  const cache = new EvidenceCache(db, `${dbFile}-evidence`);
  const client = new ServiceClient(service.url, 't', new AbortController().signal);
  let clock = 1_000_000;
  const now = () => clock;
  const advance = (ms: number) => (clock += ms);
  const prefetch = new EvidencePrefetch({ db, client, cache, now });
  const cases = (list: Case[]) => {
    const w = caseWriter(db);
    db.transaction(() => list.forEach((c) => w.upsert({ type: 'upsert', case: c, lease: null })))();
  };
  const lease = (caseId: string, mode: 'online' | 'offline') =>
    db.prepare('INSERT OR REPLACE INTO my_leases (case_id, epoch, expires_at, granted_at, mode) VALUES (?, 1, ?, ?, ?)').run(caseId, clock + 3_600_000, clock, mode);
  return { db, cache, client, now, advance, prefetch, cases, lease, dir: `${dbFile}-evidence` };
}

const withEvidence = (i: number, evidence: EvidenceRef[]): Case => ({ ...makeCase(i, { kind: 'refund_dispute' }, 3), evidence });

describe('prefetch', () => {
  it('fetches the evidence of every held case, makes thumbnails, and leaves the rest alone', async () => {
    const s = setup();
    const held = [add(await photo(10)), add(await photo(20)), add(Buffer.from('a short clip'), 'video/webm')];
    const other = add(await photo(30));
    for (const e of [...held, other]) serve(`/v1/evidence/${e.sha256}`);
    s.cases([withEvidence(1, held.slice(0, 2)), withEvidence(2, held.slice(2)), withEvidence(3, [other])]);
    s.lease('C00000001', 'online');
    s.lease('C00000002', 'offline');
    await s.prefetch.kick();
    expect(s.prefetch.status()).toMatchObject({ wanted: 3, fetched: 3, failed: 0, running: false });
    for (const e of held) expect(s.cache.has(e.sha256), e.caption).toBe(true);
    expect(s.cache.has(other.sha256)).toBe(false);
    // A thumbnail for each photo, none for the video; small, WebP, owner-only.
    const thumb = s.cache.file(held[0]?.sha256 ?? '', 'thumb', s.now());
    expect(thumb?.mediaType).toBe('image/webp');
    const meta = await sharp(thumb?.path).metadata();
    expect([meta.format, Math.max(meta.width ?? 0, meta.height ?? 0)]).toEqual(['webp', 320]);
    expect((statSync(thumb?.path ?? '').mode & 0o777).toString(8)).toBe('600');
    expect(s.cache.file(held[2]?.sha256 ?? '', 'thumb', s.now())).toBeNull();
    // Nothing new to fetch: a second round downloads nothing.
    const before = service.requests.length;
    await s.prefetch.kick();
    expect(service.requests.length).toBe(before);
  });

  it('refuses bytes that do not match their sha256 and fetches them again, within a limit', async () => {
    const s = setup();
    const flaky = add(await photo(40));
    const broken = add(await photo(50));
    serve(`/v1/evidence/${flaky.sha256}`);
    serve(`/v1/evidence/${broken.sha256}`);
    corrupt.set(flaky.sha256, 1);
    corrupt.set(broken.sha256, 99);
    s.cases([withEvidence(4, [flaky, broken])]);
    s.lease('C00000004', 'online');
    const count = (x: string) => service.requests.filter((r) => r.path === `/v1/evidence/${x}`).length;
    await s.prefetch.kick();
    expect(s.cache.has(flaky.sha256)).toBe(true);
    expect(count(flaky.sha256)).toBe(2);
    expect(s.cache.has(broken.sha256)).toBe(false);
    expect(count(broken.sha256)).toBe(MAX_FETCH_ATTEMPTS);
    expect(s.prefetch.status()).toMatchObject({ fetched: 1, failed: 1, lastError: expect.stringMatching(new RegExp(`evidence ${broken.sha256} arrived with sha256 .* in ${MAX_FETCH_ATTEMPTS} downloads: refused, nothing cached`)) });
    expect(existsSync(s.cache.pathOf(broken.sha256))).toBe(false);
    // Given up on for this holding: the beat does not hammer the service with it.
    await s.prefetch.kick();
    expect(count(broken.sha256)).toBe(MAX_FETCH_ATTEMPTS);
  });
});

describe('the size limit', () => {
  it('evicts the least recently used blobs, never those of a pending decision or an offline checkout', async () => {
    const s = setup();
    const refs = await Promise.all([60, 70, 80, 90, 100].map(async (shade) => add(await photo(shade))));
    refs.forEach((r) => serve(`/v1/evidence/${r.sha256}`));
    const [pendingPhoto, checkedOut, old, recent, newest] = refs as [EvidenceRef, EvidenceRef, EvidenceRef, EvidenceRef, EvidenceRef];
    s.cases([withEvidence(5, [pendingPhoto]), withEvidence(6, [checkedOut]), withEvidence(7, [old, recent, newest])]);
    s.lease('C00000006', 'offline');
    s.db.prepare(`INSERT INTO my_decisions (decision_id, mutation_id, case_id, staff_id, command, decided_at, state) VALUES ('d5', 1, 'C00000005', 'arb-a', '{}', 0, 'pending')`).run();
    for (const r of [pendingPhoto, checkedOut, old, recent]) {
      await s.cache.ensure(r.sha256, s.client, s.now);
      s.advance(1_000);
    }
    // `recent` is read again later than `old`.
    s.cache.file(recent.sha256, 'blob', s.advance(1_000));
    expect(pinnedEvidence(s.db, s.now())).toEqual(new Set([pendingPhoto.sha256, checkedOut.sha256]));
    const { usedBytes } = s.cache.usage(s.now());
    // Room for the fifth blob but not its thumbnail: one blob must go, the least recently used unpinned one.
    await s.cache.setLimit(usedBytes + newest.bytes, s.now());
    s.advance(1_000);
    await s.cache.ensure(newest.sha256, s.client, s.now);
    const kept = refs.filter((r) => s.cache.has(r.sha256)).map((r) => r.sha256);
    expect(kept).toEqual([pendingPhoto.sha256, checkedOut.sha256, recent.sha256, newest.sha256]);
    expect(existsSync(s.cache.pathOf(old.sha256))).toBe(false);
    expect(existsSync(s.cache.thumbPathOf(old.sha256))).toBe(false);
    // Below what the pinned blobs need, everything else goes and they stay.
    await s.cache.setLimit(1, s.now());
    expect(refs.filter((r) => s.cache.has(r.sha256)).map((r) => r.sha256)).toEqual([pendingPhoto.sha256, checkedOut.sha256]);
    expect(s.cache.usage(s.now()).pinnedBytes).toBe(s.cache.usage(s.now()).usedBytes);
  });
});
