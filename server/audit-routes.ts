/**
 * The audit log's endpoints, supervisors only: entries with their hashes, signed checkpoints,
 * the key the service signs with (a claim a console shows its user, never trusts by itself),
 * and inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4) at any sizes up to the head.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { consistencyProof, inclusionProof, toBase64, type Digest } from '../shared/audit';
import { routes, type AuditCheckpointPage, type AuditConsistencyProof, type AuditInclusionProof, type AuditKeyClaim } from '../shared/sync/protocol';
import { readAudit } from './audit';
import { treeHasher, unhex } from './audit-crypto';
import type { AuditSigner } from './audit-signer';
import { onlyRoles } from './auth';
import type { Db, Queryable } from './db/db';
import { badRequest, notFound, parseOr400 } from './errors';

const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
});
const CheckpointsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
const InclusionQuery = z.object({ index: z.coerce.number().int().min(0), size: z.coerce.number().int().min(1) });
const ConsistencyQuery = z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) });

async function headSize(db: Queryable): Promise<number> {
  return Number((await db.query<{ size: number }>('SELECT size FROM audit_head'))[0]?.size ?? 0);
}

/** The leaf hashes of the first `size` entries (a proof needs the subtrees they make). */
async function leaves(db: Queryable, size: number): Promise<Digest[]> {
  const rows = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq <= $1 ORDER BY seq', [size]);
  return rows.map((r) => unhex(r.hash));
}

export function registerAuditRoutes(app: FastifyInstance, db: Db, signer: AuditSigner): void {
  const supervisors = { onRequest: onlyRoles('supervisor') };

  app.get(routes.audit, supervisors, async (req) => {
    const q = parseOr400(AuditQuery, req.query, 'query');
    return readAudit(db, q.after, q.limit);
  });

  app.get(routes.auditKey, supervisors, async (): Promise<AuditKeyClaim> => ({ origin: signer.origin, key: signer.keyText, fingerprint: signer.fingerprint }));

  app.get(routes.auditCheckpoint, supervisors, async () => {
    const [row] = await db.query<{ tree_size: number; note: string }>('SELECT tree_size, note FROM audit_checkpoints WHERE note IS NOT NULL ORDER BY tree_size DESC LIMIT 1');
    if (!row) throw notFound('the audit log has no signed checkpoint yet');
    return { size: row.tree_size, note: row.note };
  });

  app.get(routes.auditCheckpoints, supervisors, async (req): Promise<AuditCheckpointPage> => {
    const q = parseOr400(CheckpointsQuery, req.query, 'query');
    const rows = await db.query<{ tree_size: number; note: string }>(
      'SELECT tree_size, note FROM audit_checkpoints WHERE note IS NOT NULL AND tree_size > $1 ORDER BY tree_size LIMIT $2',
      [q.after, q.limit],
    );
    return { checkpoints: rows.map((r) => ({ size: r.tree_size, note: r.note })) };
  });

  app.get(routes.auditInclusion, supervisors, async (req): Promise<AuditInclusionProof> => {
    const q = parseOr400(InclusionQuery, req.query, 'query');
    const head = await headSize(db);
    if (q.size > head) throw badRequest(`size: the log holds ${head} entries, not ${q.size}`);
    if (q.index >= q.size) throw badRequest(`index: leaf ${q.index} is not in a tree of ${q.size} (indexes are 0-based: entry seq − 1)`);
    const l = await leaves(db, q.size);
    return { index: q.index, size: q.size, leafHash: Buffer.from(l[q.index] as Digest).toString('hex'), proof: inclusionProof(treeHasher, l, q.index, q.size).map(toBase64) };
  });

  app.get(routes.auditConsistency, supervisors, async (req): Promise<AuditConsistencyProof> => {
    const q = parseOr400(ConsistencyQuery, req.query, 'query');
    const head = await headSize(db);
    if (q.to > head) throw badRequest(`to: the log holds ${head} entries, not ${q.to}`);
    if (q.from > q.to) throw badRequest(`from: ${q.from} is after to ${q.to}; a consistency proof goes from an older tree to a newer one`);
    return { from: q.from, to: q.to, proof: consistencyProof(treeHasher, await leaves(db, q.to), q.from, q.to).map(toBase64) };
  });
}
