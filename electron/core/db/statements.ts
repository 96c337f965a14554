/**
 * Statements prepared once per database connection. better-sqlite3 parses the SQL on every
 * `prepare`; on paths that run a statement per row (recording a push batch's answers) that
 * parsing was a large share of the work.
 */
import type Database from 'better-sqlite3';
import type { WritableDB } from './handles';

const cache = new WeakMap<WritableDB, Map<string, Database.Statement>>();

export function prepared(db: WritableDB, sql: string): Database.Statement {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let stmt = byText.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    byText.set(sql, stmt);
  }
  return stmt;
}
