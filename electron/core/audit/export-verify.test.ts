/**
 * What verification of an export must catch, each named at its place (issue "Supervisor audit",
 * section 2), on files written from a real console replica in SQLite by `exportReplica` (the
 * path of `audit.export` and `npm run audit -- export`), verified by `verifyExportFile` and,
 * with the replica as reference, `verdictWithReference`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { formatVerifierKey } from '../../../shared/audit';
import { openDatabase } from '../db/open';
import { ORIGIN, keyPair, signedLog, storeReplica } from '../testing/audit-log';
import { tempDir } from '../testing/tmp';
import { verifyExportFile } from './export-file';
import { exportReplica } from './export-replica';
import { nodeTreeHasher as h } from './node-crypto';
import { verdictWithReference } from './reference';

const tmp = tempDir('docket-audit-verify-');
afterAll(() => tmp.remove());

const service = keyPair(ORIGIN);
const pinned = formatVerifierKey(service.key);
const replica = openDatabase(tmp.file('replica.db'));
storeReplica(replica, signedLog(200, 50, service), service.key);

let n = 0;
async function exported(): Promise<string[]> {
  const file = tmp.file(`export-${++n}.ndjson`);
  await exportReplica(replica, file, { since: null, until: null }, 1_765_100_000_000);
  return readFileSync(file, 'utf8').split('\n');
}
function write(lines: string[]): string {
  const file = tmp.file(`edited-${++n}.ndjson`);
  writeFileSync(file, lines.join('\n'));
  return file;
}
/** The line of entry `seq` in a whole export with a checkpoint every 50: the header, entries, checkpoint lines before it. */
const lineOf = (seq: number) => seq + Math.floor((seq - 1) / 50);

describe('verifying an export of the console replica', () => {
  it('passes the replica as exported, whole and for a period', async () => {
    const lines = await exported();
    expect(await verifyExportFile(write(lines), pinned)).toMatchObject({ ok: true, entriesChecked: 200, checkpointsChecked: 4, firstSeq: 1, lastSeq: 200 });
    const period = tmp.file('period.ndjson');
    const s = await exportReplica(replica, period, { since: 1_765_000_000_000 + 60, until: 1_765_000_000_000 + 120 }, 0);
    // From entry 60 on to the checkpoint after entry 120: every entry is under a signature.
    expect(s).toMatchObject({ firstSeq: 60, lastSeq: 150, checkpoints: 2 });
    expect(await verifyExportFile(period, pinned)).toMatchObject({ ok: true, firstSeq: 60, lastSeq: 150 });
  });

  it('names one byte changed in an entry at that entry', async () => {
    const lines = await exported();
    lines[lineOf(77)] = (lines[lineOf(77)] as string).replace('"amountFen":77', '"amountFen":78');
    expect(await verifyExportFile(write(lines), pinned)).toMatchObject({ ok: false, firstBad: { at: 'entry', seq: 77 } });
  });

  it('names a deleted entry, two swapped and one inserted at their place', async () => {
    const deleted = await exported();
    deleted.splice(lineOf(30), 1);
    expect(await verifyExportFile(write(deleted), pinned)).toMatchObject({ ok: false, firstBad: { at: 'entry', seq: 30, reason: expect.stringContaining('deleted') } });
    const swapped = await exported();
    [swapped[lineOf(40)], swapped[lineOf(41)]] = [swapped[lineOf(41)] as string, swapped[lineOf(40)] as string];
    expect(await verifyExportFile(write(swapped), pinned)).toMatchObject({ ok: false, firstBad: { at: 'entry', seq: 40 } });
    const inserted = await exported();
    inserted.splice(lineOf(90), 0, inserted[lineOf(89)] as string);
    expect(await verifyExportFile(write(inserted), pinned)).toMatchObject({ ok: false, firstBad: { at: 'entry', seq: 90, reason: expect.stringContaining('inserted') } });
  });

  it('names an edit with its chain and hashes recomputed at its window, and at its entry against the replica', async () => {
    const lines = await exported();
    // Entry 123 altered, and every later entry's prev recomputed: only the signed root can tell.
    let prev: string | null = null;
    for (let seq = 123; seq <= 200; seq++) {
      const e = JSON.parse(lines[lineOf(seq)] as string) as Record<string, unknown>;
      if (prev) e.prev = prev;
      if (seq === 123) (e.payload as Record<string, unknown>).amountFen = 1;
      const text = JSON.stringify(Object.fromEntries(Object.entries(e).sort(([a], [b]) => (a < b ? -1 : 1))));
      lines[lineOf(seq)] = text;
      prev = Buffer.from(h.leaf(Buffer.from(text))).toString('hex');
    }
    const file = write(lines);
    const alone = await verifyExportFile(file, pinned);
    expect(alone).toMatchObject({ ok: false, firstBad: { at: 'window', fromSize: 100, toSize: 150 } });
    expect(await verdictWithReference(alone, file, replica)).toMatchObject({ ok: false, reference: { firstDifferingSeq: 123 } });
  });

  it('refuses a tail replaced and re-signed with another key, naming its first checkpoint', async () => {
    const forger = keyPair(ORIGIN);
    const forged = signedLog(200, 50, forger).filter((i) => 'checkpoint' in i).map((i) => JSON.stringify(i));
    const lines = await exported();
    lines[lineOf(150) + 1] = forged[2] as string;
    expect(await verifyExportFile(write(lines), pinned)).toMatchObject({ ok: false, firstBad: { at: 'checkpoint', line: lineOf(150) + 2, reason: expect.stringContaining('not signed by the pinned key') } });
  });

  it('refuses a rollback to an older checkpoint, a checkpoint of another origin, and a truncated file', async () => {
    const lines = await exported();
    const older = lines[lineOf(50) + 1] as string;
    const rolled = [...lines];
    rolled[lineOf(100) + 1] = older;
    expect(await verifyExportFile(write(rolled), pinned)).toMatchObject({ ok: false, firstBad: { at: 'checkpoint', size: 50, reason: expect.stringContaining('out of order') } });

    const otherLog = keyPair('other.example/audit');
    const foreign = [...lines];
    foreign[0] = (foreign[0] as string).replace(`"origin":"${ORIGIN}"`, '"origin":"other.example/audit"');
    expect(await verifyExportFile(write(foreign), pinned)).toMatchObject({ ok: false, firstBad: { at: 'checkpoint', reason: expect.stringContaining('another log') } });
    expect(await verifyExportFile(write(lines), formatVerifierKey(otherLog.key))).toMatchObject({ ok: false, firstBad: { at: 'checkpoint', reason: expect.stringContaining('not signed by the pinned key') } });

    expect(await verifyExportFile(write(lines.slice(0, lineOf(170))), pinned)).toMatchObject({ ok: false, firstBad: { at: 'file' } });
    expect(await verifyExportFile(write(lines.slice(0, -2)), pinned)).toMatchObject({ ok: false, firstBad: { at: 'file', reason: expect.stringContaining('cut off') } });
  });

  it('finds a fork: another log of the same size, signed by the same key, verifies alone and differs from the replica at its entry', async () => {
    // The service signed two histories: this console holds one, another console exported the other.
    const other = openDatabase(tmp.file('other-console.db'));
    // The forked history differs at entry 160 and is signed as the service would have signed it.
    storeReplica(other, signedLog(200, 50, service, (seq) => (seq === 160 ? 16 : seq)), service.key);
    const file = tmp.file('fork.ndjson');
    await exportReplica(other, file, { since: null, until: null }, 0);
    const alone = await verifyExportFile(file, pinned);
    expect(alone).toMatchObject({ ok: true });
    expect(await verdictWithReference(alone, file, replica)).toMatchObject({ ok: false, firstBad: { reason: expect.stringContaining('a fork') }, reference: { firstDifferingSeq: 160 } });
    other.close();
  });
});
