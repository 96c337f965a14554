import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EvidenceRef } from '../../shared/domain';
import exifReader from 'exif-reader';
import { EVIDENCE_THEMES, EvidenceIndex, THEME_NAMES, generateEvidencePool, loadDemoClips } from './evidence';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from './evidence-art';
import { generateCases } from './generate';
import { TEST_NOW, smallPool } from './test-fixtures';

const pool = await smallPool();
const byHash = new Map(pool.images.map((i) => [i.sha256, i]));

describe('evidence pool', () => {
  it('holds real, decodable 640×480 images whose sha256 is the hash of their bytes', async () => {
    expect(pool.images).toHaveLength(48);
    for (const image of pool.images) {
      expect(createHash('sha256').update(image.bytes).digest('hex')).toBe(image.sha256);
      const meta = await sharp(image.bytes).metadata();
      expect({ width: meta.width, height: meta.height, format: meta.format }).toEqual({
        width: IMAGE_WIDTH, height: IMAGE_HEIGHT, format: image.mediaType === 'image/png' ? 'png' : 'jpeg',
      });
      expect(image.bytes.length).toBeGreaterThan(2_000);
    }
  });

  it('draws every image differently, covers every theme, and names its party and caption', () => {
    expect(byHash.size).toBe(pool.images.length);
    expect(new Set(pool.images.map((i) => i.theme))).toEqual(new Set(THEME_NAMES));
    for (const image of pool.images) {
      expect(image.party).toBe(EVIDENCE_THEMES[image.theme as keyof typeof EVIDENCE_THEMES].party);
      expect(image.caption).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(new Set(pool.images.map((i) => i.mediaType))).toEqual(new Set(['image/jpeg', 'image/png']));
  });

  it('is reproducible from its seed and differs across seeds', async () => {
    const again = await generateEvidencePool({ seed: 11, size: 24 });
    expect(again.images.map((i) => i.sha256)).toEqual(pool.images.slice(0, 24).map((i) => i.sha256));
    const other = await generateEvidencePool({ seed: 12, size: 24 });
    expect(other.images.filter((i) => byHash.has(i.sha256))).toEqual([]);
  });

  it('always has at least one image per theme, whatever size is asked', async () => {
    const tiny = await generateEvidencePool({ seed: 3, size: 1 });
    expect(tiny.images).toHaveLength(THEME_NAMES.length);
    expect(() => new EvidenceIndex({ images: pool.images.filter((i) => i.theme !== 'shoe_soles_worn') })).toThrow(/shoe_soles_worn/);
  });
});

describe('evidence references in cases', () => {
  it('carry the true sha256, media type and byte size of a pool image', () => {
    let refs = 0;
    for (const c of generateCases(3_000, { seed: 4, now: TEST_NOW, evidence: pool })) {
      expect(c.evidence.length).toBeGreaterThan(0);
      for (const ref of c.evidence) {
        refs++;
        expect(EvidenceRef.safeParse(ref).success).toBe(true);
        const image = byHash.get(ref.sha256);
        expect(image).toBeDefined();
        expect({ mediaType: ref.mediaType, bytes: ref.bytes, party: ref.party, caption: ref.caption }).toEqual({
          mediaType: image?.mediaType, bytes: image?.bytes.length, party: image?.party, caption: image?.caption,
        });
      }
    }
    expect(refs).toBeGreaterThan(3_000);
  });

  it('show what the dispute is about: buyers and merchants each bring their own', () => {
    const cases = [...generateCases(2_000, { seed: 4, now: TEST_NOW, evidence: pool })];
    const themesOf = (c: (typeof cases)[number]) => c.evidence.map((r) => byHash.get(r.sha256)?.theme);
    for (const c of cases) {
      if (c.kind !== 'refund_dispute') continue;
      const parties = new Set(c.evidence.map((r) => r.party));
      expect(parties.has('buyer') && parties.has('merchant')).toBe(true);
      if (c.detail.order.category === 'food_fresh' && c.detail.request.reason.includes('坏单包赔')) expect(themesOf(c)).toContain('fruit_rotten');
      if (c.detail.request.reason.includes('养死包赔')) expect(themesOf(c)).toContain('plant_wilted');
      if (c.detail.request.reason.includes('过敏包退')) expect(themesOf(c)).toContain('skin_allergy');
    }
  });
});

describe('demo photos and clips', () => {
  it('camera photos carry an EXIF capture time shortly before the demo time, mostly with China\'s offset', async () => {
    const at = Date.UTC(2026, 11, 8, 2, 0);
    const withExif = await generateEvidencePool({ seed: 5, size: 24, capturedBefore: at });
    const facts = await Promise.all(withExif.images.filter((i) => i.mediaType === 'image/jpeg').map(async (i) => exifReader((await sharp(i.bytes).metadata()).exif ?? Buffer.alloc(0))));
    expect(facts.length).toBeGreaterThan(10);
    for (const f of facts) {
      const wall = f.Photo?.DateTimeOriginal as Date;
      // The wall clock is China time: 8 hours ahead of UTC.
      const utc = wall.getTime() - 8 * 3_600_000;
      expect(utc).toBeLessThan(at);
      expect(utc).toBeGreaterThan(at - 3_600_000);
    }
    expect(facts.filter((f) => f.Photo?.OffsetTimeOriginal === '+08:00').length).toBeGreaterThan(facts.length / 2);
  });

  it('clips are small WebM files that disputes cite when the pool has them', () => {
    const clips = loadDemoClips();
    expect(clips.length).toBeGreaterThanOrEqual(3);
    for (const c of clips) {
      expect(c.bytes.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
      expect(c.bytes.length).toBeLessThan(50_000);
    }
    const cited = new Set<string>();
    for (const c of generateCases(200, { seed: 5, now: TEST_NOW, evidence: { ...pool, clips } })) for (const e of c.evidence) if (e.mediaType === 'video/webm') cited.add(e.sha256);
    expect([...cited].sort()).toEqual(clips.map((c) => c.sha256).sort());
  });
});
