import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { hammingDistance, pdqFromHex } from '../shared/evidence/pdq-hash256';
import { tempDir } from '../electron/core/testing/tmp';
import { referenceImages } from '../test-support/pdq-reference';
import { ROOT } from './paths';
import { startCaseService } from '../server/service';

const run = promisify(execFile);
const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const evidence = (args: string[]) => run('npm', ['run', '--silent', 'evidence', '--', ...args], { cwd: ROOT });

describe('npm run evidence -- hash', () => {
  it('prints one JSON line per file with the reference hash (within 10), its quality and the decoder', async () => {
    const refs = referenceImages().filter((r) => r.image === 'bridge-mods/aaa-orig.jpg' || r.image === 'labelme-subset/q0122.jpg');
    expect(refs).toHaveLength(2);
    const { stdout } = await evidence(['hash', ...refs.map((r) => r.path)]);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const [i, ref] of refs.entries()) {
      const line = lines[i] ?? {};
      expect(Object.keys(line)).toEqual(['path', 'pdq', 'quality', 'decoder']);
      expect(line.path).toBe(ref.path);
      expect(line.quality).toBe(100);
      expect(line.decoder).toMatch(/^sharp .* \/ libvips /);
      expect(hammingDistance(pdqFromHex(String(line.pdq)), pdqFromHex(ref.pdq))).toBeLessThanOrEqual(10);
    }
  }, 60_000);

  it('prints an error line for a file it cannot hash, hashes the others, and exits 1 at the end', async () => {
    const d = tempDir('docket-evidence-cli-');
    dirs.push(d);
    writeFileSync(d.file('notes.txt'), 'not a photo');
    const good = referenceImages()[2]?.path ?? '';
    const failed = await evidence(['hash', d.file('notes.txt'), d.file('missing.jpg'), good]).then(
      () => null,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    const lines = (failed?.stdout ?? '').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => Object.keys(l))).toEqual([['path', 'error'], ['path', 'error'], ['path', 'pdq', 'quality', 'decoder']]);
    expect(String(lines[0]?.error)).toMatch(/unsupported image format/i);
    expect(String(lines[1]?.error)).toMatch(/missing/);
    expect(failed?.stderr).toContain('2 of 3 file(s) could not be hashed');

    const wrong = await evidence(['hush']).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(wrong?.code).toBe(2);
    expect(wrong?.stderr).toContain('usage: npm run evidence -- hash');
  }, 60_000);
});

describe('npm run evidence -- known-bad import', () => {
  it('reports every bad row and sends nothing; a good list replaces the list on the case service', async () => {
    const d = tempDir('docket-known-bad-cli-');
    dirs.push(d);
    const svc = await startCaseService();
    try {
      const token = await svc.provisionStaff({ id: 'ingest', name: 'Platform ingest', role: 'platform' });
      writeFileSync(d.file('token'), token);
      chmodSync(d.file('token'), 0o600);
      const hash = referenceImages()[0]?.pdq ?? '';
      writeFileSync(d.file('bad.csv'), `signal_type,signal_value,id,tags\npdq,${hash},te-1,counterfeit\npdq,not-a-hash,te-2,\n`);
      writeFileSync(d.file('good.csv'), `signal_type,signal_value,id,tags\npdq,${hash},te-1,counterfeit\nvideo_md5,d41d8cd98f00b204e9800998ecf8427e,te-2,\n`);
      const args = (file: string) => ['known-bad', 'import', d.file(file), '--list', 'prohibited-goods', '--server', svc.url, '--token-file', d.file('token')];
      const bad = await evidence(args('bad.csv')).then(() => null, (e: { code: number; stderr: string }) => e);
      expect(bad?.code).toBe(1);
      expect(bad?.stderr).toContain(`${d.file('bad.csv')}:3: not a PDQ hash`);
      expect(bad?.stderr).toContain('nothing was imported');
      const { stdout } = await evidence(args('good.csv'));
      expect(JSON.parse(stdout.trim())).toEqual({ list: 'prohibited-goods', imported: 1, replaced: 0, skipped: 1 });
    } finally {
      await svc.close();
    }
  }, 90_000);
});
