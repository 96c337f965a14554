/**
 * Evidence blobs, content-addressed: fetched from the case service, checked against their
 * sha256 (bytes that do not match are refused and fetched again, a few times), stored on disk
 * under that name with a thumbnail for images, and served from disk from then on, offline too.
 * The cache keeps to a size limit by dropping the blobs least recently used, never those of a
 * case with a decision waiting to be pushed or checked out for offline work.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_EVIDENCE_CACHE_BYTES } from '../../shared/evidence/cache-status';
import { getCase } from './db/cases';
import type { ReadableDB, WritableDB } from './db/handles';
import { getMeta, setMeta } from './db/meta';
import { ConsoleError } from './errors';
import { makeTreePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files';
import { OfflineError, ServiceRefusal, type ServiceClient } from './sync/service';

export interface CachedBlob {
  mediaType: string;
  bytes: number;
  path: string;
}

export interface EvidenceFile {
  path: string;
  mediaType: string;
  size: number;
}

export type EvidenceVariant = 'blob' | 'thumb';

/** Downloads of one blob whose bytes do not match its sha256 before it is given up on. */
export const MAX_FETCH_ATTEMPTS = 3;
/** Longest side of a thumbnail, in pixels: the evidence strip shows them at ~160 CSS pixels on 2× screens. */
export const THUMB_SIDE = 320;
const THUMB_TYPE = 'image/webp';

const isImage = (mediaType: string) => mediaType.startsWith('image/');

/** Blobs are buyers' and merchants' photos and chat captures: folders 0700, files 0600. */
export class EvidenceCache {
  private readonly inflight = new Map<string, Promise<CachedBlob>>();

  constructor(private readonly db: WritableDB, readonly dir: string) {
    makeTreePrivate(dir);
  }

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  thumbPathOf(sha256: string): string {
    return `${this.pathOf(sha256)}.thumb.webp`;
  }

  private row(sha256: string): { media_type: string; bytes: number; thumb_bytes: number | null } | undefined {
    return this.db.prepare('SELECT media_type, bytes, thumb_bytes FROM evidence_cache WHERE sha256 = ?').get(sha256) as
      | { media_type: string; bytes: number; thumb_bytes: number | null }
      | undefined;
  }

  has(sha256: string): boolean {
    return this.row(sha256) !== undefined;
  }

  /**
   * The blob on disk, fetched first when it is not there (one download per blob however many
   * ask at once). Offline and not cached: a `ConsoleError('offline')`.
   */
  ensure(sha256: string, client: ServiceClient, now: () => number): Promise<CachedBlob> {
    const running = this.inflight.get(sha256);
    if (running) return running;
    const p = this.ensureOnce(sha256, client, now).finally(() => this.inflight.delete(sha256));
    this.inflight.set(sha256, p);
    return p;
  }

  private async ensureOnce(sha256: string, client: ServiceClient, now: () => number): Promise<CachedBlob> {
    const cached = this.row(sha256);
    if (cached !== undefined) {
      const size = await stat(this.pathOf(sha256)).then((s) => s.size, () => -1);
      if (size === cached.bytes) {
        this.touch(sha256, now());
        return { mediaType: cached.media_type, bytes: cached.bytes, path: this.pathOf(sha256) };
      }
      // Missing or cut short on disk: forget it and fetch it again.
      this.db.prepare('DELETE FROM evidence_cache WHERE sha256 = ?').run(sha256);
    }
    const blob = await this.download(sha256, client);
    const file = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true, mode: PRIVATE_DIR_MODE });
    await writePrivate(file, blob.bytes);
    const thumbBytes = isImage(blob.mediaType) ? await this.makeThumbnail(sha256, blob.bytes) : null;
    this.db.prepare(`INSERT INTO evidence_cache (sha256, media_type, bytes, fetched_at, used_at, thumb_bytes) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (sha256) DO UPDATE SET media_type = excluded.media_type, bytes = excluded.bytes, fetched_at = excluded.fetched_at,
        used_at = excluded.used_at, thumb_bytes = excluded.thumb_bytes`)
      .run(sha256, blob.mediaType, blob.bytes.length, now(), now(), thumbBytes);
    await this.evict(now());
    return { mediaType: blob.mediaType, bytes: blob.bytes.length, path: file };
  }

  /** Fetches until the bytes hash to `sha256`, at most `MAX_FETCH_ATTEMPTS` times. */
  private async download(sha256: string, client: ServiceClient): Promise<{ bytes: Uint8Array; mediaType: string }> {
    const wrong: string[] = [];
    for (let attempt = 1; attempt <= MAX_FETCH_ATTEMPTS; attempt++) {
      let blob: { bytes: Uint8Array; mediaType: string };
      try {
        blob = await client.evidence(sha256);
      } catch (e) {
        if (e instanceof OfflineError) throw new ConsoleError('offline', `evidence ${sha256.slice(0, 12)}… is not cached and the case service is unreachable`);
        if (e instanceof ServiceRefusal && e.status === 404) throw new ConsoleError('not_found', `the case service has no evidence ${sha256}`);
        throw e;
      }
      const actual = sha256Hex(blob.bytes);
      if (actual === sha256) return blob;
      wrong.push(actual.slice(0, 12));
    }
    throw new ConsoleError('server_error', `evidence ${sha256} arrived with sha256 ${wrong.map((w) => `${w}…`).join(', ')} in ${MAX_FETCH_ATTEMPTS} downloads: refused, nothing cached`);
  }

  /** A WebP thumbnail beside the blob; an image sharp cannot decode simply has none. */
  private async makeThumbnail(sha256: string, bytes: Uint8Array): Promise<number | null> {
    let thumb: Buffer;
    try {
      thumb = await sharp(bytes).autoOrient().resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 72 }).toBuffer();
    } catch {
      return null;
    }
    await writePrivate(this.thumbPathOf(sha256), thumb);
    return thumb.length;
  }

  /** A cached file to serve, or null when it is not in the cache; marks the blob used. */
  file(sha256: string, variant: EvidenceVariant, now: number): EvidenceFile | null {
    const r = this.row(sha256);
    if (!r) return null;
    this.touch(sha256, now);
    if (variant === 'thumb') return r.thumb_bytes === null ? null : { path: this.thumbPathOf(sha256), mediaType: THUMB_TYPE, size: r.thumb_bytes };
    return { path: this.pathOf(sha256), mediaType: r.media_type, size: r.bytes };
  }

  private touch(sha256: string, now: number): void {
    this.db.prepare('UPDATE evidence_cache SET used_at = ? WHERE sha256 = ?').run(now, sha256);
  }

  limitBytes(): number {
    const v = Number(getMeta(this.db, 'evidence_cache_limit'));
    return Number.isSafeInteger(v) && v > 0 ? v : DEFAULT_EVIDENCE_CACHE_BYTES;
  }

  async setLimit(limitBytes: number, now: number): Promise<void> {
    setMeta(this.db, 'evidence_cache_limit', String(limitBytes));
    await this.evict(now);
  }

  usage(now: number): { usedBytes: number; pinnedBytes: number; blobs: number } {
    const all = this.db.prepare('SELECT count(*) AS blobs, coalesce(sum(bytes + coalesce(thumb_bytes, 0)), 0) AS used FROM evidence_cache').get() as { blobs: number; used: number };
    const pinned = pinnedEvidence(this.db, now);
    let pinnedBytes = 0;
    const size = this.db.prepare('SELECT bytes + coalesce(thumb_bytes, 0) FROM evidence_cache WHERE sha256 = ?').pluck();
    for (const sha of pinned) pinnedBytes += (size.get(sha) as number | undefined) ?? 0;
    return { usedBytes: all.used, pinnedBytes, blobs: all.blobs };
  }

  /** Drops least recently used blobs until the cache fits its limit; pinned ones stay even if it never fits. */
  async evict(now: number): Promise<number> {
    const limit = this.limitBytes();
    let used = (this.db.prepare('SELECT coalesce(sum(bytes + coalesce(thumb_bytes, 0)), 0) FROM evidence_cache').pluck().get() as number);
    if (used <= limit) return 0;
    const pinned = pinnedEvidence(this.db, now);
    const byAge = this.db.prepare('SELECT sha256, bytes + coalesce(thumb_bytes, 0) AS size FROM evidence_cache ORDER BY used_at, sha256').all() as { sha256: string; size: number }[];
    let evicted = 0;
    for (const { sha256, size } of byAge) {
      if (used <= limit) break;
      if (pinned.has(sha256) || this.inflight.has(sha256)) continue;
      // The row goes first: a file without a row is only wasted space, a row without a file is refetched.
      this.db.prepare('DELETE FROM evidence_cache WHERE sha256 = ?').run(sha256);
      await rm(this.pathOf(sha256), { force: true });
      await rm(this.thumbPathOf(sha256), { force: true });
      used -= size;
      evicted++;
    }
    return evicted;
  }
}

/** Evidence of the cases the reviewer holds now (claimed online or checked out): what the prefetch fetches. */
export function heldEvidence(db: ReadableDB, now: number): Map<string, string> {
  const ids = db.prepare('SELECT case_id FROM my_leases WHERE expires_at > ?').pluck().all(now) as string[];
  return evidenceOfCases(db, ids);
}

/** Evidence never evicted: cases checked out for offline work, or with a decision of mine waiting to be pushed. */
export function pinnedEvidence(db: ReadableDB, now: number): Set<string> {
  const ids = db.prepare(`SELECT case_id FROM my_leases WHERE mode = 'offline' AND expires_at > ?
    UNION SELECT case_id FROM my_decisions WHERE state = 'pending'`).pluck().all(now) as string[];
  return new Set(evidenceOfCases(db, ids).keys());
}

/** sha256 → media type, for every evidence item of the cases. */
export function evidenceOfCases(db: ReadableDB, caseIds: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of caseIds) for (const e of getCase(db, id)?.case.evidence ?? []) out.set(e.sha256, e.mediaType);
  return out;
}

async function writePrivate(file: string, bytes: Uint8Array): Promise<void> {
  // Write then rename: a crash never leaves a half-written blob under its final name.
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes, { mode: PRIVATE_FILE_MODE });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
