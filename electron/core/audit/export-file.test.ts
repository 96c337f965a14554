import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatVerifierKey, keyFingerprint } from '../../../shared/audit';
import { ORIGIN, exportHeader as header, keyPair, signedLog as log } from '../testing/audit-log';
import { tempDir } from '../testing/tmp';
import { verifyExportFile } from './export-file';
import { writeExportFile } from './export-writer';
import { nodeSha256 } from './node-crypto';


const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
function tmpDir(): string {
  const d = tempDir('docket-audit-');
  dirs.push(d);
  return d.dir;
}

describe('the audit export file', () => {
  const service = keyPair('docket-test');

  it('verifies a whole export with the pinned key, and says when the key was only the file\'s own', async () => {
    const dir = tmpDir();
    const path = join(dir, 'audit.ndjson');
    expect(await writeExportFile(path, header(service.key), log(300, 64, service))).toEqual({ entries: 300, checkpoints: 5 });
    const pinned = await verifyExportFile(path, formatVerifierKey(service.key));
    expect(pinned).toMatchObject({ ok: true, entriesChecked: 300, checkpointsChecked: 5, lastSeq: 300, key: { source: 'given', fingerprint: keyFingerprint(nodeSha256, service.key) } });
    expect(await verifyExportFile(path)).toMatchObject({ ok: true, key: { source: 'file' } });
  });

  it('refuses a file whose log was re-signed by another key when the real one is pinned', async () => {
    const forger = keyPair('docket-test');
    const path = join(tmpDir(), 'forged.ndjson');
    await writeExportFile(path, header(forger.key), log(100, 64, forger));
    expect(await verifyExportFile(path)).toMatchObject({ ok: true, key: { source: 'file' } });
    expect(await verifyExportFile(path, formatVerifierKey(service.key))).toMatchObject({ ok: false, firstBad: { at: 'checkpoint', reason: expect.stringContaining('not signed by the pinned key') } });
  });

  it('names a byte changed in an entry, and refuses a cut-off file', async () => {
    const dir = tmpDir();
    const path = join(dir, 'audit.ndjson');
    await writeExportFile(path, header(service.key), log(100, 32, service));
    const text = readFileSync(path, 'utf8');
    writeFileSync(join(dir, 'edited.ndjson'), text.replace('"caseId":"V-77"', '"caseId":"V-78"'));
    expect(await verifyExportFile(join(dir, 'edited.ndjson'), formatVerifierKey(service.key))).toMatchObject({ ok: false, firstBad: { at: 'entry', seq: 77 } });
    const lines = text.split('\n');
    writeFileSync(join(dir, 'cut.ndjson'), `${lines.slice(0, -2).join('\n')}\n`);
    expect(await verifyExportFile(join(dir, 'cut.ndjson'), formatVerifierKey(service.key))).toMatchObject({ ok: false, firstBad: { at: 'file', reason: expect.stringContaining('cut off') } });
    writeFileSync(join(dir, 'mid.ndjson'), text.slice(0, text.length / 2));
    expect(await verifyExportFile(join(dir, 'mid.ndjson'), formatVerifierKey(service.key))).toMatchObject({ ok: false });
    writeFileSync(join(dir, 'header.ndjson'), text.replace(`"origin":"${ORIGIN}"`, '"origin":""'));
    expect(await verifyExportFile(join(dir, 'header.ndjson'))).toMatchObject({ ok: false, firstBad: { at: 'file', line: 1, reason: expect.stringContaining('origin') } });
  });
});
