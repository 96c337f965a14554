/** Evidence blobs, content-addressed by sha256 and immutable. */
import { createHash } from 'node:crypto';
import type { CaseKind } from '../shared/domain';
import type { Queryable } from './db/db';

export interface StoredEvidence {
  mediaType: string;
  content: Uint8Array;
}

/** Stores the bytes under their sha256; storing the same bytes again changes nothing. */
export async function putEvidence(db: Queryable, content: Buffer, mediaType: string): Promise<{ sha256: string; created: boolean }> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const rows = await db.query<{ sha256: string }>(
    `INSERT INTO evidence (sha256, media_type, size, content, created_at) VALUES ($1, $2, $3, $4, docket_now_ms())
     ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
    [sha256, mediaType, content.length, content],
  );
  return { sha256, created: rows.length > 0 };
}

/**
 * The blob, when a live case of one of `kinds` (the kinds the reader may read) cites it; null
 * otherwise, so a reader learns nothing of evidence outside the cases they may see.
 */
export async function getEvidence(db: Queryable, sha256: string, kinds: readonly CaseKind[] | 'any'): Promise<StoredEvidence | null> {
  const rows = await db.query<{ media_type: string; content: Uint8Array }>(
    `SELECT e.media_type, e.content FROM evidence e WHERE e.sha256 = $1 AND ($2::text[] IS NULL OR EXISTS (
       SELECT 1 FROM cases c WHERE ((c.input::jsonb) -> 'evidence') @> jsonb_build_array(jsonb_build_object('sha256', $1::text))
         AND NOT c.deleted AND c.kind = ANY($2::text[])))`,
    [sha256, kinds === 'any' ? null : kinds],
  );
  const r = rows[0];
  return r ? { mediaType: r.media_type, content: r.content } : null;
}
