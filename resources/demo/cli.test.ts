import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseInput } from '../../shared/domain';
import { runCli } from './cli';
import { TEST_NOW } from './test-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'docket-demo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo CLI', () => {
  it('writes the cases as NDJSON and the evidence images named by their sha256', async () => {
    const out = join(dir, 'cases.ndjson');
    const evidenceDir = join(dir, 'evidence');
    const log: string[] = [];
    await runCli(['--count', '40', '--seed', '6', '--now', String(TEST_NOW), '--pool-size', '24', '--out', out, '--evidence-dir', evidenceDir], (l) => log.push(l));

    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(40);
    const cases = lines.map((l) => CaseInput.parse(JSON.parse(l)));
    const files = readdirSync(evidenceDir);
    expect(files).toHaveLength(24);
    for (const f of files) expect(createHash('sha256').update(readFileSync(join(evidenceDir, f))).digest('hex')).toBe(f.split('.')[0]);
    const stored = new Set(files.map((f) => f.split('.')[0]));
    expect(cases.flatMap((c) => c.evidence).every((r) => stored.has(r.sha256))).toBe(true);
    expect(log.at(-1)).toContain('wrote 40 cases');
  });

  it('explains what is missing or malformed', async () => {
    await expect(runCli([])).rejects.toThrow(/--count is required/);
    await expect(runCli(['--count', 'many', '--out', 'x'])).rejects.toThrow(/--count must be a non-negative integer/);
    await expect(runCli(['--count', '3', '--server', 'http://127.0.0.1:1'])).rejects.toThrow(/--server needs --token/);
    await expect(runCli(['--count', '3'])).rejects.toThrow(/--out FILE or --server URL/);
  });
});
