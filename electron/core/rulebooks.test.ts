import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleError } from './errors';
import { defaultRulebookDir, loadRulebooks, MissingRulebooks, readRulebooks, RulebookShelf } from './rulebooks';
import { tempDir } from './testing/tmp';

const tmp = tempDir();
afterAll(() => tmp.remove());
const shipped = join(defaultRulebookDir(), 'rulebook-2026.11.json');

describe('rulebooks', () => {
  it('finds the shipped directory from the sources and parses every rulebook with the shared schema', () => {
    expect(defaultRulebookDir()).toMatch(/resources[/\\]rulebook$/);
    const [rb] = readRulebooks();
    expect(rb?.version).toBe('2026.11');
    expect(rb?.clauses.length).toBeGreaterThan(10);
  });

  it('names the directory or the file that cannot be used', () => {
    expect(() => readRulebooks(tmp.file('nowhere'))).toThrow(/rulebooks: cannot read .*nowhere/);
    const empty = tmp.file('empty');
    mkdirSync(empty);
    expect(() => readRulebooks(empty)).toThrow(/no rulebook-\*\.json in/);
    const broken = tmp.file('broken');
    mkdirSync(broken);
    copyFileSync(shipped, join(broken, 'rulebook-2026.11.json'));
    const raw = JSON.parse(readFileSync(shipped, 'utf8')) as Record<string, unknown>;
    writeFileSync(join(broken, 'rulebook-2027.01.json'), JSON.stringify({ ...raw, version: '2027.01', clauses: 'none' }));
    expect(() => readRulebooks(broken)).toThrow(/rulebook-2027\.01\.json is not a valid rulebook: clauses/);
    writeFileSync(join(broken, 'rulebook-2027.01.json'), '{ not json');
    expect(() => readRulebooks(broken)).toThrow(/rulebook-2027\.01\.json is not readable JSON/);
  });

  it('the current rulebook is the newest in force; versions are looked up exactly', () => {
    const [rb] = readRulebooks();
    if (!rb) throw new Error('no rulebook');
    const next = { ...rb, version: '2027.01', effectiveFrom: rb.effectiveFrom + 86_400_000 };
    const shelf = new RulebookShelf([rb, next]);
    expect(shelf.current(rb.effectiveFrom).version).toBe('2026.11');
    expect(shelf.current(next.effectiveFrom).version).toBe('2027.01');
    // Before any is in force: the earliest to come.
    expect(shelf.current(0).version).toBe('2026.11');
    expect(shelf.get('2027.01')).toBe(next);
    expect(shelf.get('2025.01')).toBeUndefined();
    expect(shelf.versions).toEqual(['2026.11', '2027.01']);
    expect(() => new RulebookShelf([rb, rb])).toThrow(/given twice/);
  });

  it('a rulebook directory asked for must be usable; without the default one the console refuses to judge, saying why', () => {
    expect(loadRulebooks(undefined)).toBeInstanceOf(RulebookShelf);
    expect(() => loadRulebooks(tmp.file('missing'))).toThrow(/rulebooks: cannot read/);
    const missing = new MissingRulebooks('rulebooks: no rulebook-*.json in /opt/docket');
    let error: unknown;
    try {
      missing.current();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({ code: 'internal', message: expect.stringMatching(/no rulebook \(rulebooks: no rulebook-\*\.json in \/opt\/docket\); it cannot judge/) });
    expect(() => missing.get()).toThrow(/no rulebook/);
    expect(missing.versions).toEqual([]);
  });
});
