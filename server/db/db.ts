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
  /**
   * Runs a query of one text column through `COPY … TO`: every value as UTF-8 bytes followed by
   * a newline, in one buffer, and how many rows there were. No JavaScript value is made per row:
   * for many large values that costs more than the bytes. COPY takes no parameters, so `select`
   * carries its values as literals (`sqlLiteral`).
   */
  copyLines(select: string): Promise<CopiedLines>;
  close(): Promise<void>;
}

export interface CopiedLines {
  data: Uint8Array;
  rows: number;
}

/**
 * The rows of `copyLines` output: its newlines, one per row. Counted rather than taken from
 * COPY's own count, which the pg driver may learn only after the data has ended.
 */
export function copiedRows(data: Uint8Array): number {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let rows = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) rows += 1;
  return rows;
}

/**
 * COPY's options for `copyLines`. CSV with a delimiter and a quote character that never occur
 * in a value: values come out verbatim (the text format would double every backslash). A value
 * holding either byte, a newline or a carriage return would come out quoted, so `copyLines`
 * serves values that hold none of them, such as JSON text.
 */
export const COPY_LINES_OPTIONS = `(FORMAT csv, DELIMITER e'\\x02', QUOTE e'\\x01')`;

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
