/**
 * A small seeded PRNG (mulberry32) and the draws the generator needs. Every case gets its
 * own stream derived from (seed, case index), so case N is the same whatever the count
 * and can be produced without producing the cases before it.
 */

/** Mixes two 32-bit integers into one well-spread 32-bit seed (murmur3 finaliser). */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A table of outcomes with weights (shares in percent or any positive scale). */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  /** Cumulative weights normalised to end at 1. */
  readonly cumulative: readonly number[];
}

export function weightedTable<T extends string | number>(weights: Readonly<Record<T, number>> | ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  const entries: ReadonlyArray<readonly [T, number]> = Array.isArray(weights)
    ? (weights as ReadonlyArray<readonly [T, number]>)
    : (Object.entries(weights) as Array<[T, number]>);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (!(total > 0)) throw new Error('a weighted table needs a positive total weight');
  let acc = 0;
  const cumulative = entries.map(([, w]) => (acc += w) / total);
  cumulative[cumulative.length - 1] = 1;
  return { values: entries.map(([v]) => v), cumulative };
}

export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream for one item of a sequence (case index, merchant index…). */
  static of(seed: number, ...path: number[]): Prng {
    let s = mixSeed(seed >>> 0, 0x5eed);
    for (const p of path) s = mixSeed(s, p >>> 0);
    return new Prng(s);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(table: WeightedTable<T>): T {
    const u = this.next();
    const c = table.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < (c[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return table.values[lo] as T;
  }

  /** Index in [0, n) skewed towards 0: a few merchants and buyers account for many cases. */
  skewed(n: number, power = 2.2): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.next(), power)));
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-uniform between min and max (follower counts, prices spanning magnitudes). */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 10);
    return s;
  }

  /** An RFC 4122 version-4 UUID drawn from this stream (deterministic, unlike crypto.randomUUID). */
  uuid(): string {
    const hex = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
      return s;
    };
    const variant = (8 + Math.floor(this.next() * 4)).toString(16);
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
  }
}
