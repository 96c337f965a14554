import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Prng, weightedTable } from './prng';

describe('Prng', () => {
  it('repeats a stream for the same seed and path, and differs for another', () => {
    const draw = (p: Prng) => Array.from({ length: 5 }, () => p.next());
    expect(draw(Prng.of(1, 2, 3))).toEqual(draw(Prng.of(1, 2, 3)));
    expect(draw(Prng.of(1, 2, 3))).not.toEqual(draw(Prng.of(1, 2, 4)));
    expect(draw(Prng.of(1, 2))).not.toEqual(draw(Prng.of(2, 2)));
  });

  it('draws integers within bounds, both ends reached', () => {
    const rng = new Prng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const n = rng.int(3, 6);
      expect(n >= 3 && n <= 6 && Number.isInteger(n)).toBe(true);
      seen.add(n);
    }
    expect(seen).toEqual(new Set([3, 4, 5, 6]));
  });

  it('follows the weights of a table', () => {
    const table = weightedTable({ a: 70, b: 20, c: 10 });
    const rng = new Prng(99);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[rng.weighted(table)]++;
    expect(Math.abs(counts.a / 20_000 - 0.7)).toBeLessThan(0.02);
    expect(Math.abs(counts.c / 20_000 - 0.1)).toBeLessThan(0.02);
    expect(() => weightedTable({ a: 0 })).toThrow(/positive/);
  });

  it('makes valid version-4 UUIDs', () => {
    const rng = new Prng(5);
    for (let i = 0; i < 200; i++) expect(z.uuid().safeParse(rng.uuid()).success).toBe(true);
  });
});
