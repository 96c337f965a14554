/** Node's native SHA-256 for the shared audit tree code, which takes its hash injected. */
import { createHash } from 'node:crypto';
import { TreeHasher, type Sha256 } from '../shared/audit';

export const sha256: Sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export const treeHasher = new TreeHasher(sha256);

export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
export const unhex = (s: string): Uint8Array => Buffer.from(s, 'hex');
