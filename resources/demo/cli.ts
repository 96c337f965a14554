/**
 * Demo data from the command line:
 *   npx tsx resources/demo/cli.ts --count 100000 --seed 7 --out cases.ndjson [--evidence-dir dir]
 *   npx tsx resources/demo/cli.ts --count 3000 --server http://127.0.0.1:8787 --token T
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_POOL_SIZE, generateEvidencePool } from './evidence';
import { DEFAULT_SEED, generateCases } from './generate';
import { loadDemo } from './load';

export const USAGE = `Usage:
  cli.ts --count N [--seed S] [--now MS] [--pool-size P] --out cases.ndjson [--evidence-dir DIR]
  cli.ts --count N [--seed S] [--now MS] [--pool-size P] --server URL --token PLATFORM_TOKEN [--decider-token TOKEN]

  --decider-token  who decided the refunds and fines the complaints contest (not whoever will
                   decide the complaints); without it, complaints' money remedies are refused.`;

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"\n${USAGE}`);
  return n;
}

export async function runCli(argv: string[], log: (line: string) => void = console.log): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      'pool-size': { type: 'string' },
      out: { type: 'string' },
      'evidence-dir': { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      'decider-token': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return log(USAGE);
  if (values.count === undefined) throw new Error(`--count is required\n${USAGE}`);
  const count = integer('count', values.count, 0);
  const seed = integer('seed', values.seed, DEFAULT_SEED);
  const now = integer('now', values.now, Date.now());
  const poolSize = integer('pool-size', values['pool-size'], DEFAULT_POOL_SIZE);

  if (values.server !== undefined) {
    if (!values.token) throw new Error(`--server needs --token (a platform account's token)\n${USAGE}`);
    const started = Date.now();
    const result = await loadDemo(values.server, values.token, { count, seed, now, poolSize, contestedDecider: values['decider-token'], onProgress: (n) => log(`… ${n} cases`) });
    log(`loaded ${result.cases} cases, ${result.contested} contested decisions and ${result.evidence} evidence images into ${values.server} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  if (values.out === undefined) throw new Error(`give --out FILE or --server URL\n${USAGE}`);

  const pool = await generateEvidencePool({ seed, size: poolSize });
  if (values['evidence-dir'] !== undefined) {
    const dir = values['evidence-dir'];
    mkdirSync(dir, { recursive: true });
    for (const image of pool.images) writeFileSync(join(dir, `${image.sha256}.${image.mediaType === 'image/png' ? 'png' : 'jpg'}`), image.bytes);
    log(`wrote ${pool.images.length} evidence images to ${dir}`);
  }
  const out = createWriteStream(values.out);
  let written = 0;
  for (const c of generateCases(count, { seed, now, evidence: pool })) {
    // Respect back-pressure so a million cases stream through a bounded buffer.
    if (!out.write(JSON.stringify(c) + '\n')) await once(out, 'drain');
    written++;
  }
  out.end();
  await once(out, 'finish');
  log(`wrote ${written} cases to ${values.out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
