/** Evidence blobs, content-addressed by sha256 and immutable. */
import { createHash } from 'node:crypto';
import type { CaseKind, EvidencePdqRef } from '../shared/domain';
import type { Queryable } from './db/db';
import { hashEvidenceImage } from './evidence-hash';

export interface StoredEvidence {
  mediaType: string;
  content: Uint8Array;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Stores the bytes under their sha256; storing the same bytes again changes nothing. A new
 * image is PDQ-hashed here, once, before it is stored (an image sharp cannot decode is stored
 * without a hash: it is evidence all the same, and simply never matched).
 */
export async function putEvidence(db: Queryable, content: Buffer, mediaType: string): Promise<{ sha256: string; created: boolean }> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const known = await db.query<{ sha256: string }>('SELECT sha256 FROM evidence WHERE sha256 = $1', [sha256]);
  if (known.length > 0) return { sha256, created: false };
  const pdq = IMAGE_TYPES.has(mediaType) ? await hashEvidenceImage(content).catch(() => null) : null;
  const rows = await db.query<{ sha256: string }>(
    `WITH blob AS (
       INSERT INTO evidence (sha256, media_type, size, content, created_at) VALUES ($1, $2, $3, $4, docket_now_ms())
       ON CONFLICT (sha256) DO NOTHING RETURNING sha256
     ), hashed AS (
       INSERT INTO evidence_pdq (sha256, pdq, quality, decoder, hashed_at)
       SELECT sha256, $5, $6, $7, docket_now_ms() FROM blob WHERE $5::text IS NOT NULL
     )
     SELECT sha256 FROM blob`,
    [sha256, mediaType, content.length, content, pdq?.pdq ?? null, pdq?.quality ?? null, pdq?.decoder ?? null],
  );
  return { sha256, created: rows.length > 0 };
}

/** The stored PDQ hashes of these blobs (those that are images the service could decode). */
export async function evidencePdq(db: Queryable, sha256s: readonly string[]): Promise<Map<string, EvidencePdqRef>> {
  const out = new Map<string, EvidencePdqRef>();
  if (sha256s.length === 0) return out;
  const rows = await db.query<{ sha256: string; pdq: string; quality: number; decoder: string }>(
    'SELECT sha256, pdq, quality, decoder FROM evidence_pdq WHERE sha256 = ANY($1::text[])',
    [[...new Set(sha256s)]],
  );
  for (const r of rows) out.set(r.sha256, { hash: r.pdq, quality: r.quality, decoder: r.decoder });
  return out;
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
