/**
 * Seeds the case service's database with N demo cases through the service's own ingest function
 * (`ingestCases`, what `POST /v1/ingest/cases` runs, without HTTP), then provisions the
 * benchmark's supervisor. Runs as its own process (spawned by backend.ts) so the benchmark's
 * process holds none of the generator's memory when it measures the console:
 *   node --import tsx bench/seed.ts '{"databaseUrl":…|"pgliteDir":…,"cases":N,"seed":S,"staff":{…}}'
 * Progress goes to stderr; the last stdout line is {"seconds", "token"}.
 */
import { generateEvidencePool } from '../resources/demo/evidence';
import { generateCases } from '../resources/demo/generate';
import { isPgError, PG_INSUFFICIENT_PRIVILEGE, type Db } from '../server/db/db';
import { migrate } from '../server/db/migrations';
import { pgliteDb } from '../server/db/pglite';
import { postgresDb } from '../server/db/postgres';
import { ingestCases } from '../server/ingest';
import { provisionStaff } from '../server/staff';
import type { CaseInput, Role } from '../shared/domain';
import { MAX_INGEST_BATCH } from '../shared/sync/protocol';
import { now } from './stats';

export interface SeedRequest {
  databaseUrl?: string;
  pgliteDir?: string;
  cases: number;
  seed: number;
  staff: { id: string; name: string; role: Role };
}

async function seed(db: Db, count: number, seedValue: number, concurrency: number): Promise<number> {
  const t0 = now();
  const evidence = await generateEvidencePool({ seed: seedValue, size: 4 });
  const cases = generateCases(count, { seed: seedValue, evidence });
  const nextBatch = (): CaseInput[] => {
    const batch: CaseInput[] = [];
    while (batch.length < MAX_INGEST_BATCH) {
      const r = cases.next();
      if (r.done) break;
      batch.push(r.value);
    }
    return batch;
  };
  let sent = 0;
  let lastLog = t0;
  // A few transactions in flight keep PostgreSQL busy while this thread generates the next batch.
  const lanes = Array.from({ length: concurrency }, async () => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      await ingestCases(db, batch);
      sent += batch.length;
      if (now() - lastLog > 10_000) {
        lastLog = now();
        process.stderr.write(`  seeded ${sent.toLocaleString('en')} / ${count.toLocaleString('en')} (${Math.round(sent / ((now() - t0) / 1000)).toLocaleString('en')}/s)\n`);
      }
    }
  });
  await Promise.all(lanes);
  return (now() - t0) / 1000;
}

/** A CHECKPOINT, where the role may run one (a superuser or pg_checkpoint); else the writing out is left to the server. */
async function checkpoint(db: Db): Promise<void> {
  try {
    await db.exec('CHECKPOINT');
  } catch (e) {
    if (!(isPgError(e) && e.code === PG_INSUFFICIENT_PRIVILEGE)) throw e;
    process.stderr.write('the database role may not CHECKPOINT: the seeded rows are written out during the benchmark\n');
  }
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as SeedRequest;
  const db = req.databaseUrl ? postgresDb(req.databaseUrl, { maxConnections: 4 }) : await pgliteDb(req.pgliteDir);
  try {
    await migrate(db);
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    if (n > 0) throw new Error(`the case service database already holds ${n} cases: the benchmark needs an empty one`);
    const seconds = await seed(db, req.cases, req.seed, req.databaseUrl ? 2 : 1);
    // What autovacuum and the checkpointer would have done by the time consoles bootstrap from a
    // loaded service: left to them, vacuuming the fresh rows and writing them out ran during the
    // timed bootstrap that follows.
    await db.exec('VACUUM (ANALYZE)');
    await checkpoint(db);
    const token = await provisionStaff(db, req.staff);
    process.stdout.write(`${JSON.stringify({ seconds, token })}\n`);
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`seeding failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
