/** The HTTP endpoints of `routes` (shared/sync/protocol.ts). Every body is validated by its contract schema. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canRead, EntityId, readableKinds, Sha256Hex, type CaseKind } from '../shared/domain';
import { merchantNoticeZh } from '../shared/statement';
import {
  ChangesQuery, ClaimRequest, EVIDENCE_MEDIA_TYPES, IngestCasesRequest, KnownBadImportRequest, LeaseCaseIds, LedgerSummaryQuery, MAX_EVIDENCE_BYTES, MAX_PUSH_BATCH,
  PushRequest, routes,
} from '../shared/sync/protocol';
import { REVEAL_ROUTE, RevealRequest } from '../shared/sync/protocol';
import { registerAuditRoutes } from './audit-routes';
import type { AuditSigner } from './audit-signer';
import { onlyRoles, staffOf } from './auth';
import { decodeCursor, encodeCursor, FEED_START, type FeedPosition } from './cursor';
import type { Db } from './db/db';
import { pushDecisions } from './push';
import { badRequest, forbidden, notFound, parseOr400 } from './errors';
import { getEvidence, putEvidence } from './evidence';
import { missedCompaction, readPage, watermark } from './feed';
import { deleteCase, ingestCases } from './ingest';
import { importKnownBad } from './known-bad';
import { ledgerSummary } from './ledger';
import { claimLeases, releaseLeases, renewLeases, type LeaseDurations } from './leases';
import type { RulebookShelf } from './rulebooks';
import { revealPersonalData } from './reveal';
import { statementOf } from './statements';

export interface RouteContext {
  db: Db;
  feedId: string;
  leaseMs: LeaseDurations;
  rulebooks: RulebookShelf;
  /** PDQ match distance for known-bad lists and cited photo matches. */
  pdqMatchDistance: number;
  auditSigner: AuditSigner;
}

/**
 * A push of MAX_PUSH_BATCH decisions at their largest — longest ids, every fact, reason and
 * justification at 2,000 Chinese characters (3 bytes each in UTF-8) — is 12.7 KB a decision,
 * 12,714,958 bytes in all (`request-limits.test.ts` builds it); 16 KiB a decision leaves ~29 % more.
 */
export const PUSH_BODY_LIMIT = MAX_PUSH_BATCH * 16 * 1024;
/**
 * An ingest page: the demo's cases are 1.9 KB on average and 3.5 KB at most (20,000 generated),
 * so a page of MAX_INGEST_BATCH is ~9.4 MB, 17.4 MB if every case were the largest. 32 MiB (6.7 KB
 * a case over a full page) leaves ~2× room; a platform with larger cases sends smaller pages
 * (one case is at most MAX_FEED_LINE_BYTES, so 128 of the largest always fit).
 */
export const INGEST_BODY_LIMIT = 32 * 1024 * 1024;

const StatementQuery = z.object({ format: z.enum(['json', 'notice']).default('json') });

export function registerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db } = ctx;
  const reviewers = onlyRoles('moderator', 'arbiter', 'supervisor');

  app.get(routes.health, async () => ({ ok: true }));

  app.get(routes.me, async (req) => {
    const s = staffOf(req);
    return { staff: { id: s.id, name: s.name, role: s.role } };
  });

  app.get(routes.changes, async (req, reply) => {
    const staff = staffOf(req);
    const q = parseOr400(ChangesQuery, req.query, 'query');
    if (!canRead(staff.role, q.partition)) throw forbidden(`partition: a ${staff.role} may not read the ${q.partition} queue`);
    // Read once, before the cursor is judged, and handed to readPage: see readPage.
    const wm = await watermark(db, q.partition);
    let from = FEED_START;
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      if (!c) throw badRequest('cursor: not a cursor this case service issued');
      if (c.feedId !== ctx.feedId) {
        return reply.code(410).send({ error: 'must-refetch', message: 'the cursor comes from another case service database: bootstrap the partition again' });
      }
      if (c.partition !== q.partition) throw badRequest(`cursor: this cursor belongs to the ${c.partition} partition, not ${q.partition}`);
      if (c.format === 'legacy') {
        return reply.code(410).send({ error: 'must-refetch', message: 'the cursor was issued by an earlier version of the case service, which cannot tell what compaction removed since: bootstrap the partition again' });
      }
      if (missedCompaction(c.position, c.issuedUnder, wm)) {
        return reply.code(410).send({ error: 'must-refetch', message: 'the feed was compacted past this cursor since it was issued: bootstrap the partition again' });
      }
      from = c.position;
    }
    reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store');
    // Streamed chunk by chunk: a 50,000-line bootstrap page is never one string in memory.
    return reply.send(Readable.from(ndjsonPage(db, ctx.feedId, q.partition, from, q.limit, wm)));
  });

  app.post(routes.claim, { onRequest: reviewers }, async (req) => {
    const body = parseOr400(ClaimRequest, req.body, 'body');
    return { results: await claimLeases(db, staffOf(req), body, ctx.leaseMs) };
  });
  app.post(routes.renew, { onRequest: reviewers }, async (req) => {
    const body = parseOr400(LeaseCaseIds, req.body, 'body');
    return { results: await renewLeases(db, staffOf(req), body.caseIds, ctx.leaseMs) };
  });
  app.post(routes.release, { onRequest: reviewers }, async (req) => {
    const body = parseOr400(LeaseCaseIds, req.body, 'body');
    return { results: await releaseLeases(db, staffOf(req), body.caseIds) };
  });

  app.post(routes.decisions, { onRequest: reviewers, bodyLimit: PUSH_BODY_LIMIT }, async (req) => {
    const body = parseOr400(PushRequest, req.body, 'body');
    return { results: await pushDecisions(db, staffOf(req), body, { rulebooks: ctx.rulebooks, pdqMatchDistance: ctx.pdqMatchDistance }) };
  });

  app.get(`${routes.decisions}/:decisionId/statement`, async (req, reply) => {
    const decisionId = parseOr400(z.uuid(), (req.params as { decisionId: string }).decisionId, 'decisionId');
    const q = parseOr400(StatementQuery, req.query, 'query');
    const statement = await statementOf(db, staffOf(req), decisionId, ctx.rulebooks);
    if (q.format === 'notice') return reply.type('text/plain; charset=utf-8').send(merchantNoticeZh(statement));
    return statement;
  });

  app.get(routes.ledgerSummary, { onRequest: onlyRoles('supervisor') }, async (req) => {
    const q = parseOr400(LedgerSummaryQuery, req.query, 'query');
    return ledgerSummary(db, q);
  });

  app.post(routes.ingestCases, { onRequest: onlyRoles('platform'), bodyLimit: INGEST_BODY_LIMIT }, async (req) => {
    const body = parseOr400(IngestCasesRequest, req.body, 'body');
    return ingestCases(db, body.cases, { matchDistance: ctx.pdqMatchDistance });
  });

  app.post(routes.knownBad, { onRequest: onlyRoles('platform'), bodyLimit: INGEST_BODY_LIMIT }, async (req) => {
    const body = parseOr400(KnownBadImportRequest, req.body, 'body');
    return importKnownBad(db, body, staffOf(req).id);
  });
  app.delete(`${routes.ingestCases}/:id`, { onRequest: onlyRoles('platform') }, async (req, reply) => {
    const id = parseOr400(EntityId, (req.params as { id: string }).id, 'id');
    await deleteCase(db, id);
    return reply.code(204).send();
  });

  app.post(REVEAL_ROUTE, { onRequest: reviewers }, async (req, reply) => {
    const caseId = parseOr400(EntityId, (req.params as { caseId: string }).caseId, 'caseId');
    const body = parseOr400(RevealRequest, req.body, 'body');
    const revealed = await revealPersonalData(db, staffOf(req), caseId, body);
    // The value is for the screen it is shown on: no cache, no proxy keeps it.
    return reply.header('cache-control', 'no-store').send(revealed);
  });

  registerAuditRoutes(app, db, ctx.auditSigner);

  app.get(`${routes.evidence}/:sha256`, async (req, reply) => {
    const sha256 = parseOr400(Sha256Hex, (req.params as { sha256: string }).sha256, 'sha256');
    const etag = `"${sha256}"`;
    const staff = staffOf(req);
    const found = await getEvidence(db, sha256, staff.role === 'platform' ? 'any' : readableKinds(staff.role));
    if (!found) throw notFound(`no evidence ${sha256} in a case a ${staff.role} may read`);
    // Content-addressed bytes never change: a client that has them needs nothing more.
    reply.header('etag', etag).header('cache-control', 'private, max-age=31536000, immutable');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(found.mediaType).send(Buffer.from(found.content.buffer, found.content.byteOffset, found.content.byteLength));
  });

  // Raw bytes, only in this scope: the JSON parser of the other endpoints stays as it is.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...EVIDENCE_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit: MAX_EVIDENCE_BYTES }, (_req, body, done) => done(null, body));
    scope.post(routes.evidence, { onRequest: onlyRoles('platform') }, async (req, reply) => {
      const content = req.body;
      if (!Buffer.isBuffer(content) || content.length === 0) throw badRequest('body: the evidence is empty');
      const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const { sha256, created } = await putEvidence(db, content, mediaType);
      return reply.code(created ? 201 : 200).send({ sha256 });
    });
  });
}

async function* ndjsonPage(db: Db, feedId: string, partition: CaseKind, from: FeedPosition, limit: number, wm: FeedPosition): AsyncGenerator<Uint8Array> {
  // If readPage throws midway the response ends without its `end` line, and the client discards the page.
  const end = yield* readPage(db, partition, from, limit, wm);
  yield Buffer.from(JSON.stringify({ type: 'end', cursor: encodeCursor(feedId, partition, end.position, end.issuedUnder), hasMore: end.hasMore, count: end.count }) + '\n');
}
