/**
 * A photo's facts, read from the cached file: size from sharp, capture time, offset and
 * editing software from its EXIF. EXIF is parsed with exif-reader on sharp's EXIF buffer: it
 * keeps the camera's wall clock as written (in a Date's UTC fields), where exifr turns it into
 * a time in the machine's own zone (`evidence-facts.test.ts` shows both).
 */
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { exifOffset, exifWallClock, type PhotoFacts } from '../../shared/evidence/photo-facts';

/** exif-reader gives dates as Date objects whose UTC fields are the wall clock written. */
function wallClockOf(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 19);
  if (typeof value === 'string') return exifWallClock(value);
  return null;
}

export async function readPhotoFacts(file: string): Promise<PhotoFacts> {
  const meta = await sharp(file).metadata();
  // Orientations 5–8 are stored rotated a quarter turn: the photo as seen is the other way round.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? meta.height : meta.width) ?? null;
  const height = (turned ? meta.width : meta.height) ?? null;
  let captured: PhotoFacts['captured'] = null;
  let software: string | null = null;
  if (meta.exif) {
    let tags: ReturnType<typeof exifReader> | null = null;
    try {
      tags = exifReader(meta.exif);
    } catch {
      // Broken EXIF: the photo simply has no facts from it.
    }
    const original = wallClockOf(tags?.Photo?.DateTimeOriginal) ?? wallClockOf(tags?.Image?.DateTime);
    if (original !== null) {
      const offsetTag = tags?.Photo?.DateTimeOriginal !== undefined ? tags?.Photo?.OffsetTimeOriginal : tags?.Photo?.OffsetTime;
      captured = { local: original, offset: exifOffset(offsetTag) };
    }
    const sw = tags?.Image?.Software;
    if (typeof sw === 'string' && sw.trim().length > 0) software = sw.trim().slice(0, 200);
  }
  return { width, height, captured, software };
}
