/**
 * Database handles typed by what they may do (after Signal Desktop's `ReadableDB` /
 * `WritableDB`): a function that writes takes a `WritableDB` and says so in its signature; one
 * that takes a `ReadableDB` can only read, since its statements cannot be run and it has no
 * `exec` or `pragma`. The console has one connection, a `WritableDB`, which also passes as a
 * `ReadableDB`; the types, not the connection, keep reads from writing.
 */
import type Database from 'better-sqlite3';

export type WritableDB = Database.Database;

/** A statement prepared through a read handle: it returns rows and cannot be run. */
export interface ReadStatement {
  readonly source: string;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  pluck(toggleState?: boolean): ReadStatement;
  raw(toggleState?: boolean): ReadStatement;
  columns(): Database.ColumnDefinition[];
}

export type ReadableDB = Pick<WritableDB, 'name' | 'memory' | 'inTransaction' | 'transaction'> & {
  prepare(source: string): ReadStatement;
};
