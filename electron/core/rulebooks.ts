/**
 * The rulebooks the console judges by: every `rulebook-*.json` of a directory, read as data
 * (the core imports shared/ only, never resources/) and parsed with the shared `Rulebook`
 * schema, integrity checks included — the same files and schema the case service uses.
 * The default directory is `resources/rulebook` of the repository (sources) or the app (bundle).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Rulebook } from '../../shared/rulebook';
import { readRulebookFolder, rulebookInForce } from '../../shared/rulebook';
import { ConsoleError } from './errors';
import { coreFile } from './worker-script';

/**
 * `resources/rulebook` of the repository or the app: the nearest one above this module's file
 * (sources: `electron/core/`; a bundle: `dist/electron/`, inside `app.asar` when packaged; a
 * test bundle under `node_modules/.cache/…`), else under the working directory.
 */
export function defaultRulebookDir(): string {
  const file = coreFile();
  const tail = join('resources', 'rulebook');
  for (let dir = file ? dirname(file) : process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, tail))) return join(dir, tail);
    if (dirname(dir) === dir) break;
  }
  return join(process.cwd(), tail);
}

/** The rulebooks a console judges by (see `RulebookShelf`, `MissingRulebooks`). */
export interface Rulebooks {
  current(at: number): Rulebook;
  get(version: string): Rulebook | undefined;
  readonly versions: string[];
}

export class RulebookShelf implements Rulebooks {
  private readonly byVersion: ReadonlyMap<string, Rulebook>;

  constructor(private readonly rulebooks: readonly Rulebook[]) {
    if (rulebooks.length === 0) throw new Error('rulebooks: the console needs at least one rulebook');
    const m = new Map<string, Rulebook>();
    for (const rb of rulebooks) {
      if (m.has(rb.version)) throw new Error(`rulebooks: version ${rb.version} is given twice`);
      m.set(rb.version, rb);
    }
    this.byVersion = m;
  }

  /** The newest version in force at `at`; before any is in force, the earliest to come. */
  current(at: number): Rulebook {
    const inForce = rulebookInForce(this.rulebooks, at);
    if (inForce) return inForce;
    const [first] = [...this.rulebooks].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
    if (!first) throw new Error('rulebooks: none loaded');
    return first;
  }

  get(version: string): Rulebook | undefined {
    return this.byVersion.get(version);
  }

  get versions(): string[] {
    return [...this.byVersion.keys()].sort();
  }
}

/** Every rulebook file in `dir`, parsed; throws naming the directory or the file at fault. */
export function readRulebooks(dir: string = defaultRulebookDir()): Rulebook[] {
  return readRulebookFolder(dir, { list: (d) => readdirSync(d), read: (path) => readFileSync(path, 'utf8'), join });
}

/**
 * A console started without its rulebook files where they should be (no `rulebookDir` given and
 * none found): it still reads and syncs its queues, but everything that judges by the rulebook
 * — recommendations, checks, decisions, statements — is refused, saying what is missing.
 */
export class MissingRulebooks implements Rulebooks {
  constructor(readonly problem: string) {}

  private refuse(): never {
    throw new ConsoleError('internal', `the console has no rulebook (${this.problem}); it cannot judge or record decisions until it is installed with its rulebook files`);
  }

  current(): Rulebook {
    return this.refuse();
  }

  get(): Rulebook | undefined {
    return this.refuse();
  }

  get versions(): string[] {
    return [];
  }
}

/**
 * The rulebooks of `dir` when given (a problem with them stops the console), else of the default
 * directory (a problem there leaves the console without rulebooks: see `MissingRulebooks`).
 */
export function loadRulebooks(dir: string | undefined): Rulebooks {
  if (dir !== undefined) return new RulebookShelf(readRulebooks(dir));
  try {
    return new RulebookShelf(readRulebooks(defaultRulebookDir()));
  } catch (e) {
    return new MissingRulebooks(e instanceof Error ? e.message : String(e));
  }
}
