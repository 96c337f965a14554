import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson } from './canonical';
import { formatCheckpoint } from './checkpoint';
import { toHex } from './encoding';
import { GENESIS_PREV, LogVerifier, firstDifferingLeaf, type Verdict } from './log-verifier';
import { CompactRange, type Digest } from './merkle';
import { formatNote, verifierKey, type Ed25519 } from './note';
import { pureSha256, testHasher as h } from './testing';

const ORIGIN = 'docket.test/audit';
const SEED = new Uint8Array(32).fill(3);
const KEY = verifierKey(pureSha256, 'docket-test', ed25519.getPublicKey(SEED));
const OTHER_SEED = new Uint8Array(32).fill(9);
const pureEd25519: Ed25519 = { verify: (pub, msg, sig) => ed25519.verify(sig, msg, pub) };
const encoder = new TextEncoder();

type Line = { entry: Uint8Array } | { checkpoint: string };

function sign(size: number, root: Digest, seed = SEED, origin = ORIGIN, at = 1_765_000_000_000 + size): string {
  const text = formatCheckpoint({ origin, size, root, signedAt: at });
  const key = verifierKey(pureSha256, KEY.name, ed25519.getPublicKey(seed));
  return formatNote({ text, signatures: [{ keyName: key.name, keyHash: key.keyHash, signature: ed25519.sign(encoder.encode(text), seed) }] });
}

function entryValue(seq: number, prev: string): Record<string, unknown> {
  return { seq, prev, at: 1_765_000_000_000 + seq * 1000, actor: { id: `arb-${seq % 3}`, name: '王芳' }, action: 'decision', caseId: `RD-${1000 + seq}`, payload: { outcome: { type: 'partial_refund', amountFen: seq * 100 }, note: '证据 "照片" 一致' } };
}

/** A log of n entries, chained, with a signed checkpoint after every `every` entries and at the end. */
function buildLog(n: number, every: number, mutate?: (seq: number, v: Record<string, unknown>) => Record<string, unknown>): { lines: Line[]; leaves: Digest[] } {
  const range = new CompactRange(h);
  const lines: Line[] = [];
  const leaves: Digest[] = [];
  let prev = GENESIS_PREV;
  for (let seq = 1; seq <= n; seq++) {
    const value = mutate ? mutate(seq, entryValue(seq, prev)) : entryValue(seq, prev);
    const bytes = canonicalBytes(value);
    const leaf = h.leaf(bytes);
    range.append(leaf);
    leaves.push(leaf);
    prev = toHex(leaf);
    lines.push({ entry: bytes });
    if (seq % every === 0 || seq === n) lines.push({ checkpoint: sign(seq, range.root()) });
  }
  return { lines, leaves };
}

function verify(lines: readonly Line[], keep = false): { verdict: Verdict; verifier: LogVerifier } {
  const verifier = new LogVerifier({ hasher: h, key: KEY, ed25519: pureEd25519, origin: ORIGIN });
  verifier.keepLeaves = keep;
  lines.forEach((l, i) => ('entry' in l ? verifier.entry(l.entry, i + 1) : verifier.checkpoint(l.checkpoint, i + 1)));
  return { verdict: verifier.finish(lines.length + 1), verifier };
}

const entryLineOf = (lines: readonly Line[], seq: number) => {
  let n = 0;
  return lines.findIndex((l) => 'entry' in l && ++n === seq);
};
const editEntry = (lines: Line[], seq: number, edit: (text: string) => string): Line[] => {
  const i = entryLineOf(lines, seq);
  const copy = [...lines];
  copy[i] = { entry: encoder.encode(edit(new TextDecoder().decode((lines[i] as { entry: Uint8Array }).entry))) };
  return copy;
};

describe('verifying an audit log', () => {
  const { lines, leaves } = buildLog(50, 8);

  it('passes a log as the service wrote it, counting every entry and checkpoint', () => {
    const { verdict } = verify(lines);
    expect(verdict).toMatchObject({ ok: true, entriesChecked: 50, checkpointsChecked: 7, firstSeq: 1, lastSeq: 50, firstBad: null });
    expect(verdict.lastCheckpoint?.size).toBe(50);
  });

  it('names a naive edit (one byte of an entry changed) at that entry', () => {
    const { verdict } = verify(editEntry(lines, 20, (t) => t.replace('"amountFen":2000', '"amountFen":9000')));
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBad).toMatchObject({ at: 'entry', seq: 20 });
  });

  it('names a deleted entry, two swapped entries and an inserted one at their place', () => {
    const deleted = lines.filter((_, i) => i !== entryLineOf(lines, 13));
    expect(verify(deleted).verdict.firstBad).toMatchObject({ at: 'entry', seq: 13, reason: expect.stringContaining('deleted') });
    const swapped = [...lines];
    [swapped[entryLineOf(lines, 30)], swapped[entryLineOf(lines, 31)]] = [lines[entryLineOf(lines, 31)] as Line, lines[entryLineOf(lines, 30)] as Line];
    expect(verify(swapped).verdict.firstBad).toMatchObject({ at: 'entry', seq: 30 });
    const inserted = [...lines];
    inserted.splice(entryLineOf(lines, 5), 0, lines[entryLineOf(lines, 4)] as Line);
    expect(verify(inserted).verdict.firstBad).toMatchObject({ at: 'entry', seq: 5, reason: expect.stringContaining('inserted') });
  });

  it('refuses an entry that is not in its canonical bytes', () => {
    const reencoded = editEntry(lines, 7, (t) => JSON.stringify(JSON.parse(t), null, 1));
    expect(verify(reencoded).verdict.firstBad).toMatchObject({ at: 'entry', seq: 7, reason: expect.stringContaining('canonical') });
  });

  it('names an edit whose chain was recomputed at its checkpoint window, and at its entry given a reference', () => {
    const forged = buildLog(50, 8, (seq, v) => (seq === 27 ? { ...v, payload: { ...(v.payload as object), outcome: { type: 'reject' } } } : v));
    // The forger recomputed chain and leaves but cannot sign: keep the genuine checkpoints.
    const genuineCheckpoints = lines.filter((l) => 'checkpoint' in l);
    let c = 0;
    const mixed = forged.lines.map((l) => ('checkpoint' in l ? (genuineCheckpoints[c++] as Line) : l));
    const { verdict, verifier } = verify(mixed, true);
    expect(verdict.firstBad).toMatchObject({ at: 'window', fromSize: 24, toSize: 32 });
    expect(firstDifferingLeaf(h, verifier.leaves.concat(forged.leaves.slice(verifier.leaves.length)), leaves, 32)).toBe(26);
    expect(firstDifferingLeaf(h, leaves, leaves, 50)).toBeNull();
  });

  it('refuses a tail replaced and re-signed with another key, a checkpoint of another origin, and a truncated file', () => {
    // Entries 41–50 replaced (chain recomputed) and the checkpoint of 50 signed by the forger's key.
    const forged = buildLog(50, 8, (seq, v) => (seq > 40 ? { ...v, caseId: 'RD-0' } : v));
    const resigned = [...lines.slice(0, entryLineOf(lines, 41)), ...forged.lines.slice(entryLineOf(lines, 41)).filter((l) => 'entry' in l), { checkpoint: sign(50, forged.leaves.reduce((r, l) => (r.append(l), r), new CompactRange(h)).root(), OTHER_SEED) }];
    expect(verify(resigned).verdict.firstBad).toMatchObject({ at: 'checkpoint', reason: expect.stringContaining('not signed by the pinned key') });
    const foreign = lines.map((l, i) => (i === lines.length - 1 ? { checkpoint: sign(50, leaves[0] as Digest, SEED, 'other.example/log') } : l));
    expect(verify(foreign).verdict.firstBad).toMatchObject({ at: 'checkpoint', reason: expect.stringContaining('another log') });
    expect(verify(lines.slice(0, -2)).verdict.firstBad).toMatchObject({ at: 'file', reason: expect.stringContaining('after the last checkpoint') });
    expect(verify(lines.slice(0, entryLineOf(lines, 40))).verdict).toMatchObject({ ok: false });
  });

  it('verifies a period starting after the log began, from the right edge at its start', () => {
    const range = new CompactRange(h);
    leaves.slice(0, 16).forEach((l) => range.append(l));
    const verifier = new LogVerifier({ hasher: h, key: KEY, ed25519: pureEd25519, origin: ORIGIN }, { size: 16, edge: range.edge(), prev: toHex(leaves[15] as Digest) });
    const period = lines.slice(entryLineOf(lines, 17));
    period.forEach((l, i) => ('entry' in l ? verifier.entry(l.entry, i + 1) : verifier.checkpoint(l.checkpoint, i + 1)));
    expect(verifier.finish(period.length + 1)).toMatchObject({ ok: true, entriesChecked: 34, firstSeq: 17, lastSeq: 50 });
  });

  it('writes canonical JSON as RFC 8785 does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é\n'], c: { z: 1.5, y: undefined } })).toBe('{"a":[true,null,"é\\n"],"b":1,"c":{"z":1.5}}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/a is NaN/);
  });
});
