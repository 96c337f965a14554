/**
 * Photo facts from real JPEGs written by sharp with EXIF. Also the comparison that chose the
 * EXIF reader: with the machine in another time zone, exif-reader (on sharp's EXIF buffer)
 * keeps the wall clock the camera wrote, exifr moves it into the machine's zone.
 */
import exifReader from 'exif-reader';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { readPhotoFacts } from './evidence-facts';
import { tempDir } from './testing/tmp';

const tmp = tempDir();
afterAll(() => tmp.remove());
const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

async function jpeg(exif: Record<string, Record<string, string>> | null, size = { width: 640, height: 480 }): Promise<Buffer> {
  const img = sharp({ create: { ...size, channels: 3, background: '#a33' } }).jpeg();
  return (exif ? img.withExif(exif) : img).toBuffer();
}
function file(name: string, bytes: Buffer): string {
  const path = tmp.file(name);
  writeFileSync(path, bytes);
  return path;
}

describe('choosing the EXIF reader', () => {
  it('exif-reader keeps the written wall clock whatever the machine zone; exifr shifts it into the zone', async () => {
    const bytes = await jpeg({ IFD2: { DateTimeOriginal: '2026:12:01 10:00:00' } });
    const exifBuffer = (await sharp(bytes).metadata()).exif;
    // The camera wrote 10:00; in December New York is UTC−5 and Shanghai UTC+8.
    const exifrReads = { 'America/New_York': '2026-12-01T15:00:00.000Z', 'Asia/Shanghai': '2026-12-01T02:00:00.000Z', UTC: '2026-12-01T10:00:00.000Z' };
    for (const [tz, shifted] of Object.entries(exifrReads)) {
      process.env.TZ = tz;
      const byReader = exifReader(exifBuffer ?? Buffer.alloc(0)).Photo?.DateTimeOriginal;
      expect(byReader instanceof Date ? byReader.toISOString() : byReader, tz).toBe('2026-12-01T10:00:00.000Z');
      const byExifr = (await exifr.parse(bytes, { pick: ['DateTimeOriginal'] })) as { DateTimeOriginal: Date };
      expect(byExifr.DateTimeOriginal.toISOString(), tz).toBe(shifted);
    }
  });
});

describe('readPhotoFacts', () => {
  it('reads the capture time with its offset, the size and the editing software', async () => {
    process.env.TZ = 'America/New_York';
    const path = file('edited.jpg', await jpeg({ IFD0: { Software: 'Adobe Photoshop 25.0' }, IFD2: { DateTimeOriginal: '2026:11:30 21:15:09', OffsetTimeOriginal: '+08:00' } }, { width: 1200, height: 900 }));
    expect(await readPhotoFacts(path)).toEqual({ width: 1200, height: 900, captured: { local: '2026-11-30T21:15:09', offset: '+08:00' }, software: 'Adobe Photoshop 25.0' });
  });

  it('says nothing of a zone the photo does not record, and nothing of a time it lacks', async () => {
    expect((await readPhotoFacts(file('nozone.jpg', await jpeg({ IFD2: { DateTimeOriginal: '2026:11:30 21:15:09' } })))).captured).toEqual({ local: '2026-11-30T21:15:09', offset: null });
    expect(await readPhotoFacts(file('bare.jpg', await jpeg(null)))).toEqual({ width: 640, height: 480, captured: null, software: null });
  });

  it('gives the size as seen when the photo is stored turned a quarter', async () => {
    const turned = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3a3' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await readPhotoFacts(file('turned.jpg', turned))).toMatchObject({ width: 300, height: 400 });
  });
});
