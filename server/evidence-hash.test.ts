import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdqFromHex, hammingDistance } from '../shared/evidence/pdq-hash256';
import { referenceImages } from '../test-support/pdq-reference';
import { PDQ_DECODER, hashEvidenceImage } from './evidence-hash';

describe('PDQ against the reference hashes (shared/pdq-reference)', () => {
  it('is within distance 10 of the reference for every image of quality ≥ 80, and gives the reference qualities their meaning', async () => {
    const rows: string[] = [];
    const refs = referenceImages();
    expect(refs.length).toBeGreaterThanOrEqual(29);
    let judged = 0;
    for (const ref of refs) {
      const got = await hashEvidenceImage(ref.path);
      const distance = hammingDistance(pdqFromHex(got.pdq), pdqFromHex(ref.pdq));
      rows.push(`${ref.image.padEnd(36)} distance ${String(distance).padStart(2)}  quality ${got.quality}`);
      if (got.quality >= 80) {
        judged++;
        expect(distance, ref.image).toBeLessThanOrEqual(10);
      }
    }
    console.log(`PDQ conformance (${PDQ_DECODER}):\n${rows.join('\n')}`);
    expect(judged).toBeGreaterThanOrEqual(25);
  });

  it('gives low quality to the tiny and the low-detail images, which must not be matched on', async () => {
    const refs = referenceImages();
    const q = async (name: string) => (await hashEvidenceImage(refs.find((r) => r.image.endsWith(name))?.path ?? name)).quality;
    expect(await q('misc-images/small.jpg')).toBeLessThan(50);
    expect(await q('labelme-subset/q0003.jpg')).toBeLessThan(50);
    expect(await q('bridge-mods/aaa-orig.jpg')).toBeGreaterThanOrEqual(80);
  });

  it('hashes bytes as it hashes the file, and the photo as displayed (EXIF orientation applied)', async () => {
    const ref = referenceImages().find((r) => r.image === 'dih/bridge-1-original.jpg');
    if (!ref) throw new Error('reference image missing');
    const bytes = readFileSync(ref.path);
    const fromFile = await hashEvidenceImage(ref.path);
    expect(await hashEvidenceImage(bytes)).toEqual(fromFile);
    // The same photo stored turned a quarter (pixels rotated 270°) with an EXIF tag that turns it back.
    const storedSideways = await sharp(bytes).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const sideways = await hashEvidenceImage(storedSideways);
    expect(hammingDistance(pdqFromHex(sideways.pdq), pdqFromHex(fromFile.pdq))).toBeLessThanOrEqual(16);
    expect(fromFile.decoder).toMatch(/^sharp \d+\.\d+\.\d+ \/ libvips \d+\.\d+\.\d+$/);
  });

  it('hashes a 16-bit PNG as its 8-bit original, and a grey copy near it', async () => {
    const ref = referenceImages().find((r) => r.image === 'labelme-subset/q0122.jpg');
    if (!ref) throw new Error('reference image missing');
    const original = await hashEvidenceImage(ref.path);
    const png16 = await sharp(ref.path).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    expect((await hashEvidenceImage(png16)).pdq).toBe(original.pdq);
    const grey = await hashEvidenceImage(await sharp(ref.path).greyscale().jpeg({ quality: 90 }).toBuffer());
    expect(hammingDistance(pdqFromHex(grey.pdq), pdqFromHex(original.pdq))).toBeLessThanOrEqual(31);
  });

  it('rejects what is not an image, with the decoder\'s reason', async () => {
    await expect(hashEvidenceImage(Buffer.from('not an image'))).rejects.toThrow(/unsupported image format/i);
  });
});
