/**
 * The case service's only view of its database: plain SQL with positional parameters and
 * transactions. Two implementations share one SQL dialect: `pg.Pool` for a PostgreSQL URL
 * and PGlite in-process when there is none.
 */
import type { CopiedRows } from './copy-binary';

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
  /**
   * Runs a query through `COPY … TO` in the binary format, in a read-only transaction of its
   * own with the planner methods in `off` turned off, and hands back its rows as spans of the
   * bytes received: no JavaScript value is made per row, which for many large values costs more
   * than the bytes. COPY takes no parameters, so `select` carries its values as literals
   * (`sqlLiteral`).
   */
  copyRows(select: string, fields: number, off?: readonly PlannerMethod[]): Promise<CopiedRows>;
  close(): Promise<void>;
}

/** Planner methods a read may turn off for its own transaction, to keep it on an index. */
export type PlannerMethod = 'enable_sort' | 'enable_seqscan' | 'enable_bitmapscan';

/** The statements that turn planner methods off for the rest of the transaction. */
export function plannerOff(off: readonly PlannerMethod[]): string[] {
  return off.map((method) => `SET LOCAL ${method} = off`);
}

/** The statements of `copyRows`: its transaction's start, with the planner settings, and the COPY for a target (`STDOUT` or a file). */
export function copyRowsStatements(select: string, off: readonly PlannerMethod[]): { begin: string; copy(target: string): string } {
  return {
    begin: ['BEGIN READ ONLY', ...plannerOff(off)].join('; '),
    copy: (target) => `COPY (${select}) TO ${target} WITH (FORMAT binary)`,
  };
}

/** A value written into SQL that cannot carry parameters (COPY): safe integers, and text of letters, digits and `_` only. */
export function sqlLiteral(value: number | string): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer for SQL: ${value}`);
    return String(value);
  }
  if (!/^[A-Za-z0-9_]+$/.test(value)) throw new Error(`not a plain word for SQL: ${JSON.stringify(value.slice(0, 40))}`);
  return `'${value}'`;
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
export const PG_INSUFFICIENT_PRIVILEGE = '42501';

/** int8 comes back as a JS number: every int8 we store (ms, ids, versions) stays far below 2^53. */
export const INT8_OID = 20;
export const parseInt8 = (v: string): number => Number(v);
