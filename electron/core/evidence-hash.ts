/**
 * The PDQ hash of an evidence image, decoded with sharp by the rules of
 * `shared/evidence/pdq-decode.ts` (orientation applied, shrunk to 512 pixels at most).
 * The case service has the same few lines in `server/evidence-hash.ts` (neither layer may import the other); this one hashes replicated or offline evidence in the console.
 */
import sharp from 'sharp';
import { PDQ_DECODE_MAX_SIDE, evidencePdqFromPixels, type EvidencePdq } from '../../shared/evidence/pdq-decode';

export const PDQ_DECODER = `sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}`;

/** Hashes image bytes or a file path; rejects with sharp's message when the image cannot be decoded. */
export async function hashEvidenceImage(input: Buffer | string): Promise<EvidencePdq> {
  const { data, info } = await sharp(input)
    .autoOrient()
    .resize(PDQ_DECODE_MAX_SIDE, PDQ_DECODE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return evidencePdqFromPixels({ data, width: info.width, height: info.height, channels: info.channels }, PDQ_DECODER);
}
