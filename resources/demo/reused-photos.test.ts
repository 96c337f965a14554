import { describe, expect, it } from 'vitest';
import { hammingDistance, pdqFromHex } from '../../shared/evidence/pdq-hash256';
import sharp from 'sharp';
import { PDQ_DECODE_MAX_SIDE, evidencePdqFromPixels } from '../../shared/evidence/pdq-decode';
import { generateEvidencePool } from './evidence';
import { generateCases } from './generate';
import { plantReusedPhotos } from './reused-photos';
import { TEST_NOW } from './test-fixtures';

/** As the case service decodes (server/evidence-hash.ts, which this layer may not import). */
async function hashEvidenceImage(bytes: Buffer) {
  const { data, info } = await sharp(bytes).autoOrient().resize(PDQ_DECODE_MAX_SIDE, PDQ_DECODE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return evidencePdqFromPixels({ data, width: info.width, height: info.height, channels: info.channels }, 'sharp');
}

describe('reused photos in the demo', () => {
  it('gives three disputes of different buyers one photo, recompressed and cropped, within the match distance', async () => {
    const pool = await generateEvidencePool({ size: 24 });
    const cases = [...generateCases(60, { seed: 1, now: TEST_NOW, evidence: pool })];
    const planted = await plantReusedPhotos(cases, pool);
    expect(planted?.caseIds).toHaveLength(3);
    const [original, ...copies] = await Promise.all((planted?.photos ?? []).map((p) => hashEvidenceImage(p.bytes)));
    expect(new Set(planted?.photos.map((p) => p.sha256)).size).toBe(3);
    for (const copy of copies) {
      const d = hammingDistance(pdqFromHex(original?.pdq ?? ''), pdqFromHex(copy.pdq));
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThanOrEqual(31);
    }
    // None is a pool image: the pool's photos carry no hash in the demo's cases.
    const poolShas = new Set(pool.images.map((i) => i.sha256));
    expect(planted?.photos.some((p) => poolShas.has(p.sha256))).toBe(false);
  }, 60_000);
});
