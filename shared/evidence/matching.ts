/**
 * When two PDQ hashes count as the same photo, shared by the case service (known-bad lists,
 * citations) and the console (reuse flags): the reference's own thresholds.
 */
import { z } from 'zod';

/** Two images match at Hamming distance ≤ 31 by default (the service and the console settings can change it). */
export const DEFAULT_PDQ_MATCH_DISTANCE = 31;
/** Hashes below this quality (flat or tiny images) are never matched: their bits are mostly noise. */
export const PDQ_MIN_QUALITY = 50;

/** A configured match distance: a whole number of bits, at most a quarter of the hash (beyond that, unrelated photos match). */
export const PdqMatchDistance = z.number().int().min(0).max(64);

export const matchable = (quality: number): boolean => quality >= PDQ_MIN_QUALITY;
