/**
 * The rulebooks the case service judges by. The service imports shared/ only, so it gets the
 * rulebook data as parsed objects (`startCaseService({ rulebooks })`) or reads the JSON files
 * from a directory (`rulebookDir`, by default the shipped `resources/rulebook/`), parsing each
 * with the shared `Rulebook` schema: the very rules the console judges by.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rulebook } from '../shared/rulebook';
import { readRulebookFolder, rulebookInForce } from '../shared/rulebook';

/** Where the repository keeps its rulebook files (read as data, not imported as code). */
export const SHIPPED_RULEBOOK_DIR = fileURLToPath(new URL('../resources/rulebook/', import.meta.url));


/** Every `rulebook-*.json` in `dir`, parsed; throws naming the file that does not parse. */
export function readRulebookDir(dir: string = SHIPPED_RULEBOOK_DIR): Rulebook[] {
  return readRulebookFolder(dir, { list: (d) => readdirSync(d), read: (path) => readFileSync(path, 'utf8'), join });
}

/** The versions the service knows, and the one a decision that names none is judged by. */
export interface RulebookShelf {
  current: Rulebook;
  get(version: string): Rulebook | undefined;
  versions: readonly string[];
}

/**
 * `current` is `currentVersion` when given, else the newest version in force at `now`, else
 * (only rulebooks not yet in force) the earliest to come into force.
 */
export function rulebookShelf(rulebooks: readonly Rulebook[], opts: { currentVersion?: string; now?: number } = {}): RulebookShelf {
  if (rulebooks.length === 0) throw new Error('rulebooks: the case service needs at least one rulebook');
  const byVersion = new Map<string, Rulebook>();
  for (const rb of rulebooks) {
    if (byVersion.has(rb.version)) throw new Error(`rulebooks: version ${rb.version} is given twice`);
    byVersion.set(rb.version, rb);
  }
  let current: Rulebook | undefined;
  if (opts.currentVersion !== undefined) {
    current = byVersion.get(opts.currentVersion);
    if (!current) throw new Error(`rulebooks: the current version ${opts.currentVersion} is not among ${[...byVersion.keys()].join(', ')}`);
  } else {
    current = rulebookInForce(rulebooks, opts.now ?? Date.now()) ?? [...rulebooks].sort((a, b) => a.effectiveFrom - b.effectiveFrom)[0];
  }
  if (!current) throw new Error('rulebooks: no current rulebook');
  return { current, get: (v) => byVersion.get(v), versions: [...byVersion.keys()].sort() };
}
