/**
 * A checkpoint of the audit log (C2SP tlog-checkpoint, the body Sigstore and the Go checksum
 * database sign): origin, tree size and root hash, one per line, then our one extension line,
 * the time the service signed it:
 *
 *   docket.example/audit\n
 *   1000\n
 *   <base64 root hash>\n
 *   time 2026-12-07T22:00:00.000Z\n
 */
import { fromBase64, toBase64 } from './encoding';
import { NoteError } from './note';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  /** When the service signed it, UTC milliseconds. */
  signedAt: number;
}

export function formatCheckpoint(c: Checkpoint): string {
  if (c.origin.length === 0 || /[\n\r]/.test(c.origin)) throw new NoteError('a checkpoint origin is one non-empty line');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new NoteError(`a checkpoint size is a whole number ≥ 0, not ${String(c.size)}`);
  if (c.root.length !== 32) throw new NoteError(`a checkpoint root is a 32-byte SHA-256 hash, not ${c.root.length} bytes`);
  return `${c.origin}\n${c.size}\n${toBase64(c.root)}\ntime ${new Date(c.signedAt).toISOString()}\n`;
}

/** Reads a checkpoint's text (a signed note's text, already verified); throws NoteError naming the bad line. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new NoteError('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin = '', size = '', root = '', ...extensions] = lines;
  if (origin.length === 0) throw new NoteError('line 1 of the checkpoint (origin) is empty');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) throw new NoteError(`line 2 of the checkpoint (tree size) is not a whole number: ${JSON.stringify(size)}`);
  let rootHash: Uint8Array;
  try {
    rootHash = fromBase64(root);
  } catch {
    throw new NoteError('line 3 of the checkpoint (root hash) is not base64');
  }
  if (rootHash.length !== 32) throw new NoteError(`line 3 of the checkpoint (root hash) is ${rootHash.length} bytes, not 32`);
  const time = extensions.find((l) => l.startsWith('time '));
  const signedAt = time ? Date.parse(time.slice(5)) : NaN;
  if (!Number.isFinite(signedAt) || new Date(signedAt).toISOString() !== time?.slice(5)) throw new NoteError('the checkpoint has no "time <ISO 8601 UTC>" line');
  return { origin, size: Number(size), root: rootHash, signedAt };
}
