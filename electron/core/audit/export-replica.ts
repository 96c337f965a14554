/**
 * Writes the console's verified audit replica, or a period of it, as the export file
 * (docs/audit-log.md): the UI's `audit.export` and `npm run audit -- export` both call this.
 * A period is the entries whose time falls in it, carried on to the next checkpoint held so
 * that every entry in the file is under a signature; the header's `start` anchors the first
 * entry to the tree before it.
 */
import { CompactRange, GENESIS_PREV, keyFingerprint, parseVerifierKey, toBase64 } from '../../../shared/audit';
import type { ReadableDB } from '../db/handles';
import { EXPORT_FORMAT, type ExportHeader } from './export-file';
import { writeExportFile, type ExportItem } from './export-writer';
import { nodeSha256, nodeTreeHasher } from './node-crypto';
import { heldCheckpoints, heldEntries, lastCheckpoint, pinnedAuditKey } from './replica';

export class AuditExportError extends Error {
  override readonly name = 'AuditExportError';
}

export interface ExportPeriod {
  since: number | null;
  until: number | null;
}

export interface ExportSummary {
  file: string;
  entries: number;
  checkpoints: number;
  keyFingerprint: string;
  firstSeq: number | null;
  lastSeq: number | null;
}

/** The seq range [from, to] a period covers, `to` carried on to a checkpoint held; null when the period holds no entry. */
function periodRange(db: ReadableDB, period: ExportPeriod, heldSize: number): { from: number; to: number } | null {
  const since = period.since ?? 0;
  const until = period.until ?? Number.MAX_SAFE_INTEGER;
  if (since > until) throw new AuditExportError(`the period starts (${new Date(since).toISOString()}) after it ends (${new Date(until).toISOString()})`);
  const first = db.prepare('SELECT min(seq) FROM audit_entries WHERE at >= ? AND at <= ? AND seq <= ?').pluck().get(since, until, heldSize) as number | null;
  const last = db.prepare('SELECT max(seq) FROM audit_entries WHERE at >= ? AND at <= ? AND seq <= ?').pluck().get(since, until, heldSize) as number | null;
  if (first === null || last === null) return null;
  const to = db.prepare('SELECT min(tree_size) FROM audit_checkpoints WHERE tree_size >= ?').pluck().get(last) as number;
  return { from: first, to };
}

export async function exportReplica(db: ReadableDB, file: string, period: ExportPeriod, now: number): Promise<ExportSummary> {
  const keyText = pinnedAuditKey(db);
  if (!keyText) throw new AuditExportError('this console has pinned no audit signing key, so it holds no verified audit log to export');
  const key = parseVerifierKey(nodeSha256, keyText);
  const held = lastCheckpoint(db);
  if (!held) throw new AuditExportError('this console holds no verified audit log yet: sync first');
  const range = periodRange(db, period, held.size);
  if (!range) throw new AuditExportError('no audit log entry falls in that period');
  const start = new CompactRange(nodeTreeHasher);
  let prev = GENESIS_PREV;
  for (const leaf of db.prepare('SELECT leaf_hash FROM audit_entries WHERE seq < ? ORDER BY seq').pluck().iterate(range.from) as IterableIterator<Buffer>) {
    start.append(leaf);
    prev = leaf.toString('hex');
  }
  const header: ExportHeader = {
    format: EXPORT_FORMAT, version: 1, origin: key.name, key: keyText, keyFingerprint: keyFingerprint(nodeSha256, key),
    start: { size: start.size, edge: start.edge().map(toBase64), prev },
    exportedAt: new Date(now).toISOString(),
    period: { since: period.since === null ? null : new Date(period.since).toISOString(), until: period.until === null ? null : new Date(period.until).toISOString() },
  };
  const { from, to } = range;
  const checkpoints = heldCheckpoints(db, from, to);
  function* items(): Generator<ExportItem> {
    let ci = 0;
    for (const e of heldEntries(db, from, to)) {
      yield { entry: e.bytes };
      if (checkpoints[ci]?.size === e.seq) yield { checkpoint: (checkpoints[ci++] as { note: string }).note };
    }
  }
  const written = await writeExportFile(file, header, items());
  return { file, ...written, keyFingerprint: header.keyFingerprint, firstSeq: from, lastSeq: to };
}
