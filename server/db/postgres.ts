import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { readCopiedRows } from './copy-binary';
import { copyRowsStatements, INT8_OID, parseInt8, type Db, type Queryable } from './db';

export interface PostgresDbOptions {
  /** Enough for the concurrent transactions of one instance; PostgreSQL's own limit is the real bound. */
  maxConnections?: number;
}

/** A `Db` on a real PostgreSQL server through a `pg.Pool`. */
export function postgresDb(url: string, opts: PostgresDbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 16,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  return {
    engine: 'postgres',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const res = await pool.query(sql, params as unknown[]);
      return res.rows as R[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          async query<R>(sql: string, params: readonly unknown[] = []) {
            const res = await client.query(sql, params as unknown[]);
            return res.rows as R[];
          },
          async exec(sql: string) {
            await client.query(sql); // no parameters: the simple protocol, which takes several statements
          },
        };
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is gone: do not hand it back to the pool
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async copyRows(select, fields, off = []) {
      const statements = copyRowsStatements(select, off);
      const client = await pool.connect();
      const chunks: Buffer[] = [];
      let broken = false;
      try {
        await client.query(statements.begin);
        const stream = client.query(copyTo(statements.copy('STDOUT')));
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        await client.query('COMMIT');
      } catch (e) {
        broken = true; // a COPY cut short may leave the connection mid-protocol: do not hand it back
        throw e;
      } finally {
        client.release(broken);
      }
      return readCopiedRows(Buffer.concat(chunks), fields);
    },
    async close() {
      await pool.end();
    },
  };
}
