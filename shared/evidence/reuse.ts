/**
 * The console's answer to "was this case's photo seen in another dispute?": per photo of the
 * case, the photos of other cases within the match distance (by another buyer, or against
 * another merchant) and the known-bad entries the service flagged at ingest.
 */
import { z } from 'zod';
import { KnownBadMatch } from '../domain/cases';
import { EntityId, Sha256Hex } from '../domain/primitives';
import { CaseKind, CaseStatus } from '../domain/taxonomy';

export const PhotoMatch = z.object({
  caseId: EntityId,
  kind: CaseKind,
  status: CaseStatus,
  title: z.string(),
  sha256: Sha256Hex,
  distance: z.number().int().min(0).max(256),
  sameBuyer: z.boolean(),
  sameMerchant: z.boolean(),
});
export type PhotoMatch = z.infer<typeof PhotoMatch>;

export const PhotoReuse = z.object({
  sha256: Sha256Hex,
  quality: z.number().int().min(0).max(100),
  /** Quality below the minimum: the photo is never matched, and the flag says so. */
  matchable: z.boolean(),
  matches: z.array(PhotoMatch),
  knownBad: z.array(KnownBadMatch),
});
export type PhotoReuse = z.infer<typeof PhotoReuse>;

export const CaseReuse = z.object({
  caseId: EntityId,
  kind: CaseKind,
  distance: z.number().int(),
  /** Photos of the case with a PDQ hash; photos without one are not listed. */
  photos: z.array(PhotoReuse),
});
export type CaseReuse = z.infer<typeof CaseReuse>;

/** The console settings key of the match distance (a whole number, 0–64; default 31). */
export const MATCH_DISTANCE_PREF = 'evidence.matchDistance';

export const isMatchFor = (c: { buyerId: string | null; merchantId: string }, other: { buyerId: string | null; merchantId: string }) =>
  !(c.buyerId === other.buyerId && c.merchantId === other.merchantId);
