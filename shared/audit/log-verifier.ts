/**
 * Verifies an audit log as it streams by, entry after entry and checkpoint after checkpoint, in
 * constant memory but for the tree's right edge: every entry is parsed, checked to be in its
 * canonical bytes, numbered next, linked to the entry before it (`prev` = that entry's leaf
 * hash), and hashed into the tree; every checkpoint's signature is checked against the pinned
 * key and its root against the root of the entries so far. Nothing is skipped between the two
 * ends of a range (immudb's CVE-2022-36111 checked only the ends).
 *
 * Where it stops is named as precisely as the evidence allows: an entry edited, deleted,
 * swapped or inserted without recomputing the chain breaks the chain at that entry; one whose
 * chain and hashes were recomputed fails only at the next checkpoint, which names the window
 * (see `firstDifferingLeaf` to narrow it with a reference copy).
 */
import { canonicalJson } from './canonical';
import { parseCheckpoint, type Checkpoint } from './checkpoint';
import { toHex } from './encoding';
import { CompactRange, sameDigest, subtreeRoot, type Digest, type TreeHasher } from './merkle';
import { NoteError, openNote, type Ed25519, type VerifierKey } from './note';

export const GENESIS_PREV = '0'.repeat(64);

/** Where verification stopped, and why. */
export type Finding =
  | { at: 'entry'; seq: number; line: number; reason: string }
  | { at: 'checkpoint'; size: number | null; line: number; reason: string }
  | { at: 'window'; fromSize: number; toSize: number; line: number; reason: string }
  | { at: 'file'; line: number; reason: string };

export interface Verdict {
  ok: boolean;
  entriesChecked: number;
  checkpointsChecked: number;
  /** The seq of the first entry checked (an export of a period starts after the log's start). */
  firstSeq: number | null;
  lastSeq: number | null;
  /** The newest checkpoint that verified. */
  lastCheckpoint: { size: number; root: string; signedAt: number } | null;
  firstBad: Finding | null;
}

export interface VerifierSetup {
  hasher: TreeHasher;
  key: VerifierKey;
  ed25519: Ed25519;
  /** The log's origin line: a checkpoint of another log is refused. */
  origin: string;
}

/** Where an export of a period starts: the tree's right edge after `size` entries, and the last leaf hash. */
export interface StartAnchor {
  size: number;
  /** The roots of the perfect subtrees of the first `size` leaves, largest first. */
  edge: Digest[];
  prev: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export class LogVerifier {
  private readonly range: CompactRange;
  private prev: string;
  private nextSeq: number;
  private readonly startSize: number;
  private lastGood: { size: number; line: number } | null = null;
  private verdict: Omit<Verdict, 'ok'>;

  constructor(private readonly setup: VerifierSetup, anchor?: StartAnchor) {
    this.range = anchor ? CompactRange.fromEdge(setup.hasher, anchor.size, anchor.edge) : new CompactRange(setup.hasher);
    this.prev = anchor?.prev ?? GENESIS_PREV;
    this.nextSeq = (anchor?.size ?? 0) + 1;
    this.startSize = anchor?.size ?? 0;
    this.verdict = { entriesChecked: 0, checkpointsChecked: 0, firstSeq: null, lastSeq: null, lastCheckpoint: null, firstBad: null };
  }

  get entriesChecked(): number {
    return this.verdict.entriesChecked;
  }

  get failed(): boolean {
    return this.verdict.firstBad !== null;
  }

  /** The leaf hash of each entry checked, in order, for `firstDifferingLeaf`; only kept when asked. */
  readonly leaves: Digest[] = [];
  keepLeaves = false;

  private fail(f: Finding): false {
    this.verdict.firstBad ??= f;
    return false;
  }

  /**
   * One entry, as the bytes of its line (and their JSON value when the caller parsed them
   * already). Returns false, and records why, when it does not verify.
   */
  entry(bytes: Uint8Array, line: number, value?: unknown): boolean {
    if (this.failed) return false;
    const seq = this.nextSeq;
    let text: string;
    let parsed: unknown;
    try {
      text = decoder.decode(bytes);
      parsed = value === undefined ? JSON.parse(text) : value;
    } catch {
      return this.fail({ at: 'entry', seq, line, reason: `line ${line} is not an entry in JSON (UTF-8)` });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return this.fail({ at: 'entry', seq, line, reason: `line ${line} is not an entry object` });
    const e = parsed as { seq?: unknown; prev?: unknown };
    if (typeof e.seq !== 'number') return this.fail({ at: 'entry', seq, line, reason: `the entry on line ${line} has no seq` });
    if (e.seq !== seq) {
      const why = e.seq < seq ? 'repeats or comes after a later entry (entries swapped or inserted)' : `skips ${seq}${e.seq - seq > 1 ? `–${e.seq - 1}` : ''} (an entry deleted)`;
      return this.fail({ at: 'entry', seq, line, reason: `expected entry ${seq}, found ${e.seq}: the log ${why}` });
    }
    if (canonicalJson(parsed) !== text) return this.fail({ at: 'entry', seq, line, reason: `entry ${seq} is not in its canonical bytes: it was re-encoded or edited` });
    if (e.prev !== this.prev) {
      const before = seq - 1;
      return this.fail({ at: 'entry', seq: before > this.startSize ? before : seq, line: before > this.startSize ? line - 1 : line, reason: `entry ${seq} links to ${String(e.prev).slice(0, 16)}…, not to the hash of entry ${before}: entry ${before > this.startSize ? before : seq} was altered` });
    }
    const leaf = this.setup.hasher.leaf(bytes);
    this.range.append(leaf);
    if (this.keepLeaves) this.leaves.push(leaf);
    this.prev = toHex(leaf);
    this.nextSeq++;
    this.verdict.entriesChecked++;
    this.verdict.firstSeq ??= seq;
    this.verdict.lastSeq = seq;
    return true;
  }

  /** One signed checkpoint note; it must come right after the entry that makes its size. */
  checkpoint(note: string, line: number): boolean {
    if (this.failed) return false;
    let c: Checkpoint;
    try {
      c = parseCheckpoint(openNote(note, this.setup.key, this.setup.ed25519));
    } catch (e) {
      return this.fail({ at: 'checkpoint', size: null, line, reason: e instanceof NoteError ? e.message : String(e) });
    }
    if (c.origin !== this.setup.origin) return this.fail({ at: 'checkpoint', size: c.size, line, reason: `the checkpoint is of another log (origin ${JSON.stringify(c.origin)}, expected ${JSON.stringify(this.setup.origin)})` });
    if (c.size !== this.range.size) {
      return this.fail({ at: 'checkpoint', size: c.size, line, reason: c.size > this.range.size ? `the checkpoint of size ${c.size} comes after entry ${this.range.size}: entries are missing (file truncated or entries deleted)` : `the checkpoint of size ${c.size} comes after entry ${this.range.size}: out of order` });
    }
    const last = this.verdict.lastCheckpoint;
    if (last && c.signedAt < last.signedAt) return this.fail({ at: 'checkpoint', size: c.size, line, reason: `the checkpoint of size ${c.size} is signed before the one of size ${last.size}` });
    if (!sameDigest(this.range.root(), c.root)) {
      const from = this.lastGood?.size ?? this.startSize;
      return this.fail({ at: 'window', fromSize: from, toSize: c.size, line, reason: `entries ${from + 1}–${c.size} do not hash to the signed root of size ${c.size}: one of them was altered and the chain recomputed` });
    }
    this.lastGood = { size: c.size, line };
    this.verdict.checkpointsChecked++;
    this.verdict.lastCheckpoint = { size: c.size, root: toHex(c.root), signedAt: c.signedAt };
    return true;
  }

  /** The verdict; entries after the last checkpoint are named as not covered by a signature. */
  finish(line: number): Verdict {
    if (!this.failed) {
      if (this.verdict.checkpointsChecked === 0) this.fail({ at: 'file', line, reason: 'no checkpoint: nothing in the file is signed' });
      else if (this.range.size > (this.lastGood?.size ?? 0)) this.fail({ at: 'file', line, reason: `entries ${(this.lastGood?.size ?? 0) + 1}–${this.range.size} come after the last checkpoint: the file is truncated or was extended` });
    }
    return { ok: !this.failed, ...this.verdict };
  }
}

/**
 * The index of the first leaf where two trees of `size` leaves differ, found by descending from
 * the root to the first subtree whose roots differ; null when they are the same tree. With the
 * console's verified replica as the reference, an edit whose hashes were recomputed is named at
 * its entry, not only at its checkpoint window.
 */
export function firstDifferingLeaf(h: TreeHasher, mine: readonly Digest[], reference: readonly Digest[], size: number): number | null {
  if (mine.length < size || reference.length < size) throw new RangeError(`both copies need ${size} leaves (have ${mine.length} and ${reference.length})`);
  let lo = 0;
  let hi = size;
  if (sameDigest(subtreeRoot(h, mine, lo, hi), subtreeRoot(h, reference, lo, hi))) return null;
  while (hi - lo > 1) {
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    if (!sameDigest(subtreeRoot(h, mine, lo, lo + k), subtreeRoot(h, reference, lo, lo + k))) hi = lo + k;
    else lo += k;
  }
  return lo;
}
