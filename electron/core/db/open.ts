/** Opens (creating if needed) a console database and brings its schema up to date. */
import Database from 'better-sqlite3';
import { ensurePrivateFile, restrictFile } from '../private-files';
import type { WritableDB } from './handles';
import { LATEST_VERSION, SchemaTooNewError, migrate, schemaVersion } from './migrations';

export type Db = WritableDB;

/** An in-memory or temporary database has no file of its own. */
const isFile = (file: string) => file !== '' && file !== ':memory:' && !file.startsWith('file:');

export function openDatabase(file: string): Db {
  if (isFile(file)) {
    // Cases hold buyers' statements: the file is its owner's only, and SQLite gives the -wal
    // and -shm files it creates the database file's mode. Files of an earlier version too.
    ensurePrivateFile(file);
    restrictFile(`${file}-wal`);
    restrictFile(`${file}-shm`);
  }
  const db = new Database(file);
  try {
    // Checked before any pragma that writes (journal_mode does), so a newer file stays untouched.
    const found = schemaVersion(db);
    if (found > LATEST_VERSION) throw new SchemaTooNewError(found, LATEST_VERSION, file);
    db.pragma('journal_mode = WAL');
    // FULL: a decision the reviewer saw saved must survive a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -131072');
    db.pragma('temp_store = MEMORY');
    // Lets CREATE INDEX sort with a helper thread when the derived structures are rebuilt.
    db.pragma('threads = 2');
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
