/** The console's evidence cache and its background prefetch, as the status bar and settings show them. */
import { z } from 'zod';

export const MIN_EVIDENCE_CACHE_BYTES = 64 * 1024 * 1024;
export const MAX_EVIDENCE_CACHE_BYTES = 1024 * 1024 * 1024 * 1024;
/** 4 GiB: a day's claimed disputes with their videos, on any laptop disk. */
export const DEFAULT_EVIDENCE_CACHE_BYTES = 4 * 1024 * 1024 * 1024;

export const EvidencePrefetchStatus = z.object({
  /** Blobs of claimed and checked-out cases not yet in the cache, this round. */
  wanted: z.number().int().min(0),
  fetched: z.number().int().min(0),
  /** Blobs given up on this round (service refused, or bytes kept not matching their sha256). */
  failed: z.number().int().min(0),
  running: z.boolean(),
  /** The last failure, for the status bar's tooltip. */
  lastError: z.string().nullable(),
});
export type EvidencePrefetchStatus = z.infer<typeof EvidencePrefetchStatus>;

export const EvidenceCacheStatus = z.object({
  limitBytes: z.number().int(),
  usedBytes: z.number().int(),
  /** Bytes of blobs never evicted now: cases with a pending decision or checked out. */
  pinnedBytes: z.number().int(),
  blobs: z.number().int(),
  prefetch: EvidencePrefetchStatus,
});
export type EvidenceCacheStatus = z.infer<typeof EvidenceCacheStatus>;
