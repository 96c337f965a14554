/** Loading the rulebooks the service judges by, and choosing the current one. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rulebook } from '../shared/rulebook';
import { readRulebookDir, rulebookShelf } from './rulebooks';
import { SHIPPED_RULEBOOKS } from './test-helpers';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'docket-rulebooks-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const shipped = SHIPPED_RULEBOOKS[0] as Rulebook;
const later = (version: string, effectiveFrom: number): Rulebook => Rulebook.parse({ ...shipped, version, effectiveFrom });

describe('rulebooks of the case service', () => {
  it('reads the shipped rulebook files from disk', () => {
    expect(SHIPPED_RULEBOOKS.map((rb) => rb.version)).toContain('2026.11');
  });

  it('names the directory or file that cannot serve', () => {
    expect(() => readRulebookDir(join(tmpdir(), 'no-such-rulebook-dir'))).toThrow(/cannot read .*no-such-rulebook-dir/);
    const empty = tempDir();
    expect(() => readRulebookDir(empty)).toThrow(/no rulebook-\*\.json in/);
    const broken = tempDir();
    writeFileSync(join(broken, 'rulebook-2026.11.json'), JSON.stringify({ ...shipped, fourEyes: { ...shipped.fourEyes, alwaysOutcomes: ['remove_creator'] } }));
    expect(() => readRulebookDir(broken)).toThrow(/rulebook-2026\.11\.json is not a valid rulebook: .*store closure always needs a second person/);
  });

  it('takes the newest version in force as current unless told, and refuses duplicates or an unknown current version', () => {
    const next = later('2027.01', shipped.effectiveFrom + 1_000);
    expect(rulebookShelf([shipped, next], { now: shipped.effectiveFrom + 10 }).current.version).toBe('2026.11');
    expect(rulebookShelf([shipped, next], { now: next.effectiveFrom }).current.version).toBe('2027.01');
    expect(rulebookShelf([next], { now: 0 }).current.version).toBe('2027.01');
    expect(rulebookShelf([shipped, next], { currentVersion: '2027.01', now: 0 }).current.version).toBe('2027.01');
    expect(rulebookShelf([shipped, next]).versions).toEqual(['2026.11', '2027.01']);
    expect(() => rulebookShelf([shipped, shipped])).toThrow(/version 2026\.11 is given twice/);
    expect(() => rulebookShelf([shipped], { currentVersion: '2030.01' })).toThrow(/current version 2030\.01 is not among 2026\.11/);
    expect(() => rulebookShelf([])).toThrow(/at least one rulebook/);
  });
});
