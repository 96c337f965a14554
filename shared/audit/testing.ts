/**
 * For tests of this layer only: a pure SHA-256 (shared/ may not use Node's) and byte helpers.
 * The console and the service inject Node's native SHA-256 instead.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { TreeHasher, type Sha256 } from './merkle';

export const pureSha256: Sha256 = (...parts) => {
  const h = nobleSha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
};

export const testHasher = new TreeHasher(pureSha256);

export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
