/**
 * Vitest global setup: makes a real PostgreSQL available to every test as `inject('pgAdminUrl')`.
 * - DOCKET_TEST_DATABASE_URL set (CI starts a throwaway cluster): use it.
 * - otherwise start a throwaway cluster from the Debian packages on 127.0.0.1 and a free
 *   port, as the `postgres` user (initdb refuses root), and remove it afterwards
 *   (`throwaway-postgres.ts`, which the benchmark uses too).
 * - with neither, real-PostgreSQL tests fail and say how to get PostgreSQL.
 */
import type { TestProject } from 'vitest/node';
import { findPgBin, startThrowawayPostgres } from './throwaway-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgUnavailable: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.DOCKET_TEST_DATABASE_URL;
  if (given) {
    project.provide('pgAdminUrl', given);
    project.provide('pgUnavailable', '');
    return async () => {};
  }
  if (!findPgBin()) {
    project.provide('pgAdminUrl', '');
    project.provide('pgUnavailable', 'PostgreSQL is not installed: `apt-get install -y postgresql`, or set DOCKET_TEST_DATABASE_URL');
    return async () => {};
  }
  // Speed over durability: no fsync (a crashed test cluster is simply thrown away).
  const cluster = await startThrowawayPostgres({ durable: false, maxConnections: 200 });
  project.provide('pgAdminUrl', cluster.adminUrl);
  project.provide('pgUnavailable', '');
  return async () => cluster.stop();
}
