/**
 * What a photo says about itself (EXIF capture time, size, editing software) and what the
 * console concludes from it: a buyer's "damage" photo taken before the parcel was delivered or
 * signed for cannot show damage done in transit. Pure, so the viewer and tests share it.
 */
import { z } from 'zod';

/** EXIF wall-clock time as recorded, `YYYY-MM-DDTHH:mm:ss`, and its offset (`+08:00`) when the photo records one. */
export const CaptureTime = z.object({
  local: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
  offset: z.string().regex(/^[+-]\d{2}:\d{2}$/).nullable(),
});
export type CaptureTime = z.infer<typeof CaptureTime>;

export const PhotoFacts = z.object({
  width: z.number().int().min(0).nullable(),
  height: z.number().int().min(0).nullable(),
  /** null: the photo has no EXIF capture time. */
  captured: CaptureTime.nullable(),
  /** EXIF `Software`, when it names one (editors and some phones write it). */
  software: z.string().max(200).nullable(),
});
export type PhotoFacts = z.infer<typeof PhotoFacts>;

/** Offsets on Earth run from UTC−12:00 to UTC+14:00. */
const EARLIEST_OFFSET_MIN = -12 * 60;
const LATEST_OFFSET_MIN = 14 * 60;

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  return sign * ((h ?? 0) * 60 + (m ?? 0));
}

/**
 * The instants the capture may have been, in UTC milliseconds: one instant when the offset is
 * recorded, otherwise the span of every time zone (the wall clock read in UTC+14 to UTC−12).
 */
export function captureSpan(c: CaptureTime): { earliest: number; latest: number } {
  const wall = Date.parse(`${c.local}Z`);
  if (c.offset !== null) {
    const at = wall - offsetMinutes(c.offset) * 60_000;
    return { earliest: at, latest: at };
  }
  return { earliest: wall - LATEST_OFFSET_MIN * 60_000, latest: wall - EARLIEST_OFFSET_MIN * 60_000 };
}

export type TakenTooEarly = 'before_delivery' | 'before_signoff';

/**
 * Whether a damage photo was surely taken before the parcel reached the buyer: before delivery,
 * else before sign-off. Without a recorded offset only a capture earlier in every time zone counts.
 */
export function takenTooEarly(c: CaptureTime | null, order: { deliveredAt: number | null; signedAt: number | null }): TakenTooEarly | null {
  if (c === null) return null;
  const { latest } = captureSpan(c);
  if (order.deliveredAt !== null && latest < order.deliveredAt) return 'before_delivery';
  if (order.signedAt !== null && latest < order.signedAt) return 'before_signoff';
  return null;
}

/** EXIF `YYYY:MM:DD HH:mm:ss` → `YYYY-MM-DDTHH:mm:ss`; null for anything else (blank or zeroed dates). */
export function exifWallClock(raw: string): string | null {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(raw.trim());
  if (!m || m[1] === '0000') return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
}

/** `+08:00` as EXIF writes it; null for anything else. */
export function exifOffset(raw: unknown): string | null {
  return typeof raw === 'string' && /^[+-]\d{2}:\d{2}$/.test(raw.trim()) ? raw.trim() : null;
}
