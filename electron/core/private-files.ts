/**
 * The console's files hold cases, statements and evidence of buyers and merchants: readable by
 * their owner only (0600 files, 0700 folders), whatever the umask. On Windows, where modes
 * mean little, the user's profile folders already keep other users out.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents, each 0700) if needed, and makes it 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates the file empty if needed and makes it 0600 (SQLite gives its -wal and -shm files the mode of the database file). */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Makes an existing file 0600; nothing when it does not exist. */
export function restrictFile(file: string): void {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Makes a folder and everything in it owner-only. Walks the tree only when the folder itself
 * is not private yet: once, for a folder written by an earlier version.
 */
export function makeTreePrivate(dir: string): void {
  if (!existsSync(dir) || (statSync(dir).mode & 0o777) === PRIVATE_DIR_MODE) return;
  const walk = (d: string) => {
    chmodSync(d, PRIVATE_DIR_MODE);
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
    }
  };
  walk(dir);
}
