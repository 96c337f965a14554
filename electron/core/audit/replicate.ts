/**
 * Replicates the case service's audit log into the console, verifying everything before it is
 * stored (docs/audit-log.md, "Replication"):
 * - each new checkpoint is opened with the PINNED key only (never a key the service merely
 *   claims: immudb's CVE-2022-39199), must be of the pinned origin, must not go back in size or
 *   time (rollback), and an equal size must have the same root (fork);
 * - the newest checkpoint is proved consistent with the last one held (RFC 9162 §2.1.4.2);
 * - EVERY entry between them is re-hashed from its canonical bytes, checked against the hash the
 *   service sent and chained to the entry before (not only the ends of a range: immudb's
 *   CVE-2022-36111), and the tree they make must have each checkpoint's signed root.
 * The first thing that fails stops replication with an `AuditVerificationError` naming the
 * entry or checkpoint; what verified before stays stored.
 */
import {
  auditEntryBytes, fromBase64, openNote, parseCheckpoint, parseVerifierKey, sameDigest, toHex, verifyConsistency, NoteError, ProofError,
  type Checkpoint, type VerifierKey,
} from '../../../shared/audit';
import type { AuditCheckpointNote, ChainedAuditEntry } from '../../../shared/sync/protocol';
import type { WritableDB } from '../db/handles';
import type { ServiceClient } from '../sync/service';
import { nodeEd25519, nodeSha256, nodeTreeHasher as h } from './node-crypto';
import { heldTree, lastCheckpoint, storeVerified, type HeldCheckpoint, type VerifiedEntry } from './replica';

export type AuditFault = { at: 'entry'; seq: number } | { at: 'checkpoint'; size: number };

export class AuditVerificationError extends Error {
  override readonly name = 'AuditVerificationError';
  constructor(readonly fault: AuditFault, reason: string) {
    super(`audit log replication stopped at ${fault.at === 'entry' ? `entry ${fault.seq}` : `the checkpoint of size ${fault.size}`}: ${reason}. Nothing from there on was stored; what verified before is kept.`);
  }
}

export interface ReplicateOptions {
  /** The pinned verifier key, `name+hash+base64`; its name is the log's origin. */
  key: string;
  now: () => number;
  entryPage?: number;
  onProgress?: (entries: number) => void;
}

const ENTRY_PAGE = 5_000;
const CHECKPOINT_PAGE = 1_000;

function open(note: string, size: number, key: VerifierKey): Checkpoint {
  let c: Checkpoint;
  try {
    c = parseCheckpoint(openNote(note, key, nodeEd25519));
  } catch (e) {
    if (e instanceof NoteError) throw new AuditVerificationError({ at: 'checkpoint', size }, e.message);
    throw e;
  }
  if (c.origin !== key.name) throw new AuditVerificationError({ at: 'checkpoint', size }, `the checkpoint is of another log (origin ${JSON.stringify(c.origin)}, pinned ${JSON.stringify(key.name)})`);
  if (c.size !== size) throw new AuditVerificationError({ at: 'checkpoint', size }, `the service lists it as size ${size} but it signs size ${c.size}`);
  return c;
}

/** Pulls and verifies what came after the last checkpoint held. Returns the entries and checkpoints stored. */
export async function replicateAudit(db: WritableDB, client: ServiceClient, opts: ReplicateOptions): Promise<{ entries: number; checkpoints: number }> {
  const key = parseVerifierKey(nodeSha256, opts.key);
  const held = lastCheckpoint(db);
  const heldSize = held?.size ?? 0;

  const listed: AuditCheckpointNote[] = [];
  for (let after = heldSize; ;) {
    const page = (await client.auditCheckpoints(after, CHECKPOINT_PAGE)).checkpoints;
    listed.push(...page);
    if (page.length < CHECKPOINT_PAGE) break;
    after = page.at(-1)?.size ?? after;
  }
  // The service's newest checkpoint at or below what is held tells a rollback or a fork apart from nothing new.
  if (listed.length === 0) {
    if (held) await checkNotRolledBack(client, held, key);
    return { entries: 0, checkpoints: 0 };
  }
  const checkpoints = listed.map((l) => ({ note: l.note, c: open(l.note, l.size, key) }));
  for (let i = 0; i < checkpoints.length; i++) {
    const { c } = checkpoints[i] as { c: Checkpoint };
    const before = i === 0 ? held : checkpoints[i - 1]?.c;
    if (before && c.size <= before.size) throw new AuditVerificationError({ at: 'checkpoint', size: c.size }, `it comes after the checkpoint of size ${before.size} but is not larger: the log went back`);
    if (before && c.signedAt < before.signedAt) throw new AuditVerificationError({ at: 'checkpoint', size: c.size }, `it is signed at ${new Date(c.signedAt).toISOString()}, before the checkpoint of size ${before.size} (${new Date(before.signedAt).toISOString()})`);
  }
  const newest = (checkpoints.at(-1) as { c: Checkpoint }).c;
  if (held) {
    const proof = await client.auditConsistency(held.size, newest.size);
    try {
      verifyConsistency(h, held.size, newest.size, proof.proof.map(fromBase64), held.root, newest.root);
    } catch (e) {
      if (!(e instanceof ProofError || e instanceof RangeError)) throw e;
      throw new AuditVerificationError({ at: 'checkpoint', size: newest.size }, `it is not consistent with the checkpoint of size ${held.size} this console holds (${e.message}): the service rewrote or forked the log`);
    }
  }

  const { range, prev: heldPrev } = heldTree(db, heldSize);
  let prev = heldPrev;
  let nextSeq = heldSize + 1;
  let window: VerifiedEntry[] = [];
  let stored = 0;
  let ci = 0;
  const pageSize = opts.entryPage ?? ENTRY_PAGE;
  const verifyEntry = (e: ChainedAuditEntry) => {
    const at = { at: 'entry' as const, seq: nextSeq };
    if (e.seq !== nextSeq) throw new AuditVerificationError(at, `the service sent entry ${e.seq} where entry ${nextSeq} comes (an entry missing, repeated or out of order)`);
    if (e.prev !== prev) throw new AuditVerificationError(at, `it links to ${e.prev.slice(0, 16)}…, not to the hash of entry ${e.seq - 1} (${prev.slice(0, 16)}…): the chain is broken there`);
    const fields = { seq: e.seq, prev: e.prev, at: e.at, actor: e.actor, action: e.action, caseId: e.caseId, payload: e.payload };
    const leaf = h.leaf(auditEntryBytes(fields));
    if (toHex(leaf) !== e.hash) throw new AuditVerificationError(at, `its content hashes to ${toHex(leaf).slice(0, 16)}…, not to the ${e.hash.slice(0, 16)}… the service sent: the entry was altered`);
    range.append(leaf);
    prev = e.hash;
    nextSeq++;
    window.push({ fields, leaf });
  };
  while (ci < checkpoints.length) {
    const page = (await client.auditPage(nextSeq - 1, Math.min(pageSize, newest.size - (nextSeq - 1)))).entries;
    if (page.length === 0) throw new AuditVerificationError({ at: 'entry', seq: nextSeq }, `the service signed a log of ${newest.size} entries but serves none from entry ${nextSeq}`);
    for (const e of page) {
      verifyEntry(e);
      const due = checkpoints[ci];
      if (due && range.size === due.c.size) {
        if (!sameDigest(range.root(), due.c.root)) {
          const from = ci === 0 ? heldSize : (checkpoints[ci - 1]?.c.size ?? heldSize);
          throw new AuditVerificationError({ at: 'checkpoint', size: due.c.size }, `entries ${from + 1}–${due.c.size} do not hash to its signed root: one of them was altered and its hashes recomputed`);
        }
        const cp: HeldCheckpoint = { size: due.c.size, root: due.c.root, signedAt: due.c.signedAt, note: due.note };
        storeVerified(db, window, cp, opts.now());
        stored += window.length;
        window = [];
        ci++;
        opts.onProgress?.(stored);
      }
      if (range.size >= newest.size) break;
    }
  }
  return { entries: stored, checkpoints: checkpoints.length };
}

async function checkNotRolledBack(client: ServiceClient, held: HeldCheckpoint, key: VerifierKey): Promise<void> {
  const page = (await client.auditCheckpoints(Math.max(0, held.size - 1), 1)).checkpoints;
  const same = page[0];
  if (!same || same.size !== held.size) {
    throw new AuditVerificationError({ at: 'checkpoint', size: held.size }, `the service no longer has the checkpoint of size ${held.size} this console verified${same ? ` (its next is of size ${same.size})` : ''}: the log was rolled back`);
  }
  const c = open(same.note, same.size, key);
  if (!sameDigest(c.root, held.root)) throw new AuditVerificationError({ at: 'checkpoint', size: held.size }, `the service signs another root for size ${held.size} than the one this console verified: the log forked`);
}
