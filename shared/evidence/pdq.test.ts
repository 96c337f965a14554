import { describe, expect, it } from 'vitest';
import { jaroszWindow, lowerMedian, lumaFromPixels, pdqFromLuma } from './pdq';
import { hammingDistance, hashFromBits, pdqFromHex, pdqToHex, popcount32 } from './pdq-hash256';

/** A luminance scene: a few soft blobs and bars, enough detail for a quality score of 100. */
function scene(width: number, height: number, shift = 0): Float32Array {
  const luma = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      luma[y * width + x] = 128 + 60 * Math.sin(9 * u + 4 * v) + 50 * Math.cos(13 * v - 5 * u * u) + (u > 0.3 && u < 0.4 ? 40 : 0) + shift;
    }
  }
  return luma;
}

describe('PDQ over luminance', () => {
  it('writes and reads the reference hex form: bit 0 is the lowest bit of the last digit', () => {
    const bits = Array.from({ length: 256 }, (_, k) => k === 0 || k === 255 || k === 17);
    const hex = pdqToHex(hashFromBits(bits));
    expect(hex).toBe(`8${'0'.repeat(58)}20001`);
    expect(pdqToHex(pdqFromHex(hex.toUpperCase()))).toBe(hex);
    expect(() => pdqFromHex('abc')).toThrow(/64 hex digits/);
    expect(popcount32(0xffffffff)).toBe(32);
  });

  it('takes the lower middle value as the median, as Torben\'s method does, so half the bits are set', () => {
    expect(lowerMedian(Float32Array.from([4, 1, 3, 2]))).toBe(2);
    const { words } = pdqFromLuma(scene(300, 200), 300, 200);
    expect(hammingDistance(words, new Uint32Array(8))).toBe(128);
  });

  it('gives the same hash to the same scene at another size, a brightness shift, and a far one to its mirror', () => {
    const a = pdqFromLuma(scene(480, 320), 480, 320);
    const b = pdqFromLuma(scene(240, 160), 240, 160);
    const brighter = pdqFromLuma(scene(480, 320, 20), 480, 320);
    const mirrored = scene(480, 320);
    for (let y = 0; y < 320; y++) mirrored.subarray(y * 480, (y + 1) * 480).reverse();
    expect(a.quality).toBe(100);
    expect(hammingDistance(a.words, b.words)).toBeLessThanOrEqual(16);
    expect(hammingDistance(a.words, brighter.words)).toBeLessThanOrEqual(4);
    expect(hammingDistance(a.words, pdqFromLuma(mirrored, 480, 320).words)).toBeGreaterThan(64);
    expect(jaroszWindow(1600, 64)).toBe(13);
  });

  it('gives a flat image quality 0, and an image under 5 pixels a side the zero hash', () => {
    expect(pdqFromLuma(new Float32Array(100 * 80).fill(90), 100, 80).quality).toBe(0);
    expect(pdqFromLuma(scene(4, 40), 4, 40)).toEqual({ words: new Uint32Array(8), quality: 0 });
  });

  it('computes luma from RGB and grey, and says what is wrong with bad pixels', () => {
    expect(Array.from(lumaFromPixels(Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255]), 3, 1, 3)).map((v) => Math.round(v * 1000))).toEqual([76245, 149685, 29070]);
    expect(Array.from(lumaFromPixels(Uint8Array.from([7, 255, 9, 255]), 2, 1, 2))).toEqual([7, 9]);
    expect(() => lumaFromPixels(new Uint8Array(5), 2, 1, 3)).toThrow(/5 bytes for 2×1×3/);
    expect(() => lumaFromPixels(new Uint8Array(6), 2, 1, 5)).toThrow(/5 channels/);
  });
});
