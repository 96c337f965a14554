/**
 * A decision that flags a malicious buyer may cite a reused photo: one of this case's photos
 * matching a photo of another dispute. The service checks the citation on its own hashes
 * before it accepts the decision, so the statement of reasons never cites a match that is not.
 */
import { refusal, type Case, type CaseInput, type DecisionBody, type Refusal } from '../shared/domain';
import { matchable } from '../shared/evidence/matching';
import { hammingDistance, pdqFromHex } from '../shared/evidence/pdq-hash256';
import type { Queryable } from './db/db';
import { evidencePdq } from './evidence';

export async function citationProblem(tx: Queryable, c: Case, body: DecisionBody, maxDistance: number): Promise<Refusal | null> {
  if (body.kind !== 'refund_dispute' || body.outcome.type !== 'flag_malicious_buyer' || !body.outcome.evidenceMatch) return null;
  const cited = body.outcome.evidenceMatch;
  const unfounded = (detail: string) =>
    refusal('evidence_match_unfounded', { sha256: cited.sha256, matchedCaseId: cited.matchedCaseId, matchedSha256: cited.matchedSha256, detail }, `body.outcome.evidenceMatch: ${detail}`);
  if (!c.evidence.some((e) => e.sha256 === cited.sha256)) return unfounded(`photo ${cited.sha256} is not evidence of case ${c.id}`);
  if (cited.matchedCaseId === c.id) return unfounded('the matched photo must come from another case');
  const [other] = await tx.query<{ input: string }>('SELECT input FROM cases WHERE id = $1 AND NOT deleted', [cited.matchedCaseId]);
  if (!other) return unfounded(`no case ${cited.matchedCaseId}`);
  const matched = JSON.parse(other.input) as CaseInput;
  if (!matched.evidence.some((e) => e.sha256 === cited.matchedSha256)) return unfounded(`photo ${cited.matchedSha256} is not evidence of case ${cited.matchedCaseId}`);
  if ((matched.buyer?.id ?? null) === (c.buyer?.id ?? null) && matched.merchant.id === c.merchant.id) {
    return unfounded(`case ${cited.matchedCaseId} has the same buyer and merchant: a photo used again in their own dispute is no reuse`);
  }
  const hashes = await evidencePdq(tx, [cited.sha256, cited.matchedSha256]);
  const a = hashes.get(cited.sha256);
  const b = hashes.get(cited.matchedSha256);
  if (!a || !b) return unfounded('the service holds no perceptual hash of one of the photos');
  if (!matchable(a.quality) || !matchable(b.quality)) return unfounded('a photo\'s hash is of too low a quality to match on');
  const distance = hammingDistance(pdqFromHex(a.hash), pdqFromHex(b.hash));
  if (distance !== cited.distance) return unfounded(`the photos are at distance ${distance}, not ${cited.distance}`);
  if (distance > maxDistance) return unfounded(`the photos are at distance ${distance}, beyond the match distance ${maxDistance}`);
  return null;
}
