/** Evidence blobs, content-addressed by sha256 and immutable. */
import { createHash } from 'node:crypto';
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

export async function getEvidence(db: Queryable, sha256: string): Promise<StoredEvidence | null> {
  const rows = await db.query<{ media_type: string; content: Uint8Array }>(`SELECT media_type, content FROM evidence WHERE sha256 = $1`, [sha256]);
  const r = rows[0];
  return r ? { mediaType: r.media_type, content: r.content } : null;
}
