import { PGlite } from '@electric-sql/pglite';
import { readCopiedRows } from './copy-binary';
import { copyRowsStatements, INT8_OID, parseInt8, type Db, type Queryable } from './db';

/**
 * A `Db` on PGlite in this process. PGlite is one connection, so every statement and every
 * transaction goes through one queue: a statement issued while another caller's transaction
 * is open would otherwise run inside that transaction.
 */
export async function pgliteDb(dataDir?: string): Promise<Db> {
  const pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers: { [INT8_OID]: parseInt8 } });
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }
  const direct: Queryable = {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const res = await pglite.query<R>(sql, params as unknown[]);
      return res.rows;
    },
    async exec(sql: string) {
      await pglite.exec(sql);
    },
  };

  return {
    engine: 'pglite',
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return exclusive(async () => {
        await pglite.query('BEGIN');
        try {
          const out = await fn(direct);
          await pglite.query('COMMIT');
          return out;
        } catch (e) {
          await pglite.query('ROLLBACK');
          throw e;
        }
      });
    },
    copyRows: (select, fields, off = []) =>
      exclusive(async () => {
        const statements = copyRowsStatements(select, off);
        let blob: Blob | undefined;
        try {
          // Inside the try: a setting refused after BEGIN would otherwise leave PGlite's one connection in a failed transaction.
          await pglite.exec(statements.begin);
          // PGlite writes COPY's output to a blob instead of a stream.
          blob = (await pglite.query(statements.copy("'/dev/blob'"))).blob;
          await pglite.exec('COMMIT');
        } catch (e) {
          await pglite.exec('ROLLBACK');
          throw e;
        }
        return readCopiedRows(blob ? new Uint8Array(await blob.arrayBuffer()) : new Uint8Array(0), fields);
      }),
    close: () => exclusive(() => pglite.close()),
  };
}
