/**
 * `npm run bench`: the console's performance at scale, as ratios and percentiles measured in one
 * process run (see README, "Performance"). Phases: bootstrap (+ baseline), pages and counts,
 * push, UI (Chromium; after the push, whose decided cases give the status filter something to
 * show), decide and next (Chromium, online and with the service stopped), PDQ. Every phase after
 * the bootstrap works on the console database the bootstrap made.
 *   npm run bench -- --cases 200000 --only bootstrap,pages
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { ROOT } from '../scripts/paths';
import { parseBenchArgs, STANDALONE_PHASES, USAGE, type BenchArgs } from './args';
import { startBackend, type Backend } from './backend';
import { benchBootstrap } from './bootstrap';
import { benchDecideNext } from './decide-next';
import { benchPages } from './pages';
import { benchPdq } from './pdq';
import { benchPrefetch } from './prefetch';
import { benchPush } from './push';
import { machine, printSummary, summarize, writeReport, type Report } from './report';
import { round } from './stats';
import { benchUi } from './ui';

type TraceListener = (event: string, detail: Record<string, unknown>) => void;

/** Trace lines of a console core, for phases that time the engine's steps. */
class TraceBus {
  private readonly listeners: TraceListener[] = [];
  readonly emit: TraceListener = (event, detail) => {
    for (const l of this.listeners) l(event, detail);
  };
  on(l: TraceListener): void {
    this.listeners.push(l);
  }
}

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function withCore<T>(backend: Backend, dbPath: string, fn: (core: ConsoleCore, bus: TraceBus) => Promise<T>): Promise<T> {
  const bus = new TraceBus();
  const core = await openConsole({ dbPath, serverUrl: backend.serviceUrl, token: backend.token, autoSync: false, trace: bus.emit });
  try {
    return await fn(core, bus);
  } finally {
    await core.close();
  }
}

async function run(args: BenchArgs): Promise<Report> {
  const partial: Omit<Report, 'summary' | 'finishedAt'> = {
    startedAt: new Date().toISOString(),
    options: args,
    machine: { ...machine(), loadavgAtEnd: [] },
    backend: null,
    bootstrap: null,
    pages: null,
    push: null,
    ui: null,
    decide: null,
    pdq: null,
    prefetch: null,
    errors: [],
  };
  const workDir = mkdtempSync(join(tmpdir(), 'docket-bench-'));
  const dbPath = join(workDir, 'console.sqlite');
  log(`Work directory ${workDir}; phases ${args.only.join(', ')}; ${args.cases.toLocaleString('en')} cases.`);
  let backend: Backend | null = null;
  const phase = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      log(`${name} failed: ${message}`);
      partial.errors.push(`${name}: ${message}`);
    }
  };
  try {
    if (args.only.includes('pdq')) {
      await phase('pdq', async () => {
        log(`PDQ: hashing (${args.pdqRounds} rounds over the reference photos), lookup among ${args.pdqHashes.toLocaleString('en')} hashes…`);
        partial.pdq = await benchPdq({ rounds: args.pdqRounds, hashes: args.pdqHashes, queries: 200, log });
      });
    }
    if (args.only.includes('prefetch')) {
      await phase('prefetch', async () => {
        log('Evidence prefetch of 1,000 photos for checked-out cases, against a plain download…');
        partial.prefetch = await benchPrefetch({ photos: 1_000, log });
      });
    }
    // The other phases need the case service and the console database the bootstrap makes.
    if (args.only.every((p) => STANDALONE_PHASES.includes(p))) return finish(partial, args, workDir);
    backend = await startBackend({ cases: args.cases, seed: args.seed, databaseUrl: args.databaseUrl, pglite: args.pglite, pgFsyncOff: args.pgFsyncOff, workDir, log });
    partial.backend = backend.info;
    const service = backend;
    // Every later phase needs the console database at N cases: the bootstrap makes it.
    const bootstrap = await benchBootstrap({ dbPath, workDir, serviceUrl: service.serviceUrl, token: service.token, servicePid: service.servicePid, cases: args.cases, withBaseline: args.only.includes('bootstrap'), rounds: args.bootstrapRounds, log });
    if (args.only.includes('bootstrap')) partial.bootstrap = bootstrap;

    if (args.only.includes('pages')) {
      await phase('pages', async () => {
        log(`Pages and counts (${args.pageReps} timed runs each, after a warm-up)…`);
        partial.pages = await withCore(service, dbPath, (core) => benchPages(core, dbPath, args.pageReps, log));
        log(`  pages p50 ${partial.pages.pages.all.p50} ms, p95 ${partial.pages.pages.all.p95} ms; ${partial.pages.pages.overTarget.length} of ${partial.pages.pages.combinations} combinations over target`);
      });
    }
    if (args.only.includes('push')) {
      await phase('push', async () => {
        log('Push…');
        partial.push = await withCore(service, dbPath, (core, bus) =>
          benchPush(core, bus, { count: args.push, serviceUrl: service.serviceUrl, token: service.token, sqlCounts: (s, c) => service.decisionCounts(s, c), log }),
        );
        log(`  ${partial.push.queued} decisions pushed in ${partial.push.pushSeconds} s; duplicates ${partial.push.service.duplicates}`);
      });
    }
    if (args.only.includes('ui')) {
      await phase('ui', async () => {
        log('UI in Chromium (web mode)…');
        partial.ui = await benchUi({ dbPath, serviceUrl: service.serviceUrl, token: service.token, rounds: args.uiRounds, shotDir: join(ROOT, 'bench', 'reports'), log });
        log(`  sort p95 ${partial.ui.sort.p95} ms, filter p95 ${partial.ui.filter.p95} ms`);
      });
    }
    if (args.only.includes('decide')) {
      await phase('decide', async () => {
        log('Decide and next in Chromium (web mode)…');
        partial.decide = await benchDecideNext({ backend: service, dbPath, decisions: args.decide, shotDir: join(ROOT, 'bench', 'reports'), log });
        log(`  p95 ${partial.decide.runs.map((r) => `${r.mode} ${r.latency.p95} ms`).join(', ')}`);
      });
    }
  } catch (e) {
    partial.errors.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
    log(`failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await backend?.close().catch((e: unknown) => partial.errors.push(`stopping the case service: ${String(e)}`));
  }
  return finish(partial, args, workDir);
}

function finish(partial: Omit<Report, 'summary' | 'finishedAt'>, args: BenchArgs, workDir: string): Report {
  if (args.keep) log(`Kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
  partial.machine.loadavgAtEnd = loadavg().map((x) => round(x));
  return { ...partial, finishedAt: new Date().toISOString(), summary: summarize(partial) };
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const report = await run(args);
  const path = writeReport(join(ROOT, 'bench', 'reports'), report);
  console.log('');
  printSummary(report.summary);
  console.log(`\nMachine: ${report.machine.cpus} × ${report.machine.model}, load average ${report.machine.loadavgAtStart.join(' ')} at start, ${report.machine.loadavgAtEnd.join(' ')} at the end (shared: figures are noisy).`);
  console.log(`Report: ${path}`);
  if (report.errors.length) {
    console.error(`\n${report.errors.length} error(s):\n${report.errors.join('\n')}`);
    process.exitCode = 1;
  }
}

void main();
