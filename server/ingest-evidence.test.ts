import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AuditPage, IngestCasesResponse, routes, type LeaseResponse, type PushResponse } from '../shared/sync/protocol';
import { BODIES, decision, merchantComplaintCase, refundDisputeCase, STAFF, T0, violationCase } from './test-fixtures';
import { BACKENDS, pullAll, type TestDatabase, type TestService, serveForTests } from './test-helpers';

describe.each(BACKENDS)('ingest, evidence and the decision log on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  const ingest = async (cases: unknown[]) => {
    const res = await t.as('platform').post(routes.ingestCases, { cases });
    expect(res.status).toBe(200);
    return IngestCasesResponse.parse(res.body);
  };

  it('gives a new case version 1, a changed one the next version, an unchanged one nothing', async () => {
    const { cursor } = await pullAll(t.as('arbiter'), 'merchant_complaint');
    expect(await ingest([merchantComplaintCase('mc-ingest-1'), merchantComplaintCase('mc-ingest-2')])).toEqual({ upserted: 2, versions: { 'mc-ingest-1': 1, 'mc-ingest-2': 1 } });
    expect(await ingest([merchantComplaintCase('mc-ingest-1'), merchantComplaintCase('mc-ingest-2', { priority: 1, updatedAt: T0 + 60_000 })])).toEqual({
      upserted: 1,
      versions: { 'mc-ingest-1': 1, 'mc-ingest-2': 2 },
    });
    const feed = await pullAll(t.as('arbiter'), 'merchant_complaint', cursor);
    expect(feed.lines.map((l) => (l.type === 'upsert' ? `${l.case.id}@${l.case.version}` : l.type))).toEqual(['mc-ingest-1@1', 'mc-ingest-2@1', 'mc-ingest-2@2']);
    const latest = feed.lines.at(-1);
    expect(latest?.type === 'upsert' && [latest.case.priority, latest.case.updatedAt, latest.case.lastDecision]).toEqual([1, T0 + 60_000, null]);
  });

  it('writes a tombstone on delete; an unknown case is 404; a kind cannot change', async () => {
    await ingest([violationCase('v-delete-me')]);
    const { cursor } = await pullAll(t.as('moderator'), 'violation');
    expect((await t.as('platform').del(`${routes.ingestCases}/v-delete-me`)).status).toBe(204);
    expect((await pullAll(t.as('moderator'), 'violation', cursor)).lines).toEqual([{ type: 'tombstone', caseId: 'v-delete-me' }]);
    expect((await t.as('platform').del(`${routes.ingestCases}/v-delete-me`)).status).toBe(404);
    expect((await t.as('platform').del(`${routes.ingestCases}/v-never`)).status).toBe(404);
    const claim = await t.as('moderator').post<LeaseResponse>(routes.claim, { caseIds: ['v-delete-me'] });
    expect(claim.body.results[0]).toMatchObject({ granted: false, reason: 'not_found' });

    await ingest([violationCase('v-kind')]);
    const res = await t.as('platform').post<{ message: string }>(routes.ingestCases, { cases: [refundDisputeCase('v-kind')] });
    expect([res.status, res.body.message]).toEqual([400, expect.stringContaining('cases[0].kind: case v-kind is a violation')]);
  });

  it('keeps a decision when the platform re-ingests the case', async () => {
    await ingest([refundDisputeCase('rd-reingest')]);
    const claim = await t.as('arbiter').post<LeaseResponse>(routes.claim, { caseIds: ['rd-reingest'] });
    const epoch = claim.body.results[0]?.granted ? claim.body.results[0].lease.epoch : 0;
    const push = await t.as('arbiter').post<PushResponse>(routes.decisions, { clientId: randomUUID(), decisions: [decision('rd-reingest', { mutationId: 1, leaseEpoch: epoch, body: BODIES.fullRefund })] });
    expect(push.body.results[0]?.status).toBe('accepted');
    expect(await ingest([refundDisputeCase('rd-reingest', { priority: 5 })])).toMatchObject({ versions: { 'rd-reingest': 3 } });
    const last = (await pullAll(t.as('arbiter'), 'refund_dispute')).lines.at(-1);
    expect(last?.type === 'upsert' && [last.case.status, last.case.priority, last.case.lastDecision?.decidedBy.id, last.case.history.map((h) => h.event)]).toEqual([
      'decided', 5, STAFF.arbiter.id, ['opened', 'decided'],
    ]);
  });

  it('refuses a case too large for a feed line', async () => {
    const huge = refundDisputeCase('rd-huge');
    if (huge.kind !== 'refund_dispute') throw new Error('fixture');
    huge.detail.chat = Array.from({ length: 200 }, (_, i) => ({ at: T0 + i, from: 'buyer' as const, text: '退'.repeat(2000) }));
    const res = await t.as('platform').post<{ message: string }>(routes.ingestCases, { cases: [huge] });
    expect([res.status, res.body.message]).toEqual([400, expect.stringMatching(/cases\[0\]: case rd-huge takes \d+ bytes as a feed line/)]);
  });

  it('stores evidence by sha256, idempotently, and serves it immutable', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 180, g: 40, b: 40 } } }).jpeg().toBuffer();
    const sha = createHash('sha256').update(photo).digest('hex');
    const first = await t.as('platform').post<{ sha256: string }>(routes.evidence, photo, { 'content-type': 'image/jpeg' });
    expect([first.status, first.body]).toEqual([201, { sha256: sha }]);
    const again = await t.as('platform').post<{ sha256: string }>(routes.evidence, photo, { 'content-type': 'image/jpeg' });
    expect([again.status, again.body]).toEqual([200, { sha256: sha }]);
    const cite = (sha256: string, mediaType: 'image/jpeg' | 'text/plain', bytes: number) => [{ sha256, mediaType, party: 'buyer' as const, caption: '开箱照片', bytes }];
    expect((await t.as('platform').post(routes.ingestCases, { cases: [violationCase('v-evidence-1', { evidence: cite(sha, 'image/jpeg', photo.length) })] })).status).toBe(200);

    const res = await fetch(`${t.url}${routes.evidence}/${sha}`, { headers: { authorization: `Bearer ${t.tokens.moderator}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
    const cached = await t.as('moderator').get(`${routes.evidence}/${sha}`, { 'if-none-match': `"${sha}"` });
    expect(cached.status).toBe(304);

    const note = await t.as('platform').post<{ sha256: string }>(routes.evidence, Buffer.from('物流签收记录：2025-05-29 已签收', 'utf8'), { 'content-type': 'text/plain; charset=utf-8' });
    expect(note.status).toBe(201);
    expect((await t.as('platform').post(routes.ingestCases, { cases: [refundDisputeCase('rd-evidence-1', { evidence: cite(note.body.sha256, 'text/plain', 10) })] })).status).toBe(200);
    const text = await t.as('arbiter').get(`${routes.evidence}/${note.body.sha256}`);
    expect(text.text).toBe('物流签收记录：2025-05-29 已签收');

    expect((await t.as('moderator').get(`${routes.evidence}/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await t.as('moderator').get(`${routes.evidence}/not-a-hash`)).status).toBe(400);
    expect((await t.as('platform').post(routes.evidence, Buffer.from('<html>'), { 'content-type': 'text/html' })).status).toBe(415);
    expect((await t.as('platform').post(routes.evidence, Buffer.alloc(0), { 'content-type': 'image/png' })).status).toBe(400);
  });

  it('serves evidence only to a reader who may read a live case citing it', async () => {
    const blob = Buffer.from('退款争议聊天截图：买家与商家协商记录', 'utf8');
    const sha = createHash('sha256').update(blob).digest('hex');
    expect((await t.as('platform').post(routes.evidence, blob, { 'content-type': 'text/plain' })).status).toBe(201);
    const get = (who: 'moderator' | 'arbiter' | 'supervisor' | 'platform') => t.as(who).get(`${routes.evidence}/${sha}`);
    // Cited by no case yet: only the platform, which uploads it, reads it.
    expect([(await get('moderator')).status, (await get('arbiter')).status, (await get('platform')).status]).toEqual([404, 404, 200]);
    const ref = [{ sha256: sha, mediaType: 'text/plain' as const, party: 'buyer' as const, caption: '聊天记录', bytes: blob.length }];
    expect((await t.as('platform').post(routes.ingestCases, { cases: [refundDisputeCase('rd-evidence-only', { evidence: ref })] })).status).toBe(200);
    const refused = await get('moderator');
    expect(refused).toMatchObject({ status: 404, body: { error: 'not_found', message: `no evidence ${sha} in a case a moderator may read` } });
    expect(refused.headers.get('etag')).toBeNull();
    expect((await t.as('moderator').get(`${routes.evidence}/${sha}`, { 'if-none-match': `"${sha}"` })).status).toBe(404);
    expect((await get('arbiter')).text).toBe(blob.toString('utf8'));
    // Cited by a violation case too: moderators may read it now; once that case is deleted, no more.
    expect((await t.as('platform').post(routes.ingestCases, { cases: [violationCase('v-evidence-too', { evidence: ref })] })).status).toBe(200);
    expect((await get('moderator')).status).toBe(200);
    expect((await t.as('platform').del(`${routes.ingestCases}/v-evidence-too`)).status).toBe(204);
    expect((await get('moderator')).status).toBe(404);
  });

  it('pages the decision log by seq; the log refuses updates and deletes', async () => {
    const ids = ['v-log-1', 'v-log-2', 'v-log-3'];
    await ingest(ids.map((id) => violationCase(id)));
    await t.as('moderator').post(routes.claim, { caseIds: ids });
    const push = await t.as('moderator').post<PushResponse>(routes.decisions, {
      clientId: randomUUID(),
      decisions: ids.map((id, i) => decision(id, { mutationId: i + 1, body: BODIES.warning })),
    });
    expect(push.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const all = AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?after=0&limit=10000`)).body);
    const mine = all.entries.filter((e) => ids.includes(e.caseId ?? ''));
    expect(mine.map((e) => [e.action, e.caseId, e.actor.id])).toEqual(ids.map((id) => ['decision', id, STAFF.moderator.id]));
    expect(all.entries.map((e) => e.seq)).toEqual(all.entries.map((_, i) => i + 1)); // gapless
    expect(mine[0]?.payload).toMatchObject({ decision: { caseId: 'v-log-1', body: BODIES.warning, ruleRef: 'VIO-GEN-1' }, caseVersion: 2 });

    const first = AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?after=0&limit=2`)).body);
    const rest = AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?after=${first.next}&limit=10000`)).body);
    expect([...first.entries, ...rest.entries]).toEqual(all.entries);
    const none = AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?after=${all.next}`)).body);
    expect(none).toEqual({ entries: [], next: all.next });

    await expect(tdb.db.query(`UPDATE audit_log SET payload = '{}' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(tdb.db.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(tdb.db.query(`UPDATE audit_log SET hash = 'forged' WHERE seq = 1`)).rejects.toThrow(/append-only/);
  });
});
