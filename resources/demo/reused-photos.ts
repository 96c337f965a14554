/**
 * A few refund disputes whose buyer photo is another buyer's photo sent again, recompressed and
 * slightly cropped, so that the demo shows reuse flags where a newcomer can find them.
 *
 * The demo's ordinary evidence is a small pool of drawn images shared by many cases (a million
 * cases need no million files): one pool photo stands for different photos of different buyers.
 * `loadDemo` therefore uploads the pool after the cases, so their evidence carries no PDQ hash
 * (the case service hashes a blob at upload and adds hashes to the cases it ingests after), and
 * only the photos planted here, uploaded first, are matched. Otherwise every demo dispute would
 * show a pool photo "reused" by twenty other buyers.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { CaseInput, EvidenceRef } from '../../shared/domain';
import type { EvidencePool } from './evidence';

/** The dispute whose photo is the original, then the disputes that reuse it. */
export const REUSED_PHOTO_DISPUTES = 3;

export interface PlantedPhoto {
  sha256: string;
  mediaType: 'image/jpeg';
  bytes: Buffer;
}

export interface ReusedPhotos {
  /** The source dispute first. */
  caseIds: string[];
  photos: PlantedPhoto[];
}

const planted = (bytes: Buffer): PlantedPhoto => ({ sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'image/jpeg', bytes });

/** The photo again, `crop` of each named side cut off, recompressed at `quality`. */
async function reused(photo: Buffer, sides: { left?: boolean; top?: boolean; right?: boolean; bottom?: boolean }, crop: number, quality: number): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const dx = Math.round(width * crop);
  const dy = Math.round(height * crop);
  const left = sides.left ? dx : 0;
  const top = sides.top ? dy : 0;
  return sharp(photo)
    .extract({ left, top, width: width - left - (sides.right ? dx : 0), height: height - top - (sides.bottom ? dy : 0) })
    .jpeg({ quality })
    .toBuffer();
}

const isBuyerPhoto = (e: EvidenceRef) => e.party === 'buyer' && e.mediaType.startsWith('image/');

/**
 * Picks the first `REUSED_PHOTO_DISPUTES` open refund disputes with a buyer photo and each a
 * different buyer and merchant, and gives them one photo: the first dispute's own (mirrored,
 * so it is no pool image), then copies cut by 1 % on two sides and recompressed (JPEG 45 and
 * 55). Changes `cases` in place; returns the disputes and the photos to upload before them.
 */
export async function plantReusedPhotos(cases: CaseInput[], pool: EvidencePool): Promise<ReusedPhotos | null> {
  const chosen: CaseInput[] = [];
  for (const c of cases) {
    // Open, so a newcomer can decide them.
    if (c.kind !== 'refund_dispute' || c.status !== 'open' || !c.evidence.some(isBuyerPhoto)) continue;
    if (chosen.some((o) => o.buyer?.id === c.buyer?.id || o.merchant.id === c.merchant.id)) continue;
    chosen.push(c);
    if (chosen.length === REUSED_PHOTO_DISPUTES) break;
  }
  const [source] = chosen;
  if (!source || chosen.length < REUSED_PHOTO_DISPUTES) return null;
  const first = source.evidence.find(isBuyerPhoto);
  const image = pool.images.find((i) => i.sha256 === first?.sha256);
  if (!first || !image) return null;
  const original = planted(await sharp(image.bytes).flop().jpeg({ quality: 88 }).toBuffer());
  const copies = [
    planted(await reused(original.bytes, { left: true, bottom: true }, 0.01, 45)),
    planted(await reused(original.bytes, { right: true, top: true }, 0.01, 55)),
  ];
  const photos = [original, ...copies];
  chosen.forEach((c, i) => {
    const photo = photos[i] as PlantedPhoto;
    const at = c.evidence.findIndex(isBuyerPhoto);
    // The caption of the photo it is, for every dispute citing it.
    c.evidence[at] = { ...(c.evidence[at] as EvidenceRef), sha256: photo.sha256, mediaType: photo.mediaType, bytes: photo.bytes.length, caption: first.caption };
  });
  return { caseIds: chosen.map((c) => c.id), photos };
}
