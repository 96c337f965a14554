import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from './postgres';

describe('the real PostgreSQL the tests run against', () => {
  let db: FreshDatabase;
  afterAll(async () => db?.drop());

  it('hands each test file a fresh, empty database on 127.0.0.1', async () => {
    db = await freshDatabase();
    expect(new URL(db.url).hostname).toBe('127.0.0.1');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query<{ n: string; v: string }>(`SELECT count(*) AS n, current_setting('server_version_num') AS v FROM pg_tables WHERE schemaname = 'public'`);
    await c.end();
    expect(Number(rows[0]?.n)).toBe(0);
    expect(Number(rows[0]?.v)).toBeGreaterThanOrEqual(150000);
  });
});
