/**
 * The audit log export file (docs/audit-export.md): NDJSON, a header line, then the entries in
 * their canonical bytes with the signed checkpoints between them, then an end line. Verified as
 * it streams, in constant memory, with Node's native hashing.
 */
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import {
  LogVerifier, fromBase64, keyFingerprint, parseVerifierKey, type Finding, type StartAnchor, type Verdict, type VerifierKey,
} from '../../../shared/audit';
import { nodeEd25519, nodeSha256, nodeTreeHasher } from './node-crypto';

export const EXPORT_FORMAT = 'docket-audit-log';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const ExportHeader = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  origin: z.string().min(1),
  /** The service's verifier key (`name+hash+base64`), as the exporting console pinned it. */
  key: z.string().min(1),
  keyFingerprint: Hex64,
  /** The tree's right edge before the first entry in the file (size 0 for the whole log). */
  start: z.strictObject({ size: z.number().int().min(0), edge: z.array(z.string()), prev: Hex64 }),
  exportedAt: z.string(),
  period: z.strictObject({ since: z.string().nullable(), until: z.string().nullable() }),
});
export type ExportHeader = z.infer<typeof ExportHeader>;

const CheckpointLine = z.strictObject({ checkpoint: z.string() });
const EndLine = z.strictObject({ end: z.strictObject({ entries: z.number().int().min(0), checkpoints: z.number().int().min(0) }) });

export interface AuditVerdict extends Verdict {
  file: string;
  origin: string | null;
  key: { name: string; fingerprint: string; source: 'given' | 'file' } | null;
  period: ExportHeader['period'] | null;
}

/** The file's lines as bytes (a line's bytes are what was hashed: no decoding on the way). */
async function* lines(path: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let at = buf.indexOf(10);
    while (at >= 0) {
      yield buf.subarray(0, at);
      buf = buf.subarray(at + 1);
      at = buf.indexOf(10);
    }
    rest = Buffer.from(buf);
  }
  if (rest.length > 0) yield rest;
}

const fileFinding = (line: number, reason: string): Finding => ({ at: 'file', line, reason });

/**
 * Verifies an export file. `pinnedKey` is the verifier key the reader trusts (`--key`); without
 * it the file's own key is used and the verdict says so: a file can claim any key (immudb's
 * CVE-2022-39199), so only a pinned key proves who signed.
 */
export async function verifyExportFile(path: string, pinnedKey?: string): Promise<AuditVerdict> {
  const verdict = (v: Partial<AuditVerdict> & { firstBad: Finding }): AuditVerdict => ({
    ok: false, entriesChecked: 0, checkpointsChecked: 0, firstSeq: null, lastSeq: null, lastCheckpoint: null, file: path, origin: null, key: null, period: null, ...v,
  });
  const it = lines(path);
  let lineNo = 1;
  let header: ExportHeader;
  let key: VerifierKey;
  let keySource: 'given' | 'file';
  try {
    const first = await it.next();
    if (first.done) return verdict({ firstBad: fileFinding(1, 'the file is empty') });
    const parsed = ExportHeader.safeParse(JSON.parse(first.value.toString('utf8')));
    if (!parsed.success) return verdict({ firstBad: fileFinding(1, `line 1 is not a ${EXPORT_FORMAT} header: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'header'} ${i.message}`).join('; ')}`) });
    header = parsed.data;
    const claimed = parseVerifierKey(nodeSha256, header.key);
    key = pinnedKey ? parseVerifierKey(nodeSha256, pinnedKey) : claimed;
    keySource = pinnedKey ? 'given' : 'file';
  } catch (e) {
    return verdict({ firstBad: fileFinding(1, `line 1: ${e instanceof Error ? e.message : String(e)}`) });
  }
  const fingerprint = keyFingerprint(nodeSha256, key);
  const common = { file: path, origin: header.origin, key: { name: key.name, fingerprint, source: keySource }, period: header.period };
  let anchor: StartAnchor | undefined;
  try {
    anchor = header.start.size > 0 ? { size: header.start.size, edge: header.start.edge.map(fromBase64), prev: header.start.prev } : undefined;
    const verifier = new LogVerifier({ hasher: nodeTreeHasher, key, ed25519: nodeEd25519, origin: header.origin }, anchor);
    let end: z.infer<typeof EndLine>['end'] | null = null;
    let checkpoints = 0;
    const stop = (reason: string) => ({ ...verifier.finish(lineNo), ...common, ok: false, firstBad: fileFinding(lineNo, reason) });
    for await (const bytes of it) {
      lineNo++;
      if (end) return stop(`line ${lineNo} follows the end line`);
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8'));
      } catch {
        // Not JSON: an entry's bytes edited, or the file cut mid-line. The verifier names which entry.
        if (!verifier.entry(bytes, lineNo)) break;
        continue;
      }
      const cp = CheckpointLine.safeParse(value);
      if (cp.success) {
        checkpoints++;
        if (!verifier.checkpoint(cp.data.checkpoint, lineNo)) break;
        continue;
      }
      const e = EndLine.safeParse(value);
      if (e.success) {
        end = e.data.end;
        if (end.entries !== verifier.entriesChecked || end.checkpoints !== checkpoints) {
          return stop(`the end line counts ${end.entries} entries and ${end.checkpoints} checkpoints; the file holds ${verifier.entriesChecked} and ${checkpoints}`);
        }
        continue;
      }
      if (!verifier.entry(bytes, lineNo, value)) break;
    }
    const result = verifier.finish(lineNo + 1);
    if (result.ok && !end) return { ...result, ...common, ok: false, firstBad: fileFinding(lineNo + 1, 'the file has no end line: it was cut off') };
    return { ...result, ...common };
  } catch (e) {
    return verdict({ ...common, firstBad: fileFinding(lineNo, e instanceof Error ? e.message : String(e)) });
  }
}
