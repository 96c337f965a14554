/**
 * What a decoder must hand PDQ, shared by the case service's and the console's decode wrappers
 * (`server/evidence-hash.ts`, `electron/core/evidence-hash.ts`), which may not share code
 * other than shared/ and so each call sharp in a few lines, to these rules:
 * - EXIF orientation applied: the hash is of the photo as a person sees it, so a phone photo
 *   (pixels stored sideways, an orientation tag) matches a screenshot or re-save of it. The
 *   reference tools hash the pixels as stored; for photos without an orientation tag — all of
 *   the reference set, and most images that are exchanged — that is the same thing.
 * - Shrunk, keeping the aspect ratio, so that neither side exceeds 512 pixels, before the hash,
 *   as the reference Python hasher does (the C++ one squashes to 512×512): PDQ blurs down to
 *   64×64 anyway, and the decoder shrinks far faster than the filter can (JPEG shrink-on-load).
 * - Alpha dropped; grey images stay one channel.
 */
import { lumaFromPixels, pdqFromLuma } from './pdq';
import { pdqToHex } from './pdq-hash256';

export const PDQ_DECODE_MAX_SIDE = 512;

/** A PDQ hash as stored with evidence and printed by `npm run evidence -- hash`. */
export interface EvidencePdq {
  /** 64 hex digits, the reference's format. */
  pdq: string;
  quality: number;
  /** Which decoder produced the pixels, e.g. "sharp 0.35.5 / libvips 8.18.0": hashes of one image by different decoders can differ by a few bits. */
  decoder: string;
}

export interface DecodedPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export function evidencePdqFromPixels(pixels: DecodedPixels, decoder: string): EvidencePdq {
  const luma = lumaFromPixels(pixels.data, pixels.width, pixels.height, pixels.channels);
  const { words, quality } = pdqFromLuma(luma, pixels.width, pixels.height);
  return { pdq: pdqToHex(words), quality, decoder };
}
