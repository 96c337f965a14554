/** A fresh, empty PostgreSQL database per test file, on the cluster the global setup provides. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

export function postgresAvailable(): { ok: true } | { ok: false; why: string } {
  const why = inject('pgUnavailable');
  return why ? { ok: false, why } : { ok: true };
}

export async function freshDatabase(): Promise<FreshDatabase> {
  const admin = inject('pgAdminUrl');
  if (!admin) throw new Error(inject('pgUnavailable'));
  const name = `docket_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
