/**
 * Robustness of PDQ matching (distance ≤ 31) on generated images: edited copies of photos should
 * be found, different photos — unrelated scenes, and synthetic products drawn alike — must not.
 * Precision and recall over every pair of the set are printed and quoted in the README.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingDistance, pdqFromHex } from '../shared/evidence/pdq-hash256';
import { referenceImages } from '../test-support/pdq-reference';
import { hashEvidenceImage } from './evidence-hash';

const MATCH_DISTANCE = 31;
const MIN_QUALITY = 50;

type Edit = (photo: Buffer) => Promise<Buffer>;

const EDITS: Record<string, Edit> = {
  'JPEG quality 40': (p) => sharp(p).jpeg({ quality: 40 }).toBuffer(),
  'resized to 50 %': async (p) => {
    const { width = 0 } = await sharp(p).metadata();
    return sharp(p).resize(Math.round(width / 2)).jpeg({ quality: 85 }).toBuffer();
  },
  'cropped 3 % (bottom strip)': async (p) => {
    const { width = 0, height = 0 } = await sharp(p).metadata();
    return sharp(p).extract({ left: 0, top: 0, width, height: height - Math.round(height * 0.03) }).jpeg({ quality: 85 }).toBuffer();
  },
  'cropped 5 % (2.5 % each side)': async (p) => {
    const { width = 0, height = 0 } = await sharp(p).metadata();
    const dx = Math.round(width * 0.025);
    const dy = Math.round(height * 0.025);
    return sharp(p).extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy }).jpeg({ quality: 85 }).toBuffer();
  },
  'brightness +15 %': (p) => sharp(p).modulate({ brightness: 1.15 }).jpeg({ quality: 85 }).toBuffer(),
  'recompressed twice (70, then 60)': async (p) => sharp(await sharp(p).jpeg({ quality: 70 }).toBuffer()).jpeg({ quality: 60 }).toBuffer(),
  'screenshot: padded, resized 80 %, PNG': async (p) => {
    const { width = 0, height = 0 } = await sharp(p).metadata();
    const side = Math.round(width * 0.01);
    const padded = await sharp(p).extend({ top: Math.round(height * 0.02), bottom: side, left: side, right: side, background: '#f4f4f4' }).png().toBuffer();
    const m = await sharp(padded).metadata();
    return sharp(padded).resize(Math.round((m.width ?? 0) * 0.8)).png().toBuffer();
  },
};

/** A product shot: the same bottle shape and blue family on a grey backdrop, told apart by its details. */
function product(variant: number): Promise<Buffer> {
  const hue = 205 + variant * 4;
  const details = [
    '<rect x="150" y="260" width="100" height="24" fill="#fff"/><rect x="150" y="300" width="100" height="24" fill="#fff"/>',
    '<circle cx="200" cy="300" r="40" fill="#fff"/><circle cx="200" cy="300" r="18" fill="hsl(20,80%,50%)"/>',
    '<path d="M140 250 L260 350 M260 250 L140 350" stroke="#fff" stroke-width="18"/>',
    '<rect x="140" y="230" width="120" height="50" fill="hsl(50,90%,55%)"/><rect x="140" y="330" width="120" height="20" fill="#fff"/>',
    '<polygon points="200,240 250,340 150,340" fill="#fff"/>',
    '<rect x="125" y="240" width="30" height="160" fill="#fff"/><rect x="245" y="240" width="30" height="160" fill="#fff"/>',
  ][variant % 6];
  const light = variant % 2 ? '35%' : '45%';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="500">
    <defs><linearGradient id="bg" x1="0" y1="0" x2="${variant % 3 === 0 ? 1 : 0}" y2="1"><stop offset="0" stop-color="#ddd"/><stop offset="1" stop-color="#888"/></linearGradient></defs>
    <rect width="400" height="500" fill="url(#bg)"/>
    <ellipse cx="${200 + (variant % 3) * 8}" cy="460" rx="130" ry="18" fill="#555" opacity="0.5"/>
    <rect x="170" y="60" width="60" height="60" rx="8" fill="hsl(${hue},30%,25%)"/>
    <rect x="110" y="110" width="180" height="350" rx="50" fill="hsl(${hue},70%,${light})"/>
    ${details}
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

interface Sample {
  source: string;
  edit: string;
  pdq: Uint32Array;
  quality: number;
}

describe('PDQ finds re-encoded, resized and brightened copies of a photo, and not different photos (distance ≤ 31)', () => {
  it('meets the precision and recall floors over every pair of the generated set', async () => {
    const photos: Array<[string, Buffer]> = [];
    for (const ref of referenceImages()) {
      if (ref.image === 'bridge-mods/aaa-orig.jpg' || /^labelme-subset\/q(0122|0291|0746|1050|2821)/.test(ref.image)) {
        photos.push([ref.image, await sharp(ref.path).jpeg({ quality: 92 }).toBuffer()]);
      }
    }
    for (let v = 0; v < 6; v++) photos.push([`product ${v + 1}`, await product(v)]);

    const samples: Sample[] = [];
    for (const [source, photo] of photos) {
      const add = async (edit: string, bytes: Buffer) => {
        const h = await hashEvidenceImage(bytes);
        samples.push({ source, edit, pdq: pdqFromHex(h.pdq), quality: h.quality });
      };
      await add('original', photo);
      for (const [edit, make] of Object.entries(EDITS)) await add(edit, await make(photo));
    }

    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    const falseMatches: string[] = [];
    const byEdit = new Map<string, number[]>();
    let closestApart = 256;
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length; j++) {
        const a = samples[i] as Sample;
        const b = samples[j] as Sample;
        const distance = hammingDistance(a.pdq, b.pdq);
        const matched = distance <= MATCH_DISTANCE && a.quality >= MIN_QUALITY && b.quality >= MIN_QUALITY;
        const same = a.source === b.source;
        if (same && a.edit === 'original') byEdit.set(b.edit, [...(byEdit.get(b.edit) ?? []), distance]);
        if (!same) closestApart = Math.min(closestApart, distance);
        if (same && matched) tp++;
        else if (same) {
          fn++;
          misses.push(`${a.source}: ${a.edit} ↔ ${b.edit} at ${distance}`);
        } else if (matched) {
          fp++;
          falseMatches.push(`${a.source} ${a.edit} ↔ ${b.source} ${b.edit} at ${distance}`);
        }
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      [
        `PDQ robustness: ${photos.length} photos (${photos.length - 6} scenes, 6 similar products) × ${Object.keys(EDITS).length + 1} versions = ${samples.length} images, ${(samples.length * (samples.length - 1)) / 2} pairs`,
        `precision ${precision.toFixed(3)} (${tp} true, ${fp} false matches), recall ${recall.toFixed(3)} (${fn} same-photo pairs missed); closest pair of different photos ${closestApart}`,
        ...[...byEdit].map(([edit, ds]) => `  original ↔ ${edit}: max distance ${Math.max(...ds)}, mean ${(ds.reduce((x, y) => x + y, 0) / ds.length).toFixed(1)}`),
        ...misses.slice(0, 10).map((m) => `  missed ${m}`),
        ...falseMatches.slice(0, 10).map((m) => `  false ${m}`),
      ].join('\n'),
    );
    expect(samples.every((s) => s.quality >= MIN_QUALITY)).toBe(true);
    const recallOf = (edit: string) => (byEdit.get(edit) ?? []).filter((d) => d <= MATCH_DISTANCE).length / photos.length;
    console.log(Object.keys(EDITS).map((e) => `  recall original ↔ ${e}: ${recallOf(e).toFixed(2)}`).join('\n'));
    expect(samples.every((s) => s.quality >= MIN_QUALITY)).toBe(true);
    // Different photos, similar products included, are (almost) never matched: one false pair in
    // 3,000 at most, between two products drawn alike on the same backdrop.
    expect(precision).toBeGreaterThanOrEqual(0.99);
    // Edits that keep the framing are found: PDQ is made for these.
    for (const edit of ['JPEG quality 40', 'brightness +15 %', 'recompressed twice (70, then 60)']) expect(recallOf(edit), edit).toBe(1);
    expect(recallOf('resized to 50 %')).toBeGreaterThanOrEqual(0.9);
    // Edits that change the framing move PDQ's 64×64 grid: a crop of 3–5 % or a screenshot's
    // border is not found (PDQ's known weakness; see README, "Evidence: reused photos"). The
    // floor over all pairs records what it does today, so that a regression shows.
    expect(recall).toBeGreaterThanOrEqual(0.33);
  }, 120_000);
});
