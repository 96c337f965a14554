/**
 * PDQ, Meta's 256-bit perceptual image hash with a quality score (the algorithm of
 * facebook/ThreatExchange `pdq/`, written here from its description): luminance, a Jarosz tent
 * filter (two passes of box filters) and decimation to 64×64, a quality score from the 64×64
 * gradients, the 16×16 low-frequency corner of its 2-D DCT, and one bit per coefficient: above
 * the median or not. Pure TypeScript: callers decode the image (see `server/evidence-hash.ts`).
 */
import { hashFromBits, type PdqWords } from './pdq-hash256';

export interface PdqResult {
  /** The hash as eight 32-bit words (bit k in word k >> 5, bit k & 31). */
  words: PdqWords;
  /** 0–100; below 50 the hash is too unreliable to match on (too little detail). */
  quality: number;
}

/** Images smaller than this along either side get the all-zero hash with quality 0, as in the reference. */
const MIN_HASHABLE_SIDE = 5;
const DOWNSAMPLED = 64;
const DCT_SIZE = 16;

/** Rec. 601 luma, as the reference computes it from 8-bit RGB (grey images: the grey value). */
export function lumaFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): Float32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) throw new Error(`lumaFromPixels: bad size ${width}×${height}`);
  if (channels < 1 || channels > 4) throw new Error(`lumaFromPixels: ${channels} channels; expected 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA)`);
  const n = width * height;
  if (pixels.length < n * channels) throw new Error(`lumaFromPixels: ${pixels.length} bytes for ${width}×${height}×${channels}`);
  const luma = new Float32Array(n);
  if (channels < 3) {
    for (let i = 0, p = 0; i < n; i++, p += channels) luma[i] = pixels[p] as number;
  } else {
    for (let i = 0, p = 0; i < n; i++, p += channels) {
      luma[i] = 0.299 * (pixels[p] as number) + 0.587 * (pixels[p + 1] as number) + 0.114 * (pixels[p + 2] as number);
    }
  }
  return luma;
}

/**
 * The PDQ hash of a luminance image (row-major, `width × height`, values 0–255). The luminance
 * array is used as scratch space and overwritten.
 */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqResult {
  if (luma.length < width * height) throw new Error(`pdqFromLuma: ${luma.length} values for ${width}×${height}`);
  if (width < MIN_HASHABLE_SIDE || height < MIN_HASHABLE_SIDE) return { words: new Uint32Array(8), quality: 0 };
  const small = downsampleTo64(luma, width, height);
  const quality = qualityOf64(small);
  const dct = dct64To16(small);
  const median = lowerMedian(dct);
  const bits: boolean[] = [];
  for (let k = 0; k < DCT_SIZE * DCT_SIZE; k++) bits.push((dct[k] as number) > median);
  return { words: hashFromBits(bits), quality };
}

/**
 * Jarosz filter then decimation to 64×64 at the centres of the cells, as the reference does:
 * two passes of a box filter along the rows then the columns. The second pass is computed only
 * where the decimation samples it (64×64 box means), and the column pass runs row by row over
 * running column sums, so that memory is read in order.
 */
function downsampleTo64(luma: Float32Array, width: number, height: number): Float32Array {
  if (width === DOWNSAMPLED && height === DOWNSAMPLED) return luma.slice(0, DOWNSAMPLED * DOWNSAMPLED);
  const alongRows = boxWindow(jaroszWindow(width, DOWNSAMPLED));
  const alongCols = boxWindow(jaroszWindow(height, DOWNSAMPLED));
  const scratch = new Float32Array(width * height);
  boxAlongRows(luma, scratch, width, height, alongRows);
  boxAlongCols(scratch, luma, width, height, alongCols);
  const out = new Float32Array(DOWNSAMPLED * DOWNSAMPLED);
  for (let oi = 0; oi < DOWNSAMPLED; oi++) {
    const i = Math.floor(((oi + 0.5) * height) / DOWNSAMPLED);
    const top = Math.max(0, i - alongCols.behind);
    const bottom = Math.min(height - 1, i + alongCols.ahead);
    for (let oj = 0; oj < DOWNSAMPLED; oj++) {
      const j = Math.floor(((oj + 0.5) * width) / DOWNSAMPLED);
      const left = Math.max(0, j - alongRows.behind);
      const right = Math.min(width - 1, j + alongRows.ahead);
      let sum = 0;
      for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) sum += luma[r * width + c] as number;
      out[oi * DOWNSAMPLED + oj] = sum / ((bottom - top + 1) * (right - left + 1));
    }
  }
  return out;
}

/** Half of a 1/64th of the side, rounded up: two passes then cover one output cell. */
export function jaroszWindow(oldSide: number, newSide: number): number {
  return Math.floor((oldSide + 2 * newSide - 1) / (2 * newSide));
}

/**
 * The reference's box filter of `window` samples: output o is the mean of the inputs from
 * o − behind to o + ahead, the window shrinking at both ends instead of padding.
 */
interface BoxWindow {
  behind: number;
  ahead: number;
}

function boxWindow(window: number): BoxWindow {
  const half = Math.floor((window + 2) / 2);
  return { behind: window - half, ahead: half - 1 };
}

function boxAlongRows(input: Float32Array, output: Float32Array, width: number, height: number, { behind, ahead }: BoxWindow): void {
  // Three stretches per row: the window growing at the left end, full, shrinking at the right end.
  const growUntil = Math.min(width, behind + 1);
  const shrinkFrom = Math.max(growUntil, width - ahead);
  for (let base = 0; base < width * height; base += width) {
    const end = base + width;
    let sum = 0;
    let hi = base;
    let lo = base;
    let count = 0;
    for (; hi < Math.min(end, base + ahead); hi++, count++) sum += input[hi] as number;
    let o = base;
    for (; o < base + growUntil; o++) {
      if (hi < end) {
        sum += input[hi++] as number;
        count++;
      }
      output[o] = sum / count;
    }
    for (; o < base + shrinkFrom; o++) {
      sum += (input[hi++] as number) - (input[lo++] as number);
      output[o] = sum / count;
    }
    for (; o < end; o++) {
      for (; lo < o - behind; lo++, count--) sum -= input[lo] as number;
      output[o] = sum / count;
    }
  }
}

function boxAlongCols(input: Float32Array, output: Float32Array, width: number, height: number, { behind, ahead }: BoxWindow): void {
  const sums = new Float64Array(width);
  let lo = 0;
  let hi = -1;
  for (let o = 0; o < height; o++) {
    const wantHi = Math.min(height - 1, o + ahead);
    const wantLo = Math.max(0, o - behind);
    while (hi < wantHi) {
      const row = ++hi * width;
      for (let j = 0; j < width; j++) sums[j] = (sums[j] as number) + (input[row + j] as number);
    }
    while (lo < wantLo) {
      const row = lo++ * width;
      for (let j = 0; j < width; j++) sums[j] = (sums[j] as number) - (input[row + j] as number);
    }
    const count = hi - lo + 1;
    const row = o * width;
    for (let j = 0; j < width; j++) output[row + j] = (sums[j] as number) / count;
  }
}

/** The reference's heuristic: significant gradients of the 64×64 image, scaled to 0–100. */
function qualityOf64(a: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < DOWNSAMPLED - 1; i++) {
    for (let j = 0; j < DOWNSAMPLED; j++) {
      gradientSum += Math.abs(Math.trunc((((a[i * DOWNSAMPLED + j] as number) - (a[(i + 1) * DOWNSAMPLED + j] as number)) * 100) / 255));
    }
  }
  for (let i = 0; i < DOWNSAMPLED; i++) {
    for (let j = 0; j < DOWNSAMPLED - 1; j++) {
      gradientSum += Math.abs(Math.trunc((((a[i * DOWNSAMPLED + j] as number) - (a[i * DOWNSAMPLED + j + 1] as number)) * 100) / 255));
    }
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
}

/** Rows 1–16 of the 64-point DCT-II matrix (row 0, the mean, carries no pattern). */
const DCT_MATRIX = (() => {
  const m = new Float32Array(DCT_SIZE * DOWNSAMPLED);
  const scale = Math.sqrt(2 / DOWNSAMPLED);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DOWNSAMPLED; j++) m[i * DOWNSAMPLED + j] = scale * Math.cos((Math.PI / 2 / DOWNSAMPLED) * (i + 1) * (2 * j + 1));
  }
  return m;
})();

/** B = D A Dᵀ: only the 16×16 coefficients the hash uses. */
function dct64To16(a: Float32Array): Float32Array {
  const t = new Float32Array(DCT_SIZE * DOWNSAMPLED);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let k = 0; k < DOWNSAMPLED; k++) {
      const d = DCT_MATRIX[i * DOWNSAMPLED + k] as number;
      const row = k * DOWNSAMPLED;
      for (let j = 0; j < DOWNSAMPLED; j++) t[i * DOWNSAMPLED + j] = (t[i * DOWNSAMPLED + j] as number) + d * (a[row + j] as number);
    }
  }
  const b = new Float32Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLED; k++) sum += (t[i * DOWNSAMPLED + k] as number) * (DCT_MATRIX[j * DOWNSAMPLED + k] as number);
      b[i * DCT_SIZE + j] = sum;
    }
  }
  return b;
}

/**
 * The median as the reference's Torben method returns it: of an even count, the lower of the
 * two middle values — so half the coefficients, or fewer on ties, are above it. A sort of 256
 * values costs microseconds; Torben's point was to avoid the copy, which does not matter here.
 */
export function lowerMedian(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}
