/**
 * The case service's only view of its database: plain SQL with positional parameters and
 * transactions. Two implementations share one SQL dialect: `pg.Pool` for a PostgreSQL URL
 * and PGlite in-process when there is none.
 */

/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  query<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The fields of a PostgreSQL error both drivers carry. */
export interface PgError {
  code: string;
  constraint?: string;
  message: string;
}

export function isPgError(e: unknown): e is PgError {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { message?: unknown }).message === 'string';
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_DEADLOCK = '40P01';
export const PG_SERIALIZATION = '40001';

/** int8 comes back as a JS number: every int8 we store (ms, ids, versions) stays far below 2^53. */
export const INT8_OID = 20;
export const parseInt8 = (v: string): number => Number(v);
