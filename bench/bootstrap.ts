/**
 * Phase 1, bootstrap: an empty console database pulls every partition from the case service over
 * HTTP with the console's own engine (`openConsole` + `sync.now`: feed pages fetched and
 * validated in worker threads, inserted with the derived structures dropped, then indexes and
 * counts rebuilt), timed until the console reports every partition bootstrapped and its derived
 * structures live. Then, in the same process, the baseline: the same rows (read back from the
 * console's file, untimed) inserted with plain better-sqlite3 INSERTs into a database with the
 * same schema, in two ways: indexes and count triggers live during the insert, and dropped
 * before then rebuilt after (the console's own strategy). Both include their indexes.
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openConsole } from '../electron/core/console';
import { deferDerived, derivedBuildSteps, derivedLive } from '../electron/core/db/derived';
import { openDatabase } from '../electron/core/db/open';
import type { FeedPage } from '../electron/core/sync/feed';
import { defaultBootstrapWorkers } from '../electron/core/sync/engine';
import { InThreadPageSource } from '../electron/core/sync/page-source';
import { ServiceClient } from '../electron/core/sync/service';
import type { SyncStatus } from '../shared/api';
import { CASE_KINDS } from '../shared/domain';
import { DEFAULT_PAGE_LIMIT, routes } from '../shared/sync/protocol';
import { cpuSeconds, now, peakRssMiB, resetPeakRss, round, rssMiB } from './stats';


const CASE_COLUMNS = 'seq, id, kind, status, priority, created_at, updated_at, sla_due_at, category, region, severity, amount_fen, merchant_id, merchant_name, buyer_id, title, version, last_decided_at, lease_holder_name, lease_expires_at, lease';
const COLUMN_COUNT = CASE_COLUMNS.split(', ').length;

export interface BaselineRun {
  indexes: 'live during the insert' | 'dropped, rebuilt after the insert';
  seconds: number;
  insertSeconds: number;
  buildSeconds: number;
  /** Each step of the build, one after the other on the one connection (none when the indexes stay live). */
  buildSteps: { name: string; seconds: number }[];
  perSec: number;
}

export interface BootstrapReport {
  cases: number;
  /** The service's feed alone: every partition's pages downloaded one after the other (as the console chains them), not parsed. */
  feedDownload: { seconds: number; perSec: number; bytes: number } | null;
  /**
   * The console's own fetch + NDJSON split + validation of feed pages on one thread, no insert
   * (`InThreadPageSource`, what each bootstrap worker runs), over the first lines of the violation feed.
   */
  feedValidation: { lines: number; seconds: number; perSec: number; workers: number } | null;
  console: {
    seconds: number;
    perSec: number;
    /** From the first feed request to the last page applied. */
    pullSeconds: number;
    /** Rebuilding the indexes and counts after the last page. */
    derivedSeconds: number;
    derivedSteps: { name: string; seconds: number }[];
    pages: number;
    /** Share of the wall time the main thread (which inserts) was busy: near 1, it is the bottleneck. */
    mainThreadBusy: number;
    /** CPU used during the bootstrap, in cores (CPU seconds / wall seconds): the console process (main thread + workers) and the service. */
    consoleCores: number;
    serviceCores: number | null;
    peakRssMiB: number | null;
    /** The benchmark process's RSS when the bootstrap started (the peak counts from there). */
    rssAtStartMiB: number | null;
  };
  servicePeakRssMiB: number | null;
  /**
   * Console bootstrap and rebuilt-after baseline, in pairs one after the other: on a shared
   * machine one pair alone swung from 0.53 to 0.81 on the same code. `console`, `baselines` and
   * `ratios` are those of the median pair (by ratio).
   */
  rounds: BootstrapRound[];
  baselines: BaselineRun[];
  /** console rate / baseline rate, per baseline, and against the faster one. */
  ratios: { vsIndexesLive: number; vsRebuiltAfter: number; vsFaster: number };
  notes: string[];
}

export interface BootstrapRound {
  console: BootstrapReport['console'];
  rebuiltAfter: BaselineRun;
  /** console rate / this round's rebuilt-after baseline rate. */
  ratio: number;
}

interface Row {
  values: (string | number | null)[];
  body: string;
}

/** The console's rows in seq order, a chunk at a time (untimed reads). */
function* chunksOf(src: Database.Database, size: number): Generator<Row[]> {
  const read = src.prepare(`SELECT ${CASE_COLUMNS.split(', ').map((c) => `c.${c}`).join(', ')}, b.body FROM cases c JOIN case_bodies b ON b.seq = c.seq WHERE c.seq > ? ORDER BY c.seq LIMIT ?`).raw();
  let after = 0;
  for (;;) {
    const rows = read.all(after, size) as (string | number | null)[][];
    if (rows.length === 0) return;
    after = rows.at(-1)?.[0] as number;
    yield rows.map((r) => ({ values: r.slice(0, COLUMN_COUNT), body: r[COLUMN_COUNT] as string }));
  }
}

function baseline(sourcePath: string, path: string, mode: BaselineRun['indexes'], txRows: number): BaselineRun {
  rmSync(path, { force: true });
  const db = openDatabase(path); // same schema: migrations, derived indexes and triggers live
  const src = new Database(sourcePath, { readonly: true });
  try {
    db.pragma('synchronous = NORMAL'); // as the console's bulk bootstrap
    let insertMs = 0;
    let buildMs = 0;
    const buildSteps: BaselineRun['buildSteps'] = [];
    let total = 0;
    if (mode === 'dropped, rebuilt after the insert') db.transaction(() => deferDerived(db)).immediate();
    const insertCase = db.prepare(`INSERT INTO cases (${CASE_COLUMNS}) VALUES (${CASE_COLUMNS.split(', ').map(() => '?').join(', ')})`);
    const insertBody = db.prepare('INSERT INTO case_bodies (seq, body) VALUES (?, ?)');
    const insertAll = db.transaction((rows: Row[]) => {
      for (const r of rows) {
        insertCase.run(...r.values);
        insertBody.run(r.values[0], r.body);
      }
    });
    for (const rows of chunksOf(src, txRows)) {
      const t0 = now();
      insertAll.immediate(rows);
      insertMs += now() - t0;
      total += rows.length;
    }
    if (mode === 'dropped, rebuilt after the insert') {
      for (const step of derivedBuildSteps(db)) {
        const t0 = now();
        step.run();
        buildSteps.push({ name: step.name, seconds: round((now() - t0) / 1000) });
        buildMs += now() - t0;
      }
    }
    if (!derivedLive(db)) throw new Error('baseline: derived structures not live at the end');
    const seconds = (insertMs + buildMs) / 1000;
    return { indexes: mode, seconds: round(seconds), insertSeconds: round(insertMs / 1000), buildSeconds: round(buildMs / 1000), buildSteps, perSec: Math.round(total / seconds) };
  } finally {
    src.close();
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
}

/** Downloads every partition's feed page by page (each next page asked once the last arrived), without parsing the lines. */
async function feedDownload(serviceUrl: string, token: string): Promise<{ lines: number; seconds: number; bytes: number }> {
  const t0 = now();
  let lines = 0;
  let bytes = 0;
  for (const kind of CASE_KINDS) {
    let cursor: string | null = null;
    for (;;) {
      const q = new URLSearchParams({ partition: kind, limit: String(DEFAULT_PAGE_LIMIT), ...(cursor ? { cursor } : {}) });
      const res = await fetch(new URL(`${routes.changes}?${q.toString()}`, serviceUrl), { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`feed download: ${res.status}`);
      const body = new Uint8Array(await res.arrayBuffer());
      bytes += body.length;
      let cut = body.length - 2;
      while (cut >= 0 && body[cut] !== 0x0a) cut -= 1;
      const end = JSON.parse(Buffer.from(body.subarray(cut + 1)).toString('utf8')) as { type: string; cursor: string; hasMore: boolean; count: number };
      if (end.type !== 'end') throw new Error('feed download: a page without its end line');
      lines += end.count;
      if (!end.hasMore) break;
      cursor = end.cursor;
    }
  }
  return { lines, seconds: (now() - t0) / 1000, bytes };
}

/** Fetches and validates violation pages with the console's in-thread page source, up to `maxLines`. */
async function feedValidation(serviceUrl: string, token: string, maxLines: number): Promise<{ lines: number; seconds: number }> {
  const source = new InThreadPageSource(new ServiceClient(serviceUrl, token, new AbortController().signal));
  const t0 = now();
  let lines = 0;
  let cursor: string | null = null;
  while (lines < maxLines) {
    const page: FeedPage = await source.fetch('violation', cursor, DEFAULT_PAGE_LIMIT).page;
    lines += page.changes.length;
    if (!page.end.hasMore) break;
    cursor = page.end.cursor;
  }
  return { lines, seconds: (now() - t0) / 1000 };
}

export interface BootstrapOptions {
  dbPath: string;
  workDir: string;
  serviceUrl: string;
  token: string;
  servicePid: number;
  cases: number;
  /** Run the baseline (false when the bootstrap only prepares the console database for later phases). */
  withBaseline: boolean;
  /** Console + rebuilt-after baseline pairs when `withBaseline` (the median pair is reported). */
  rounds: number;
  log: (line: string) => void;
}

/** One console bootstrap into an empty file, timed; throws unless every partition ends bootstrapped with its counts live. */
async function consoleBootstrap(opts: BootstrapOptions, notes: string[]): Promise<{ console: BootstrapReport['console']; servicePeakRssMiB: number | null }> {
  const { log } = opts;
  for (const suffix of ['', '-wal', '-shm']) rmSync(opts.dbPath + suffix, { force: true });
  const rssAtStart = rssMiB('self');
  if (!resetPeakRss('self') || !resetPeakRss(opts.servicePid)) notes.push('peak RSS could not be reset before the bootstrap: figures are peaks since process start');
  let firstRequest: number | null = null;
  let lastPage = 0;
  let pages = 0;
  const steps: { name: string; at: number }[] = [];
  const trace = (event: string, detail: Record<string, unknown>) => {
    const t = now();
    if (event === 'pull-request') firstRequest ??= t;
    if (event === 'page') {
      pages += 1;
      lastPage = t;
    }
    if (event === 'derived-build') steps.push({ name: String(detail.step), at: t });
  };
  log('Bootstrapping an empty console database over HTTP…');
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const serviceCpu0 = cpuSeconds(opts.servicePid);
  const t0 = now();
  const core = await openConsole({ dbPath: opts.dbPath, serverUrl: opts.serviceUrl, token: opts.token, autoSync: false, trace });
  let status: SyncStatus;
  try {
    const r = await core.invoke('sync.now', {});
    if (!r.ok) throw new Error(`sync.now failed: ${r.error.message}`);
    status = r.value as SyncStatus;
  } finally {
    await core.close();
  }
  const t1 = now();
  const busy = performance.eventLoopUtilization(elu0).utilization;
  const cpu = process.cpuUsage(cpu0);
  const serviceCpu1 = cpuSeconds(opts.servicePid);
  const consolePeak = peakRssMiB('self');
  const servicePeak = peakRssMiB(opts.servicePid);
  const rows = status.partitions.reduce((a, p) => a + p.rows, 0);
  if (status.lastError) throw new Error(`bootstrap: ${status.lastError}`);
  if (!status.partitions.every((p) => p.bootstrapped) || rows !== opts.cases) {
    throw new Error(`bootstrap incomplete: ${JSON.stringify(status.partitions)} (expected ${opts.cases} rows, counts live)`);
  }
  const seconds = (t1 - t0) / 1000;
  const derivedSteps = steps.map((s, i) => ({ name: s.name, seconds: round(((steps[i + 1]?.at ?? t1) - s.at) / 1000) }));
  const result: BootstrapReport['console'] = {
    seconds: round(seconds),
    perSec: Math.round(opts.cases / seconds),
    pullSeconds: round(((lastPage || t1) - (firstRequest ?? t0)) / 1000),
    derivedSeconds: round((t1 - (steps[0]?.at ?? t1)) / 1000),
    derivedSteps,
    pages,
    mainThreadBusy: round(busy),
    consoleCores: round((cpu.user + cpu.system) / 1e6 / seconds),
    serviceCores: serviceCpu0 === null || serviceCpu1 === null ? null : round((serviceCpu1 - serviceCpu0) / seconds),
    peakRssMiB: consolePeak,
    rssAtStartMiB: rssAtStart,
  };
  log(`Console bootstrap: ${opts.cases.toLocaleString('en')} cases in ${seconds.toFixed(1)} s (${result.perSec.toLocaleString('en')}/s); pull ${result.pullSeconds} s, indexes + counts ${result.derivedSeconds} s.`);
  log(`  main thread busy ${Math.round(busy * 100)} %; CPU used: console ${result.consoleCores} cores, service ${result.serviceCores ?? '?'} cores`);
  return { console: result, servicePeakRssMiB: servicePeak };
}

function runBaseline(opts: BootstrapOptions, mode: BaselineRun['indexes']): BaselineRun {
  opts.log(`Baseline: raw better-sqlite3 insert, indexes ${mode}…`);
  const run = baseline(opts.dbPath, join(opts.workDir, 'baseline.sqlite'), mode, DEFAULT_PAGE_LIMIT);
  opts.log(`  ${run.perSec.toLocaleString('en')}/s (${run.seconds} s: insert ${run.insertSeconds} s, build ${run.buildSeconds} s)`);
  return run;
}

export async function benchBootstrap(opts: BootstrapOptions): Promise<BootstrapReport> {
  const { log } = opts;
  const notes: string[] = [];
  const first = await consoleBootstrap(opts, notes);
  const report: BootstrapReport = {
    cases: opts.cases,
    console: first.console,
    feedDownload: null,
    feedValidation: null,
    servicePeakRssMiB: first.servicePeakRssMiB,
    rounds: [],
    baselines: [],
    ratios: { vsIndexesLive: Number.NaN, vsRebuiltAfter: Number.NaN, vsFaster: Number.NaN },
    notes,
  };
  if (!opts.withBaseline) return report;

  log('The service\'s feed alone (download, no parsing)…');
  const feed = await feedDownload(opts.serviceUrl, opts.token);
  if (feed.lines !== opts.cases) notes.push(`feed download saw ${feed.lines} lines for ${opts.cases} cases`);
  report.feedDownload = { seconds: round(feed.seconds), perSec: Math.round(feed.lines / feed.seconds), bytes: feed.bytes };
  log(`  ${report.feedDownload.perSec.toLocaleString('en')} lines/s (${report.feedDownload.seconds} s, ${Math.round(feed.bytes / 2 ** 20)} MiB)`);

  log('The console\'s fetch + validation alone, one thread (no insert)…');
  const validated = await feedValidation(opts.serviceUrl, opts.token, Math.min(opts.cases, 100_000));
  report.feedValidation = { lines: validated.lines, seconds: round(validated.seconds), perSec: Math.round(validated.lines / validated.seconds), workers: defaultBootstrapWorkers() };
  log(`  ${report.feedValidation.perSec.toLocaleString('en')} lines/s on one thread (${validated.lines.toLocaleString('en')} lines); the bootstrap used ${report.feedValidation.workers} worker(s)`);

  // Pairs one after the other, so both sides of each ratio meet the machine in the same minutes.
  for (let i = 0; i < opts.rounds; i++) {
    if (i > 0) log(`Round ${i + 1} of ${opts.rounds}:`);
    const run = i === 0 ? first.console : (await consoleBootstrap(opts, notes)).console;
    const rebuiltAfter = runBaseline(opts, 'dropped, rebuilt after the insert');
    report.rounds.push({ console: run, rebuiltAfter, ratio: round(run.perSec / rebuiltAfter.perSec, 3) });
  }
  const median = [...report.rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor((report.rounds.length - 1) / 2)];
  if (!median) throw new Error('bootstrap: no round ran');
  if (report.rounds.length > 1) log(`Ratio per round: ${report.rounds.map((r) => r.ratio).join(', ')}; the median round is reported.`);
  report.console = median.console;
  const live = runBaseline(opts, 'live during the insert');
  report.baselines = [median.rebuiltAfter, live];
  report.ratios = {
    vsIndexesLive: round(median.console.perSec / live.perSec, 3),
    vsRebuiltAfter: median.ratio,
    vsFaster: round(median.console.perSec / Math.max(live.perSec, median.rebuiltAfter.perSec), 3),
  };
  notes.push(
    `baseline: the console's rows read back from its file (untimed) and inserted with plain INSERTs into the same schema, ${DEFAULT_PAGE_LIMIT} rows per transaction (the feed's page size), WAL, synchronous=NORMAL as the console's bulk bootstrap; timed: inserts + index/count build only`,
    'console: timed from openConsole on an empty file to sync.now returning with every partition bootstrapped and its indexes and counts live; includes HTTP, NDJSON parsing and validation (worker threads)',
    "rebuild: both sides build the same indexes, sort buckets and counts; the baseline one step after another on its one connection, the console counting the buckets and queues on a second connection (a worker thread) while its main connection builds the indexes; the baseline's buildSteps give its index builds alone",
    `${opts.rounds} round(s) of console bootstrap + rebuilt-after baseline; the median round's figures are reported, the indexes-live baseline ran once after them`,
  );
  return report;
}
