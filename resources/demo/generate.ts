/**
 * The demo-data generator: realistic cases of all four kinds (domain.md), deterministic
 * from a seed, valid against `CaseInput`, streamed one at a time so a million cases take
 * no more memory than one.
 *
 * Case i is drawn from its own stream (seed, i): the same seed gives the same cases, and a
 * shorter run is a prefix of a longer one. The first five cases of every set are the five
 * typical complaints (`typicalComplaints`).
 */
import type { CaseInput, CaseKind } from '../../shared/domain';
import { buildAppeal } from './appeals';
import type { CaseContext } from './case-common';
import { buildMerchantComplaint } from './complaints';
import { buildRefundDispute } from './disputes';
import { EvidenceIndex } from './evidence';
import type { EvidencePool } from './evidence';
import { drawMerchant } from './parties';
import { Prng } from './prng';
import { CATEGORY_TABLE, KIND_TABLE, REGION_TABLE } from './shares';
import { TYPICAL_COMPLAINT_IDS, typicalComplaints } from './typical';
import { buildViolation } from './violations';

export { typicalComplaints, TYPICAL_COMPLAINT_IDS };

export const DEFAULT_SEED = 1;

const BUILDERS: Readonly<Record<CaseKind, (ctx: CaseContext) => CaseInput>> = {
  violation: buildViolation,
  refund_dispute: buildRefundDispute,
  merchant_complaint: buildMerchantComplaint,
  appeal: buildAppeal,
};

/** Case `index` of the set for (seed, now): what `generateCases` yields at that position past the typical five. */
export function generateCase(index: number, seed: number, now: number, evidence: EvidenceIndex): CaseInput {
  const rng = Prng.of(seed, index);
  const kind = rng.weighted(KIND_TABLE);
  // Region and category follow the published shares for every kind; the store is one of that cell.
  const region = rng.weighted(REGION_TABLE);
  const category = rng.weighted(CATEGORY_TABLE);
  const merchant = drawMerchant(seed, now, region, category, rng);
  return BUILDERS[kind]({ seed, now, index, rng, evidence, region, category, merchant });
}

export function* generateCases(count: number, opts: { seed?: number; now?: number; evidence: EvidencePool }): Generator<CaseInput> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  const now = opts.now ?? Date.now();
  const index = new EvidenceIndex(opts.evidence);
  const typical = typicalComplaints(now, opts.evidence);
  for (let i = 0; i < count; i++) {
    yield i < typical.length ? (typical[i] as CaseInput) : generateCase(i, seed, now, index);
  }
}
