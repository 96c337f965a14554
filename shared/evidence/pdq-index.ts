/**
 * "Every hash within Hamming distance d of this one" among millions of PDQ hashes, by
 * multi-index hashing (Norouzi et al.; FAISS `IndexBinaryMultiHash`; ThreatExchange
 * `pdq/README-MIH.md`): the 256 bits are cut into 16 chunks of 16 bits, with one table per
 * chunk from chunk value to the hashes that have it. Two hashes within d differ in at most
 * floor(d / 16) bits in at least one chunk (else they would differ in at least
 * 16 × (floor(d / 16) + 1) > d bits), so probing each table at every value within that radius
 * of the query's chunk finds every match; the candidates are then checked on all 256 bits.
 * The answer is exactly a linear scan's (`scanWithin`), in the same order.
 *
 * Hashes are stored packed, 8 words each; each table is a bucketed array (offsets by chunk
 * value, then positions), rebuilt when hashes added since the last build outgrow a share of
 * the whole; until then those recent hashes are scanned.
 */
import { PDQ_WORDS, hammingAt, type PdqWords } from './pdq-hash256';

export interface PdqMatch {
  /** The hash's position in the index: the order of `add`. */
  position: number;
  distance: number;
}

const CHUNKS = 16;
const CHUNK_VALUES = 1 << 16;
/** Radius above which the neighbour lists grow past a few thousand per chunk: scan instead. */
const MAX_PROBE_RADIUS = 2;

function chunkOf(hashes: Uint32Array, position: number, chunk: number): number {
  return ((hashes[position * PDQ_WORDS + (chunk >> 1)] as number) >>> ((chunk & 1) * 16)) & 0xffff;
}

/** Every 16-bit value within `radius` bits of `value`, `value` first. */
export function chunkNeighbours(value: number, radius: number): number[] {
  const out = [value];
  const flip = (from: number, v: number, left: number) => {
    for (let bit = from; bit < 16; bit++) {
      const w = v ^ (1 << bit);
      out.push(w);
      if (left > 1) flip(bit + 1, w, left - 1);
    }
  };
  if (radius > 0) flip(0, value, radius);
  return out;
}

function checkDistance(d: number): void {
  if (!Number.isInteger(d) || d < 0 || d > 256) throw new Error(`distance ${d}: expected a whole number from 0 to 256`);
}

/** The baseline: every hash of `hashes` (packed, 8 words each) within `d` of `query`, by position. */
export function scanWithin(hashes: Uint32Array, count: number, query: PdqWords, d: number, from = 0): PdqMatch[] {
  checkDistance(d);
  const out: PdqMatch[] = [];
  for (let i = from; i < count; i++) {
    const distance = hammingAt(hashes, i, query, 0);
    if (distance <= d) out.push({ position: i, distance });
  }
  return out;
}

export class PdqIndex {
  private hashes = new Uint32Array(PDQ_WORDS * 1024);
  private count = 0;
  /** Hashes [0, built) are in the tables; [built, count) are scanned. */
  private built = 0;
  /** Per chunk: CHUNK_VALUES + 1 offsets into the positions of that chunk. */
  private offsets: Uint32Array[] = [];
  private positions: Uint32Array[] = [];
  /** Stamps of the last query that saw each position, to take each candidate once. */
  private seen = new Uint32Array(0);
  private stamp = 0;

  get size(): number {
    return this.count;
  }

  /** Bytes held by the hashes and tables. */
  get memoryBytes(): number {
    let bytes = this.hashes.byteLength + this.seen.byteLength;
    for (let c = 0; c < this.offsets.length; c++) bytes += (this.offsets[c] as Uint32Array).byteLength + (this.positions[c] as Uint32Array).byteLength;
    return bytes;
  }

  /** Adds one hash; returns its position. */
  add(hash: PdqWords): number {
    if (hash.length !== PDQ_WORDS) throw new Error(`PdqIndex.add: ${hash.length} words; a PDQ hash has ${PDQ_WORDS}`);
    if ((this.count + 1) * PDQ_WORDS > this.hashes.length) {
      const grown = new Uint32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes.set(hash, this.count * PDQ_WORDS);
    return this.count++;
  }

  /** Adds many hashes packed 8 words each, then builds the tables. */
  addPacked(packed: Uint32Array): void {
    if (packed.length % PDQ_WORDS !== 0) throw new Error(`PdqIndex.addPacked: ${packed.length} words is not a whole number of hashes`);
    const n = packed.length / PDQ_WORDS;
    if ((this.count + n) * PDQ_WORDS > this.hashes.length) {
      const grown = new Uint32Array(Math.max(this.hashes.length * 2, (this.count + n) * PDQ_WORDS));
      grown.set(this.hashes.subarray(0, this.count * PDQ_WORDS));
      this.hashes = grown;
    }
    this.hashes.set(packed, this.count * PDQ_WORDS);
    this.count += n;
    this.build();
  }

  /** Puts every hash into the tables (a counting sort per chunk: two passes over the hashes). */
  build(): void {
    const n = this.count;
    this.offsets = [];
    this.positions = [];
    for (let c = 0; c < CHUNKS; c++) {
      const offsets = new Uint32Array(CHUNK_VALUES + 1);
      for (let i = 0; i < n; i++) {
        const v = chunkOf(this.hashes, i, c) + 1;
        offsets[v] = (offsets[v] as number) + 1;
      }
      for (let v = 0; v < CHUNK_VALUES; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
      const fill = offsets.slice(0, CHUNK_VALUES);
      const positions = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const v = chunkOf(this.hashes, i, c);
        positions[fill[v] as number] = i;
        fill[v] = (fill[v] as number) + 1;
      }
      this.offsets.push(offsets);
      this.positions.push(positions);
    }
    this.seen = new Uint32Array(n);
    this.stamp = 0;
    this.built = n;
  }

  /** Every hash within `d` of `query`, by distance then position (as `scanWithin`, sorted the same way). */
  within(query: PdqWords, d: number): PdqMatch[] {
    checkDistance(d);
    if (this.count - this.built > Math.max(4096, this.built >> 4)) this.build();
    const radius = Math.floor(d / CHUNKS);
    const out = radius > MAX_PROBE_RADIUS ? scanWithin(this.hashes, this.built, query, d) : this.probe(query, d, radius);
    out.push(...scanWithin(this.hashes, this.count, query, d, this.built));
    return out.sort(byDistanceThenPosition);
  }

  private probe(query: PdqWords, d: number, radius: number): PdqMatch[] {
    const out: PdqMatch[] = [];
    if (this.built === 0) return out;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const { seen, stamp, hashes } = this;
    for (let c = 0; c < CHUNKS; c++) {
      const offsets = this.offsets[c] as Uint32Array;
      const positions = this.positions[c] as Uint32Array;
      for (const v of chunkNeighbours(chunkOf(query, 0, c), radius)) {
        const end = offsets[v + 1] as number;
        for (let k = offsets[v] as number; k < end; k++) {
          const i = positions[k] as number;
          if (seen[i] === stamp) continue;
          seen[i] = stamp;
          const distance = hammingAt(hashes, i, query, 0);
          if (distance <= d) out.push({ position: i, distance });
        }
      }
    }
    return out;
  }
}

export function byDistanceThenPosition(a: PdqMatch, b: PdqMatch): number {
  return a.distance - b.distance || a.position - b.position;
}
