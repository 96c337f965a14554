/** Node's native SHA-256 and Ed25519 for the shared audit code, which takes them injected. */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { Ed25519, Sha256 } from '../../../shared/audit';
import { TreeHasher } from '../../../shared/audit';

export const nodeSha256: Sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export const nodeTreeHasher = new TreeHasher(nodeSha256);

// An Ed25519 public key as SubjectPublicKeyInfo DER: this fixed prefix, then the 32 key bytes.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const nodeEd25519: Ed25519 = {
  verify(publicKey, message, signature) {
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
    return verify(null, message, key, signature);
  },
};
