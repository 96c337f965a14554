/**
 * Reuse flags in the console, from replicated cases in a real SQLite database: the photo hash
 * table follows the case bodies the sync engine writes, and the index answers as a scan would.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Case, EvidenceRef } from '../../shared/domain';
import { caseWriter } from './db/cases';
import { openDatabase, type Db } from './db/open';
import { setPref } from './db/prefs';
import { caseReuse, matchDistance } from './evidence-reuse';
import { makeCase } from './testing/fixtures';
import { tempDir } from './testing/tmp';

const tmp = tempDir();
afterAll(() => tmp.remove());

const hex = (fill: string) => fill.repeat(64);
/** `base` with its first `bits` bits (from the end of the hex form) flipped. */
function flipped(base: string, bits: number): string {
  const digits = base.split('').map((d) => Number.parseInt(d, 16));
  for (let b = 0; b < bits; b++) {
    const at = 63 - (b >> 2);
    digits[at] = (digits[at] as number) ^ (1 << (b & 3));
  }
  return digits.map((d) => d.toString(16)).join('');
}
const ORIGINAL = '5'.repeat(64);
const photo = (sha: string, hash: string, quality = 90): EvidenceRef => ({
  sha256: hex(sha), mediaType: 'image/jpeg', party: 'buyer', caption: '照片', bytes: 1000, pdq: { hash, quality, decoder: 'sharp 0.35.5 / libvips 8.18.7' },
});
const dispute = (n: number, buyerId: string, merchantId: string, evidence: EvidenceRef[]): Case => ({ ...makeCase(n, { kind: 'refund_dispute', status: 'open', buyerId, merchantId }), evidence });

let db: Db;
let n = 0;
beforeEach(() => {
  db?.close();
  db = openDatabase(tmp.file(`reuse${++n}.db`));
});

const put = (...cases: Case[]) => {
  const w = caseWriter(db);
  db.transaction(() => cases.forEach((c) => w.upsert({ type: 'upsert', case: c, lease: null })))();
};
const matchesOf = (caseId: string, d = 31) => caseReuse(db, caseId, d)?.photos.map((p) => [p.sha256.slice(0, 1), p.matches.map((m) => [m.caseId, m.distance])]);

describe('photo reuse in the console', () => {
  it("flags a photo that another buyer's or another merchant's dispute holds within the distance, not the same pair's own", () => {
    put(
      dispute(1, 'B1', 'M1', [photo('a', ORIGINAL)]),
      dispute(2, 'B2', 'M1', [photo('b', flipped(ORIGINAL, 18))]), // another buyer
      dispute(3, 'B1', 'M2', [photo('a', ORIGINAL)]), // the same buyer against another merchant
      dispute(4, 'B1', 'M1', [photo('a', ORIGINAL)]), // the same buyer and merchant again: no reuse
      dispute(5, 'B5', 'M5', [photo('c', flipped(ORIGINAL, 50))]), // too far: 50 from the original, 32 from the copy
    );
    expect(matchesOf('C00000001')).toEqual([['a', [['C00000003', 0], ['C00000002', 18]]]]);
    expect(matchesOf('C00000002')).toEqual([['b', [['C00000001', 18], ['C00000003', 18], ['C00000004', 18]]]]);
    expect(matchesOf('C00000005')).toEqual([['c', []]]);
    expect(matchesOf('C00000005', 40)).toEqual([['c', [['C00000002', 32]]]]);
  });

  it('never matches a photo of quality below 50, and follows the case bodies as they change and go', () => {
    put(dispute(1, 'B1', 'M1', [photo('a', ORIGINAL)]), dispute(2, 'B2', 'M2', [photo('b', ORIGINAL, 40)]));
    expect(caseReuse(db, 'C00000002', 31)?.photos).toEqual([{ sha256: hex('b'), quality: 40, matchable: false, matches: [], knownBad: [] }]);
    expect(matchesOf('C00000001')).toEqual([['a', []]]);
    put(dispute(2, 'B2', 'M2', [photo('b', ORIGINAL, 80)]));
    expect(matchesOf('C00000001')).toEqual([['a', [['C00000002', 0]]]]);
    caseWriter(db).remove('C00000002');
    expect(matchesOf('C00000001')).toEqual([['a', []]]);
    expect(db.prepare('SELECT count(*) FROM case_photo_hashes').pluck().get()).toBe(1);
  });

  it("takes the match distance from the staff member's settings, else 31", () => {
    expect(matchDistance(db, 'arb-1')).toBe(31);
    setPref(db, 'arb-1', 'evidence.matchDistance', 20, 0);
    expect(matchDistance(db, 'arb-1')).toBe(20);
    setPref(db, 'arb-1', 'evidence.matchDistance', 'far', 0);
    expect(matchDistance(db, 'arb-1')).toBe(31);
  });
});
