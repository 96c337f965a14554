/** A signed audit log made here, for tests of the export file and the `audit` command. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  CompactRange, GENESIS_PREV, canonicalBytes, formatCheckpoint, formatNote, formatVerifierKey, keyFingerprint, toHex, verifierKey, type VerifierKey,
} from '../../../shared/audit';
import { EXPORT_FORMAT, type ExportHeader } from '../audit/export-file';
import type { ExportItem } from '../audit/export-writer';
import { nodeSha256, nodeTreeHasher as h } from '../audit/node-crypto';

export const ORIGIN = 'docket.test/audit';

export function keyPair(name: string): { key: VerifierKey; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return { key: verifierKey(nodeSha256, name, raw), privateKey };
}

export function signed(size: number, root: Uint8Array, signer: { key: VerifierKey; privateKey: KeyObject }): string {
  const text = formatCheckpoint({ origin: ORIGIN, size, root, signedAt: 1_765_000_000_000 + size });
  return formatNote({ text, signatures: [{ keyName: signer.key.name, keyHash: signer.key.keyHash, signature: sign(null, Buffer.from(text), signer.privateKey) }] });
}

/** A log of n entries with a checkpoint every `every`, as export items. */
export function signedLog(n: number, every: number, signer: { key: VerifierKey; privateKey: KeyObject }): ExportItem[] {
  const range = new CompactRange(h);
  const items: ExportItem[] = [];
  let prev = GENESIS_PREV;
  for (let seq = 1; seq <= n; seq++) {
    const entry = canonicalBytes({ seq, prev, at: 1_765_000_000_000 + seq, actor: { id: 'sup-chenjing', name: '陈静' }, action: 'decision', caseId: `V-${seq}`, payload: { ruleRef: 'V-3.2', amountFen: seq } });
    const leaf = h.leaf(entry);
    range.append(leaf);
    prev = toHex(leaf);
    items.push({ entry });
    if (seq % every === 0 || seq === n) items.push({ checkpoint: signed(seq, range.root(), signer) });
  }
  return items;
}

export const exportHeader = (key: VerifierKey): ExportHeader => ({
  format: EXPORT_FORMAT, version: 1, origin: ORIGIN, key: formatVerifierKey(key), keyFingerprint: keyFingerprint(nodeSha256, key),
  start: { size: 0, edge: [], prev: GENESIS_PREV }, exportedAt: new Date(0).toISOString(), period: { since: null, until: null },
});

