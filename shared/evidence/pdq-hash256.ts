/**
 * A 256-bit PDQ hash: eight 32-bit words, its hex form and Hamming distance. The hex form is the
 * reference's: 64 digits, most significant first, bit k of the hash being bit k of the 256-bit
 * number (so bit 0 is the last digit's lowest bit).
 */

/** Eight words; bit k of the hash is bit (k & 31) of word (k >> 5). */
export type PdqWords = Uint32Array;

export const PDQ_WORDS = 8;
const HEX = /^[0-9a-f]{64}$/i;

export function hashFromBits(bits: readonly boolean[]): PdqWords {
  if (bits.length !== 256) throw new Error(`hashFromBits: ${bits.length} bits; a PDQ hash has 256`);
  const words = new Uint32Array(PDQ_WORDS);
  for (let k = 0; k < 256; k++) if (bits[k]) words[k >> 5] = ((words[k >> 5] as number) | (1 << (k & 31))) >>> 0;
  return words;
}

export function pdqToHex(words: PdqWords): string {
  let hex = '';
  for (let w = PDQ_WORDS - 1; w >= 0; w--) hex += (words[w] as number).toString(16).padStart(8, '0');
  return hex;
}

/** Parses 64 hex digits; throws a message naming what is wrong. */
export function pdqFromHex(hex: string): PdqWords {
  if (!HEX.test(hex)) throw new Error(`not a PDQ hash: expected 64 hex digits, got ${JSON.stringify(hex.length > 80 ? `${hex.slice(0, 80)}…` : hex)}`);
  const words = new Uint32Array(PDQ_WORDS);
  for (let w = 0; w < PDQ_WORDS; w++) {
    const at = (PDQ_WORDS - 1 - w) * 8;
    words[w] = Number.parseInt(hex.slice(at, at + 8), 16);
  }
  return words;
}

/** Set bits of a 32-bit word (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between hash `i` of `a` and hash `j` of `b` (both packed PDQ_WORDS words per hash). */
export function hammingAt(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  const p = i * PDQ_WORDS;
  const q = j * PDQ_WORDS;
  let d = 0;
  for (let w = 0; w < PDQ_WORDS; w++) d += popcount32(((a[p + w] as number) ^ (b[q + w] as number)) >>> 0);
  return d;
}

export function hammingDistance(a: PdqWords, b: PdqWords): number {
  return hammingAt(a, 0, b, 0);
}
