/**
 * Verification against a reference copy (`verify --reference <console database>`, and the UI's
 * verify of a file): the console's own verified replica. An edit whose chain and hashes were
 * recomputed fails only at a checkpoint window in the file alone; with the reference's leaf
 * hashes, `firstDifferingLeaf` descends the tree to the exact entry. A file that verifies but
 * signs another root than the reference holds for the same size is a fork, named the same way.
 */
import { readFile } from 'node:fs/promises';
import { firstDifferingLeaf, sameDigest, type Digest } from '../../../shared/audit';
import type { ReadableDB } from '../db/handles';
import { ExportHeader, type AuditVerdict } from './export-file';
import { nodeTreeHasher } from './node-crypto';
import { heldCheckpoints, heldLeaves, lastCheckpoint } from './replica';

/** The leaf hash of every entry line of an export file, and its header (lines are hashed as they are). */
async function fileLeaves(path: string): Promise<{ header: ExportHeader; leaves: Digest[] }> {
  const text = await readFile(path);
  const lines: Buffer[] = [];
  for (let at = 0; at < text.length;) {
    const nl = text.indexOf(10, at);
    lines.push(text.subarray(at, nl < 0 ? text.length : nl));
    at = nl < 0 ? text.length : nl + 1;
  }
  const header = ExportHeader.parse(JSON.parse((lines[0] ?? Buffer.alloc(0)).toString('utf8')));
  const leaves: Digest[] = [];
  for (const line of lines.slice(1)) {
    const s = line.toString('utf8');
    if (s.startsWith('{"checkpoint":') || s.startsWith('{"end":')) continue;
    leaves.push(nodeTreeHasher.leaf(line));
  }
  return { header, leaves };
}

export interface ReferenceFinding {
  firstDifferingSeq: number | null;
  detail: string;
}

/** Narrows a verdict with the reference replica: the first entry that differs, or why none could be named. */
export async function compareWithReference(verdict: AuditVerdict, file: string, reference: ReadableDB): Promise<ReferenceFinding> {
  const held = lastCheckpoint(reference);
  if (!held) return { firstDifferingSeq: null, detail: 'the reference holds no verified audit log' };
  const { header, leaves } = await fileLeaves(file);
  const start = header.start.size;
  const bad = verdict.firstBad;
  // The size to compare at: the failing window's end, or (a file that verifies) its last checkpoint: a fork shows there.
  const size = bad?.at === 'window' ? bad.toSize : verdict.ok ? verdict.lastCheckpoint?.size ?? null : null;
  if (size === null) return { firstDifferingSeq: bad?.at === 'entry' ? (bad.seq ?? null) : null, detail: 'the file alone names the place' };
  if (size > held.size) return { firstDifferingSeq: null, detail: `the reference holds ${held.size} entries, fewer than the ${size} to compare` };
  const ref = heldLeaves(reference, size);
  const mine = [...ref.slice(0, start), ...leaves.slice(0, size - start)];
  if (mine.length < size) return { firstDifferingSeq: null, detail: `the file holds entries up to ${mine.length}, not ${size}` };
  const index = firstDifferingLeaf(nodeTreeHasher, mine, ref, size);
  if (index === null) {
    const refCp = heldCheckpoints(reference, size, size)[0];
    const same = refCp && verdict.lastCheckpoint ? sameDigest(refCp.root, Buffer.from(verdict.lastCheckpoint.root, 'hex')) : true;
    return { firstDifferingSeq: null, detail: same ? `the file's first ${size} entries are the reference's` : `the entries are the reference's but the signed roots of size ${size} differ` };
  }
  return { firstDifferingSeq: index + 1, detail: `entry ${index + 1} differs from the reference's verified copy (found by descending the tree of ${size} entries)` };
}

/** The verdict with the reference's finding; a file that verified but differs from the reference is a fork, and fails. */
export async function verdictWithReference(verdict: AuditVerdict, file: string, reference: ReadableDB): Promise<AuditVerdict & { reference: ReferenceFinding }> {
  const found = await compareWithReference(verdict, file, reference);
  if (verdict.ok && (found.firstDifferingSeq !== null || found.detail.includes('roots'))) {
    return { ...verdict, ok: false, firstBad: { at: 'entry', seq: found.firstDifferingSeq ?? 0, line: 0, reason: `a fork: the file verifies by itself, but ${found.detail}` }, reference: found };
  }
  return { ...verdict, reference: found };
}
