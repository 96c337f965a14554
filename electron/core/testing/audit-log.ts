/** A signed audit log made here, for tests of the export file and the `audit` command. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  CompactRange, GENESIS_PREV, canonicalBytes, formatCheckpoint, formatNote, formatVerifierKey, keyFingerprint, parseCheckpoint, parseNote, toHex, verifierKey,
  type AuditEntryFields, type VerifierKey,
} from '../../../shared/audit';
import type { WritableDB } from '../db/handles';
import { pinAuditKey, storeVerified, type VerifiedEntry } from '../audit/replica';
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
export function signedLog(n: number, every: number, signer: { key: VerifierKey; privateKey: KeyObject }, amountFen: (seq: number) => number = (seq) => seq): ExportItem[] {
  const range = new CompactRange(h);
  const items: ExportItem[] = [];
  let prev = GENESIS_PREV;
  for (let seq = 1; seq <= n; seq++) {
    const entry = canonicalBytes({ seq, prev, at: 1_765_000_000_000 + seq, actor: { id: 'sup-chenjing', name: '陈静' }, action: 'decision', caseId: `V-${seq}`, payload: { ruleRef: 'V-3.2', amountFen: amountFen(seq) } });
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


/** Stores a signed log as a console's verified replica (as replication would), and pins its key. */
export function storeReplica(db: WritableDB, items: readonly ExportItem[], key: VerifierKey, verifiedAt = 1_765_000_500_000): void {
  let window: VerifiedEntry[] = [];
  for (const item of items) {
    if ('entry' in item) {
      const fields = JSON.parse(Buffer.from(item.entry).toString('utf8')) as AuditEntryFields;
      window.push({ fields, leaf: h.leaf(item.entry) });
    } else {
      const c = parseCheckpoint(parseNote(item.checkpoint).text);
      storeVerified(db, window, { size: c.size, root: c.root, signedAt: c.signedAt, note: item.checkpoint }, verifiedAt);
      window = [];
    }
  }
  pinAuditKey(db, formatVerifierKey(key));
}
