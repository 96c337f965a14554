/**
 * What the service adds to a case's evidence at ingest: each image's PDQ hash (computed when
 * its blob was uploaded) and the known-bad entries it matches. Whatever a platform sent in
 * those fields is replaced, so consoles see only the service's own facts.
 */
import type { CaseInput, EvidenceRef } from '../shared/domain';
import type { Queryable } from './db/db';
import { evidencePdq } from './evidence';
import type { KnownBadMatcher } from './known-bad';

export async function withEvidenceFacts(tx: Queryable, cases: readonly CaseInput[], knownBad: KnownBadMatcher): Promise<CaseInput[]> {
  const hashes = await evidencePdq(tx, cases.flatMap((c) => c.evidence.filter((e) => e.mediaType.startsWith('image/')).map((e) => e.sha256)));
  return cases.map((c) => ({ ...c, evidence: c.evidence.map((e) => factsOf(e, hashes.get(e.sha256), knownBad)) }));
}

function factsOf(sent: EvidenceRef, hash: EvidenceRef['pdq'], knownBad: KnownBadMatcher): EvidenceRef {
  const { pdq: _pdq, knownBad: _knownBad, ...e } = sent;
  if (!hash) return e;
  const bad = knownBad(hash.hash, hash.quality);
  return bad.length > 0 ? { ...e, pdq: hash, knownBad: bad } : { ...e, pdq: hash };
}
