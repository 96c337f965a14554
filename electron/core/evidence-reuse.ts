/**
 * Reuse flags offline: an index over the PDQ hashes of every replicated case's photos
 * (`case_photo_hashes`, kept by triggers from the case bodies), held in memory and rebuilt
 * when the table changed since it was built. A photo's matches are the photos of other cases
 * within the match distance, excluding the same buyer's disputes with the same merchant.
 */
import type { KnownBadMatch } from '../../shared/domain';
import { DEFAULT_PDQ_MATCH_DISTANCE, matchable, PdqMatchDistance } from '../../shared/evidence/matching';
import { PDQ_WORDS, pdqFromHex } from '../../shared/evidence/pdq-hash256';
import { PdqIndex } from '../../shared/evidence/pdq-index';
import { isMatchFor, MATCH_DISTANCE_PREF, type CaseReuse, type PhotoMatch } from '../../shared/evidence/reuse';
import { kindCodes, statusCodes } from './db/codes';
import type { ReadableDB } from './db/handles';
import { getPref } from './db/prefs';

interface IndexedPhoto {
  caseSeq: number;
  sha256: string;
}

interface ReuseIndex {
  stamp: string;
  index: PdqIndex;
  photos: IndexedPhoto[];
}

interface CaseFacts {
  id: string;
  kind: number;
  status: number;
  title: string;
  buyer_id: string | null;
  merchant_id: string;
}

const built = new WeakMap<ReadableDB, ReuseIndex>();

function currentIndex(db: ReadableDB): ReuseIndex {
  const s = db.prepare('SELECT count(*) AS n, coalesce(max(id), 0) AS top FROM case_photo_hashes').get() as { n: number; top: number };
  const stamp = `${s.n}:${s.top}`;
  const cached = built.get(db);
  if (cached?.stamp === stamp) return cached;
  const rows = db.prepare('SELECT case_seq, sha256, pdq, quality FROM case_photo_hashes ORDER BY id').all() as Array<{ case_seq: number; sha256: string; pdq: string; quality: number }>;
  const usable = rows.filter((r) => matchable(r.quality));
  const packed = new Uint32Array(usable.length * PDQ_WORDS);
  usable.forEach((r, i) => packed.set(pdqFromHex(r.pdq), i * PDQ_WORDS));
  const index = new PdqIndex();
  index.addPacked(packed);
  const fresh = { stamp, index, photos: usable.map((r) => ({ caseSeq: r.case_seq, sha256: r.sha256 })) };
  built.set(db, fresh);
  return fresh;
}

/** The match distance of this staff member's settings, else the default. */
export function matchDistance(db: ReadableDB, staffId: string): number {
  const set = PdqMatchDistance.safeParse(getPref(db, staffId, MATCH_DISTANCE_PREF));
  return set.success ? set.data : DEFAULT_PDQ_MATCH_DISTANCE;
}

/** Reuse flags of a replicated case's photos (null when the console does not hold the case). */
export function caseReuse(db: ReadableDB, caseId: string, distance: number): CaseReuse | null {
  const head = db.prepare('SELECT seq, kind, buyer_id, merchant_id FROM cases WHERE id = ?').get(caseId) as { seq: number; kind: number; buyer_id: string | null; merchant_id: string } | undefined;
  if (!head) return null;
  const own = db.prepare('SELECT sha256, pdq, quality, known_bad FROM case_photo_hashes WHERE case_seq = ? ORDER BY id').all(head.seq) as Array<{ sha256: string; pdq: string; quality: number; known_bad: string | null }>;
  const { index, photos } = currentIndex(db);
  const facts = db.prepare('SELECT id, kind, status, title, buyer_id, merchant_id FROM cases WHERE seq = ?');
  const factsOf = new Map<number, CaseFacts | undefined>();
  const caseFacts = (seq: number) => {
    if (!factsOf.has(seq)) factsOf.set(seq, facts.get(seq) as CaseFacts | undefined);
    return factsOf.get(seq);
  };
  const seen = new Set<string>();
  const out: CaseReuse = { caseId, kind: kindCodes.value(head.kind), distance, photos: [] };
  for (const p of own) {
    if (seen.has(p.sha256)) continue;
    seen.add(p.sha256);
    const knownBad = p.known_bad ? (JSON.parse(p.known_bad) as KnownBadMatch[]) : [];
    if (!matchable(p.quality)) {
      out.photos.push({ sha256: p.sha256, quality: p.quality, matchable: false, matches: [], knownBad });
      continue;
    }
    const matches: PhotoMatch[] = [];
    const perCase = new Set<string>();
    for (const m of index.within(pdqFromHex(p.pdq), distance)) {
      const photo = photos[m.position] as IndexedPhoto;
      if (photo.caseSeq === head.seq) continue;
      const other = caseFacts(photo.caseSeq);
      if (!other || perCase.has(`${other.id}/${photo.sha256}`)) continue;
      const mine = { buyerId: head.buyer_id, merchantId: head.merchant_id };
      const theirs = { buyerId: other.buyer_id, merchantId: other.merchant_id };
      if (!isMatchFor(mine, theirs)) continue;
      perCase.add(`${other.id}/${photo.sha256}`);
      matches.push({
        caseId: other.id, kind: kindCodes.value(other.kind), status: statusCodes.value(other.status), title: other.title, sha256: photo.sha256,
        distance: m.distance, sameBuyer: head.buyer_id !== null && head.buyer_id === other.buyer_id, sameMerchant: head.merchant_id === other.merchant_id,
      });
    }
    out.photos.push({ sha256: p.sha256, quality: p.quality, matchable: true, matches, knownBad });
  }
  return out;
}
