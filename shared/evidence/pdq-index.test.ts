import { describe, expect, it } from 'vitest';
import { PDQ_WORDS } from './pdq-hash256';
import { PdqIndex, byDistanceThenPosition, chunkNeighbours, scanWithin } from './pdq-index';

/** Deterministic 32-bit generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function randomHashes(n: number, next: () => number): Uint32Array {
  const out = new Uint32Array(n * PDQ_WORDS);
  for (let i = 0; i < out.length; i++) out[i] = next();
  return out;
}

/** Near-duplicates: each seed copied many times with a few to ~40 bits flipped, spread over every chunk. */
function clusteredHashes(seeds: number, copies: number, next: () => number): Uint32Array {
  const base = randomHashes(seeds, next);
  const out = new Uint32Array(seeds * copies * PDQ_WORDS);
  for (let s = 0; s < seeds; s++) {
    for (let c = 0; c < copies; c++) {
      const at = (s * copies + c) * PDQ_WORDS;
      out.set(base.subarray(s * PDQ_WORDS, (s + 1) * PDQ_WORDS), at);
      const flips = next() % 41;
      for (let f = 0; f < flips; f++) {
        const bit = next() % 256;
        out[at + (bit >> 5)] = ((out[at + (bit >> 5)] as number) ^ (1 << (bit & 31))) >>> 0;
      }
    }
  }
  return out;
}

const hashAt = (packed: Uint32Array, i: number) => packed.slice(i * PDQ_WORDS, (i + 1) * PDQ_WORDS);

function expectSameAsScan(packed: Uint32Array, queries: Uint32Array[], distances: number[]): number {
  const index = new PdqIndex();
  index.addPacked(packed);
  const n = packed.length / PDQ_WORDS;
  let found = 0;
  for (const d of distances) {
    for (const q of queries) {
      const expected = scanWithin(packed, n, q, d).sort(byDistanceThenPosition);
      expect(index.within(q, d), `d = ${d}`).toEqual(expected);
      found += expected.length;
    }
  }
  return found;
}

describe('PdqIndex (multi-index hashing) answers exactly what a linear scan answers', () => {
  const distances = [0, 1, 15, 16, 17, 31, 32, 47, 63];

  it('on random hashes, queried with stored hashes and with near copies of them', () => {
    const next = random(1);
    const packed = randomHashes(20_000, next);
    const queries: Uint32Array[] = [];
    for (let i = 0; i < 20; i++) {
      const q = hashAt(packed, next() % 20_000);
      // 31 bits flipped, two per chunk but one: only a radius-1 probe of the one chunk finds it at d = 31.
      if (i % 2) for (let c = 0; c < 16; c++) for (let b = 0; b < (c === 5 ? 1 : 2); b++) q[c >> 1] = ((q[c >> 1] as number) ^ (1 << ((c & 1) * 16 + b * 7))) >>> 0;
      queries.push(q);
    }
    queries.push(...randomHashes(5, next).reduce<Uint32Array[]>((all, _, i, arr) => (i % PDQ_WORDS ? all : [...all, arr.slice(i, i + PDQ_WORDS)]), []));
    expect(expectSameAsScan(packed, queries, distances)).toBeGreaterThan(0);
  });

  it('on clustered hashes: many near-duplicates of a few photos', () => {
    const next = random(2);
    const packed = clusteredHashes(40, 300, next);
    const queries = Array.from({ length: 30 }, () => hashAt(packed, next() % (40 * 300)));
    const found = expectSameAsScan(packed, queries, distances);
    // The set is made to have matches at every distance asked: many within 31.
    expect(found).toBeGreaterThan(30 * 100);
  });

  it('finds hashes added after the build, and rebuilds when they outgrow the tables', () => {
    const next = random(3);
    const packed = clusteredHashes(10, 100, next);
    const index = new PdqIndex();
    index.addPacked(packed.subarray(0, 500 * PDQ_WORDS));
    for (let i = 500; i < 1000; i++) expect(index.add(hashAt(packed, i))).toBe(i);
    for (let i = 0; i < 1000; i += 97) {
      const q = hashAt(packed, i);
      expect(index.within(q, 31)).toEqual(scanWithin(packed, 1000, q, 31).sort(byDistanceThenPosition));
    }
    const more = clusteredHashes(10, 600, next);
    for (let i = 0; i < 6000; i++) index.add(hashAt(more, i));
    const all = new Uint32Array([...packed, ...more]);
    const q = hashAt(more, 42);
    expect(index.within(q, 31)).toEqual(scanWithin(all, 7000, q, 31).sort(byDistanceThenPosition));
    expect(index.size).toBe(7000);
  });

  it('probes every value within the radius of each chunk, and refuses a distance that is not one', () => {
    expect(chunkNeighbours(0x1234, 0)).toEqual([0x1234]);
    const r1 = chunkNeighbours(0x1234, 1);
    expect(new Set(r1).size).toBe(17);
    expect(new Set(chunkNeighbours(0xffff, 2)).size).toBe(1 + 16 + 120);
    const index = new PdqIndex();
    expect(() => index.within(new Uint32Array(PDQ_WORDS), -1)).toThrow(/distance -1/);
    expect(() => index.within(new Uint32Array(PDQ_WORDS), 2.5)).toThrow(/whole number/);
    expect(() => index.add(new Uint32Array(7))).toThrow(/7 words/);
  });
});
