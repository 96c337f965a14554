import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { formatVerifierKey } from '../shared/audit';
import { writeExportFile } from '../electron/core/audit/export-writer';
import { exportHeader, keyPair, signedLog } from '../electron/core/testing/audit-log';
import { tempDir } from '../electron/core/testing/tmp';
import { ROOT } from './paths';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'scripts', 'audit.ts');
const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('npm run audit -- verify', () => {
  it('prints the verdict as JSON, and exits 1 when the file does not verify and 2 on a wrong command', async () => {
    const d = tempDir('docket-audit-cli-');
    dirs.push(d);
    const service = keyPair('docket-test');
    await writeExportFile(d.file('audit.ndjson'), exportHeader(service.key), signedLog(40, 16, service));
    const good = await run(TSX, [CLI, 'verify', d.file('audit.ndjson'), '--key', formatVerifierKey(service.key)]);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, entriesChecked: 40, checkpointsChecked: 3, key: { source: 'given' } });

    writeFileSync(d.file('bad.ndjson'), readFileSync(d.file('audit.ndjson'), 'utf8').replace('"amountFen":12', '"amountFen":13'));
    const bad = await run(TSX, [CLI, 'verify', d.file('bad.ndjson')]).then(() => null, (e: { code: number; stdout: string }) => e);
    expect(bad?.code).toBe(1);
    expect(JSON.parse(bad?.stdout ?? '')).toMatchObject({ ok: false, firstBad: { at: 'entry', seq: 12 } });

    const wrong = await run(TSX, [CLI, 'check', d.file('audit.ndjson')]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(wrong?.code).toBe(2);
    expect(wrong?.stderr).toContain('usage: npm run audit -- verify');
  }, 60_000);
});
