/** The benchmark's JSON report and the summary table printed at the end. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchArgs } from './args';
import type { BackendInfo } from './backend';
import type { BootstrapReport } from './bootstrap';
import { DECIDE_NEXT_TARGET_MS, type DecideNextReport } from './decide-next';
import { COUNT_TARGET_MS, PAGE_TARGET_MS, type PagesReport } from './pages';
import type { PrefetchReport } from './prefetch';
import { LOOKUP_P95_TARGET_MS, LOOKUP_SPEEDUP_TARGET, PDQ_RATIO_TARGET, type PdqReport } from './pdq';
import { PUSH_TARGET_SECONDS, type PushReport } from './push';
import { MAX_PUSH_BATCH } from '../shared/sync/protocol';
import { fmtInt, round } from './stats';
import { UI_TARGET_MS, type UiReport } from './ui';

export interface Report {
  startedAt: string;
  finishedAt: string;
  options: BenchArgs;
  machine: { cpus: number; model: string; memGiB: number; node: string; platform: string; loadavgAtStart: number[]; loadavgAtEnd: number[] };
  backend: BackendInfo | null;
  bootstrap: BootstrapReport | null;
  pages: PagesReport | null;
  push: PushReport | null;
  ui: UiReport | null;
  decide: DecideNextReport | null;
  pdq: PdqReport | null;
  prefetch: PrefetchReport | null;
  summary: SummaryRow[];
  errors: string[];
}

export interface SummaryRow {
  what: string;
  figure: string;
  target: string;
  met: boolean | null;
}

export function machine(): Omit<Report['machine'], 'loadavgAtEnd'> {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavgAtStart: loadavg().map((x) => round(x)),
  };
}

export function summarize(r: Omit<Report, 'summary' | 'finishedAt'>): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const b = r.bootstrap;
  if (b && b.baselines.length) {
    rows.push({ what: `bootstrap ${fmtInt(b.cases)} cases over HTTP (console)`, figure: `${fmtInt(b.console.perSec)}/s (${b.console.seconds} s)`, target: '', met: null });
    for (const base of b.baselines) rows.push({ what: `baseline: raw insert, indexes ${base.indexes}`, figure: `${fmtInt(base.perSec)}/s (${base.seconds} s)`, target: '', met: null });
    rows.push({ what: 'bootstrap ratio vs the faster baseline', figure: `${b.ratios.vsFaster} (vs live ${b.ratios.vsIndexesLive}, vs rebuilt after ${b.ratios.vsRebuiltAfter})`, target: '≥ 0.8', met: b.ratios.vsFaster >= 0.8 });
    if (b.rounds.length > 1) rows.push({ what: `bootstrap ratio vs rebuilt after, per round (median above)`, figure: b.rounds.map((r) => r.ratio).join(', '), target: '', met: null });
    rows.push({ what: 'bootstrap: main thread busy; CPU used (console, service)', figure: `${Math.round(b.console.mainThreadBusy * 100)} %; ${b.console.consoleCores} + ${b.console.serviceCores ?? '?'} cores`, target: '', met: null });
    if (b.feedDownload) rows.push({ what: 'the service\'s feed alone (download, no parsing)', figure: `${fmtInt(b.feedDownload.perSec)} lines/s`, target: '', met: null });
    if (b.feedValidation) rows.push({ what: 'the console\'s fetch + validation alone, per thread', figure: `${fmtInt(b.feedValidation.perSec)} lines/s (bootstrap used ${b.feedValidation.workers} worker)`, target: '', met: null });
    rows.push({ what: 'peak RSS during bootstrap: console / service', figure: `${b.console.peakRssMiB ?? '?'} / ${b.servicePeakRssMiB ?? '?'} MiB`, target: '', met: null });
  }
  const p = r.pages;
  if (p) {
    const worst = p.pages.worst[0];
    rows.push({ what: `page of ${p.pageRows}: all ${fmtInt(p.pages.combinations)} combinations`, figure: `p50 ${p.pages.all.p50} ms, p95 ${p.pages.all.p95} ms`, target: `p95 ≤ ${PAGE_TARGET_MS} ms`, met: p.pages.all.p95 <= PAGE_TARGET_MS });
    for (const [ask, d] of Object.entries(p.pages.byAsk)) {
      rows.push({ what: `  page, ${ask}`, figure: `p50 ${d.p50} ms, p95 ${d.p95} ms (${fmtInt(d.n)} runs)`, target: `p95 ≤ ${PAGE_TARGET_MS} ms`, met: d.p95 <= PAGE_TARGET_MS });
    }
    rows.push({
      what: 'page combinations over target (p95 each; median over target)',
      figure: `${p.pages.overTarget.length} (${p.pages.overTargetAtMedian.length})${worst ? `; worst ${worst.ms.p95} ms (${worst.kind}, ${worst.filter}, ${worst.sort} ${worst.direction} ${worst.ask} @${fmtInt(worst.offset)})` : ''}`,
      target: '0',
      met: p.pages.overTarget.length === 0,
    });
    const worstCount = p.counts.worst[0];
    rows.push({ what: `count: all ${p.counts.combinations} filters`, figure: `p50 ${p.counts.all.p50} ms, p95 ${p.counts.all.p95} ms`, target: `p95 ≤ ${COUNT_TARGET_MS} ms`, met: p.counts.all.p95 <= COUNT_TARGET_MS });
    rows.push({
      what: 'count filters over target (p95 each; median over target)',
      figure: `${p.counts.overTarget.length} (${p.counts.overTargetAtMedian.length})${worstCount ? `; worst ${worstCount.ms.p95} ms (${worstCount.kind}, ${worstCount.filter})` : ''}`,
      target: '0',
      met: p.counts.overTarget.length === 0,
    });
  }
  const u = r.push;
  if (u) {
    rows.push({ what: `push ${fmtInt(u.queued)} queued decisions`, figure: `${u.pushSeconds} s (${fmtInt(u.perSec)}/s; ${u.answers.accepted} accepted, ${u.answers.conflicts} conflicts, ${u.answers.rejected} rejected)`, target: `≤ ${PUSH_TARGET_SECONDS} s`, met: u.pushSeconds <= PUSH_TARGET_SECONDS });
    rows.push({ what: `push: one batch (≤ ${MAX_PUSH_BATCH.toLocaleString('en')} decisions) sent → answers recorded`, figure: `p50 ${u.batchMs.p50} ms, p95 ${u.batchMs.p95} ms`, target: '', met: null });
    rows.push({ what: 'duplicate decisions on the service', figure: String(u.service.duplicates), target: '0', met: u.service.duplicates === 0 });
  }
  const ui = r.ui;
  if (ui) {
    rows.push({ what: `UI sort click → painted rows (${ui.sort.n} actions, ${fmtInt(ui.queueRows)}-row queue)`, figure: `p50 ${ui.sort.p50} ms, p95 ${ui.sort.p95} ms`, target: `p95 ≤ ${UI_TARGET_MS} ms`, met: ui.sort.p95 <= UI_TARGET_MS });
    rows.push({ what: `UI filter change → painted rows (${ui.filter.n} actions)`, figure: `p50 ${ui.filter.p50} ms, p95 ${ui.filter.p95} ms`, target: `p95 ≤ ${UI_TARGET_MS} ms`, met: ui.filter.p95 <= UI_TARGET_MS });
    if (ui.timeouts) rows.push({ what: 'UI actions with no visible change within 10 s', figure: String(ui.timeouts), target: '0', met: false });
  }
  const d = r.decide;
  if (d) {
    for (const run of d.runs) {
      rows.push({ what: `decide and next, ${run.mode}: Ctrl+Enter → next case shown (${run.latency.n} decisions)`, figure: `p50 ${run.latency.p50} ms, p95 ${run.latency.p95} ms`, target: `p95 ≤ ${DECIDE_NEXT_TARGET_MS} ms`, met: run.timeouts === 0 && run.latency.p95 <= DECIDE_NEXT_TARGET_MS });
      rows.push({ what: `  keyboard-only decisions per minute, ${run.mode}`, figure: `${run.decisionsPerMinute}/min (${run.decided} in ${run.seconds} s; ${run.timeouts} not moved on)`, target: '', met: null });
    }
    const c = d.check;
    rows.push({ what: 'decide and next: decisions lost or duplicated on the service', figure: `${c.missing} lost, ${c.duplicated} duplicated of ${c.decided} (${c.pendingAfter} pending, ${c.conflicts} conflicts)`, target: '0', met: c.missing === 0 && c.duplicated === 0 && c.pendingAfter === 0 });
  }
  const q = r.pdq;
  if (q) {
    const h = q.hashing;
    rows.push({ what: `PDQ hashing, ${h.photos} reference photos × ${h.rounds} (${q.decoder})`, figure: `${h.pdqPerSec} photos/s; decode + resize alone ${h.floorPerSec}/s`, target: '', met: null });
    rows.push({ what: 'PDQ throughput ÷ decode-only throughput (wall; CPU)', figure: `${h.ratio}; ${h.cpuRatio} (${h.pdqCpuMsPerPhoto} vs ${h.floorCpuMsPerPhoto} ms CPU a photo)`, target: `≥ ${PDQ_RATIO_TARGET}`, met: h.ratio >= PDQ_RATIO_TARGET });
    const l = q.lookup;
    rows.push({ what: `PDQ index of ${fmtInt(l.hashes)} hashes (${fmtInt(l.clustered)} in clusters)`, figure: `built in ${l.buildMs} ms, ${l.memoryMiB} MiB`, target: '', met: null });
    rows.push({ what: `PDQ lookup at distance ${l.distance}, ${l.queries} queries (mean ${l.meanMatches} matches)`, figure: `p50 ${l.index.p50} ms, p95 ${l.index.p95} ms`, target: `p95 ≤ ${LOOKUP_P95_TARGET_MS} ms`, met: l.index.p95 <= LOOKUP_P95_TARGET_MS });
    rows.push({ what: 'PDQ linear scan, same queries', figure: `p50 ${l.scan.p50} ms, p95 ${l.scan.p95} ms; index ${l.speedupP50}× faster at p50`, target: `≥ ${LOOKUP_SPEEDUP_TARGET}×`, met: l.speedupP50 >= LOOKUP_SPEEDUP_TARGET });
    rows.push({ what: 'PDQ index answers = scan answers', figure: String(l.identical), target: 'true', met: l.identical });
  }
  const e = r.prefetch;
  if (e) {
    rows.push({ what: `evidence prefetch, ${fmtInt(e.photos)} photos (${e.megabytes} MB) of ${e.cases} checked-out cases: fetched, checked, stored, thumbnailed`, figure: `${e.consoleSeconds} s (${e.consolePhotosPerSec}/s); ${e.fetched} fetched, ${e.failed} failed`, target: '', met: e.failed === 0 });
    rows.push({ what: 'plain download of the same bytes from the same service', figure: `${e.plainSeconds} s (${e.plainPhotosPerSec}/s); console ÷ plain rate ${e.ratio}`, target: '', met: null });
  }
  return rows;
}

export function printSummary(rows: SummaryRow[]): void {
  const mark = (m: boolean | null) => (m === null ? '' : m ? 'met' : 'MISSED');
  const table = [['what', 'figure', 'target', ''], ...rows.map((r) => [r.what, r.figure, r.target, mark(r.met)])];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((t) => (t[i] ?? '').length)));
  for (const [i, t] of table.entries()) {
    console.log(t.map((c, k) => c.padEnd(widths[k] ?? 0)).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export function writeReport(dir: string, report: Report): string {
  mkdirSync(dir, { recursive: true });
  const name = `${report.startedAt.replace(/:/g, '-')}.json`;
  const json = JSON.stringify(report, null, 2);
  const path = join(dir, name);
  writeFileSync(path, json);
  writeFileSync(join(dir, 'latest.json'), json);
  return path;
}
