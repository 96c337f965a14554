/**
 * Reading rulebook files, for the console and the case service alike. Pure: the caller passes
 * how to list a folder and read a file (shared/ has no Node), and gets errors that name the
 * folder or the file at fault.
 */
import { Rulebook } from './schema';

export const RULEBOOK_FILE = /^rulebook-.+\.json$/;

export interface RulebookFolder {
  list(dir: string): string[];
  read(path: string): string;
  join(dir: string, name: string): string;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Every `rulebook-*.json` in `dir`, parsed and checked, in file-name order. */
export function readRulebookFolder(dir: string, io: RulebookFolder): Rulebook[] {
  let names: string[];
  try {
    names = io.list(dir).filter((n) => RULEBOOK_FILE.test(n)).sort();
  } catch (e) {
    throw new Error(`rulebooks: cannot read ${dir}: ${message(e)}`, { cause: e });
  }
  if (names.length === 0) throw new Error(`rulebooks: no rulebook-*.json in ${dir}`);
  return names.map((name) => {
    const path = io.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(io.read(path));
    } catch (e) {
      throw new Error(`rulebooks: ${path} is not readable JSON: ${message(e)}`, { cause: e });
    }
    const parsed = Rulebook.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`rulebooks: ${path} is not a valid rulebook: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return parsed.data;
  });
}
