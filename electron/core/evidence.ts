/**
 * Evidence blobs, content-addressed: fetched once from the case service, checked against their
 * sha256, stored on disk under that name, and served from disk from then on (offline too).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WritableDB } from './db/handles';
import { ConsoleError } from './errors';
import { makeTreePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files';
import { OfflineError, ServiceRefusal, type ServiceClient } from './sync/service';

export interface EvidenceBlob {
  mediaType: string;
  bytes: Uint8Array;
}

/** Blobs are buyers' and merchants' photos and chat captures: folders 0700, files 0600. */
export class EvidenceCache {
  constructor(private readonly db: WritableDB, readonly dir: string) {
    makeTreePrivate(dir);
  }

  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async get(sha256: string, client: ServiceClient, now: () => number): Promise<EvidenceBlob> {
    const cached = this.db.prepare('SELECT media_type FROM evidence_cache WHERE sha256 = ?').pluck().get(sha256) as string | undefined;
    if (cached !== undefined) {
      try {
        const bytes = new Uint8Array(await readFile(this.pathOf(sha256)));
        if (sha256Hex(bytes) === sha256) return { mediaType: cached, bytes };
      } catch {
        // Missing or unreadable file: fetch it again below.
      }
      this.db.prepare('DELETE FROM evidence_cache WHERE sha256 = ?').run(sha256);
    }
    let blob: { bytes: Uint8Array; mediaType: string };
    try {
      blob = await client.evidence(sha256);
    } catch (e) {
      if (e instanceof OfflineError) throw new ConsoleError('offline', `evidence ${sha256.slice(0, 12)}… is not cached and the case service is unreachable`);
      if (e instanceof ServiceRefusal && e.status === 404) throw new ConsoleError('not_found', `the case service has no evidence ${sha256}`);
      throw e;
    }
    const actual = sha256Hex(blob.bytes);
    if (actual !== sha256) {
      throw new ConsoleError('server_error', `evidence ${sha256} arrived with sha256 ${actual}: refused, nothing cached`);
    }
    const file = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true, mode: PRIVATE_DIR_MODE });
    // Write then rename: a crash never leaves a half-written blob under its final name.
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, blob.bytes, { mode: PRIVATE_FILE_MODE });
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    this.db.prepare(`INSERT INTO evidence_cache (sha256, media_type, bytes, fetched_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (sha256) DO UPDATE SET media_type = excluded.media_type, bytes = excluded.bytes, fetched_at = excluded.fetched_at`)
      .run(sha256, blob.mediaType, blob.bytes.length, now());
    return blob;
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
