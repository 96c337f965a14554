/** `npm run bench -- [options]`: the benchmark's command line. */
import { parseArgs } from 'node:util';

export const PHASES = ['bootstrap', 'pages', 'push', 'ui', 'decide', 'pdq', 'prefetch'] as const;
/** Phases that need no shared case service and no console database (prefetch starts its own). */
export const STANDALONE_PHASES: readonly Phase[] = ['pdq', 'prefetch'];
export type Phase = (typeof PHASES)[number];

export interface BenchArgs {
  cases: number;
  only: Phase[];
  databaseUrl: string | null;
  /** Use PGlite even where PostgreSQL is installed. */
  pglite: boolean;
  /** Throwaway cluster without fsync (a diagnostic: shows what durability costs; not for the headline figures). */
  pgFsyncOff: boolean;
  seed: number;
  /** Console bootstrap + rebuilt-after baseline pairs; the median pair is reported. */
  bootstrapRounds: number;
  /** Timed runs per page/count combination (after one warm-up). */
  pageReps: number;
  /** Decisions queued and pushed. */
  push: number;
  /** Rounds of the UI action list (each round: 14 sort clicks, 10 filter changes). */
  uiRounds: number;
  /** "Decide and next" decisions per run (online, then with the service stopped). */
  decide: number;
  /** Rounds over the PDQ reference photos, each timing decode-only then PDQ. */
  pdqRounds: number;
  /** Hashes in the PDQ lookup benchmark. */
  pdqHashes: number;
  /** Keep the work directory (console database, PGlite data) instead of removing it. */
  keep: boolean;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]
  --cases N            cases in the case service and the console (default 1000000)
  --only LIST          phases, comma-separated: ${PHASES.join(',')} (default all)
  --database-url URL   an empty PostgreSQL database for the case service
                       (default: a throwaway cluster from the Debian binaries, else PGlite)
  --pglite             use PGlite even where PostgreSQL is installed
  --pg-fsync-off       throwaway cluster with fsync=off (diagnostic only)
  --seed S             demo-data seed (default 7)
  --bootstrap-rounds N console bootstrap + baseline pairs, the median reported (default 3)
  --page-reps N        timed runs per page/count combination, after one warm-up (default 20)
  --push N             decisions queued and pushed (default 10000)
  --ui-rounds N        rounds of UI actions, 24 per round (default 2)
  --decide N           "decide and next" decisions per run, online and service stopped (default 60, at most 199)
  --pdq-rounds N       rounds over the PDQ reference photos (default 5)
  --pdq-hashes N       hashes in the PDQ lookup benchmark (default 1000000)
  --keep               keep the work directory
Writes bench/reports/<time>.json and bench/reports/latest.json.`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} ${raw}: expected a whole number ≥ 1`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string' },
      only: { type: 'string' },
      'database-url': { type: 'string' },
      pglite: { type: 'boolean', default: false },
      'pg-fsync-off': { type: 'boolean', default: false },
      seed: { type: 'string' },
      'bootstrap-rounds': { type: 'string' },
      'page-reps': { type: 'string' },
      push: { type: 'string' },
      'ui-rounds': { type: 'string' },
      decide: { type: 'string' },
      'pdq-rounds': { type: 'string' },
      'pdq-hashes': { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const only = (values.only ?? PHASES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`--only: unknown phase ${unknown.join(', ')}; the phases are ${PHASES.join(', ')}`);
  const databaseUrl = values['database-url'] ?? null;
  if (databaseUrl && values.pglite) throw new Error('--database-url and --pglite exclude each other');
  return {
    cases: positiveInt('cases', values.cases, 1_000_000),
    only: PHASES.filter((p) => only.includes(p)),
    databaseUrl,
    pglite: values.pglite ?? false,
    pgFsyncOff: values['pg-fsync-off'] ?? false,
    seed: positiveInt('seed', values.seed, 7),
    bootstrapRounds: positiveInt('bootstrap-rounds', values['bootstrap-rounds'], 3),
    pageReps: positiveInt('page-reps', values['page-reps'], 20),
    push: positiveInt('push', values.push, 10_000),
    uiRounds: positiveInt('ui-rounds', values['ui-rounds'], 2),
    decide: Math.min(199, positiveInt('decide', values.decide, 60)),
    pdqRounds: positiveInt('pdq-rounds', values['pdq-rounds'], 5),
    pdqHashes: positiveInt('pdq-hashes', values['pdq-hashes'], 1_000_000),
    keep: values.keep ?? false,
    help: values.help ?? false,
  };
}
