/**
 * Phase 2, pages and counts: every sort column × direction × filter of the console API, asked
 * the ways the grid asks, through `invoke('queue.page' | 'queue.count')` — contract validation,
 * the handler, the pinned SQL — exactly what the grid sends over IPC or the web host:
 * - `top`: the first page (offset 0);
 * - `next`: the page after a loaded one, with its anchor, at the top, the middle and the end;
 * - `jump`: no anchor (the scrollbar dragged there): the middle, the end, offset 500,000.
 * One warm-up, then `reps` timed runs each; the anchor is taken from an untimed page before.
 */
import Database from 'better-sqlite3';
import type { ConsoleCore } from '../electron/core/console';
import { kindCodes } from '../electron/core/db/codes';
import { QUEUE_SORT_COLUMNS, type QueueFilter, type QueueSortColumn } from '../shared/api';
import { PRODUCT_CATEGORIES, REGIONS, SEVERITIES, type CaseKind } from '../shared/domain';
import { call } from './call';
import { distribution, now, type Distribution } from './stats';

export const PAGE_TARGET_MS = 20;
export const COUNT_TARGET_MS = 50;
const PAGE_ROWS = 100;
const DEEP_OFFSET = 500_000;

/** How the grid asks for a page (see the header), and where in the queue. */
export type PageAsk = 'top' | 'next@top' | 'next@middle' | 'next@end' | 'jump@middle' | 'jump@end' | 'jump@500,000';

export interface PageCombo {
  kind: CaseKind;
  filter: string;
  sort: QueueSortColumn;
  direction: 'asc' | 'desc';
  ask: PageAsk;
  offset: number;
  rows: number;
  ms: Distribution;
}

export interface CountCombo {
  kind: CaseKind;
  filter: string;
  count: number;
  ms: Distribution;
}

export interface PagesReport {
  reps: number;
  pageRows: number;
  leasesHeld: number;
  /**
   * `overTarget`: combinations whose p95 is over target; `overTargetAtMedian`: those whose median
   * is (slow every time, not a stall of a loaded machine).
   */
  pages: { all: Distribution; combinations: number; overTarget: PageCombo[]; overTargetAtMedian: PageCombo[]; worst: PageCombo[]; byFilter: Record<string, Distribution>; byAsk: Record<string, Distribution> };
  counts: { all: Distribution; combinations: number; overTarget: CountCombo[]; overTargetAtMedian: CountCombo[]; worst: CountCombo[] };
  pageCombos: PageCombo[];
  countCombos: CountCombo[];
}

interface NamedFilter {
  name: string;
  filter: QueueFilter;
}

async function largest<T extends string>(core: ConsoleCore, kind: CaseKind, values: readonly T[], make: (v: T) => QueueFilter): Promise<T> {
  let best: { v: T; n: number } | null = null;
  for (const v of values) {
    const { count } = await call(core, 'queue.count', { kind, filter: make(v) });
    if (!best || count > best.n) best = { v, n: count };
  }
  if (!best) throw new Error('no values');
  return best.v;
}

/** Every filter the grid offers, one at a time, plus the combinations the grid's defaults and summaries use. */
async function filtersFor(core: ConsoleCore, db: Database.Database, kind: CaseKind): Promise<NamedFilter[]> {
  const region = await largest(core, kind, REGIONS, (r) => ({ region: [r] }));
  const category = await largest(core, kind, PRODUCT_CATEGORIES, (c) => ({ category: [c] }));
  const merchant = db.prepare('SELECT merchant_id FROM cases WHERE kind = ? GROUP BY merchant_id ORDER BY count(*) DESC LIMIT 1').pluck().get(kindCodes.code(kind)) as string | undefined;
  const out: NamedFilter[] = [
    { name: 'none', filter: {} },
    { name: 'status=open', filter: { status: ['open'] } },
    { name: 'status=open,awaiting_approval', filter: { status: ['open', 'awaiting_approval'] } },
    { name: `category=${category}`, filter: { category: [category] } },
    { name: `region=${region}`, filter: { region: [region] } },
    { name: 'slaBreached', filter: { slaBreached: true } },
    { name: 'status=open+slaBreached', filter: { status: ['open'], slaBreached: true } },
    { name: `status=open+category=${category}+region=${region}`, filter: { status: ['open'], category: [category], region: [region] } },
    { name: 'mine', filter: { mine: true } },
  ];
  if (merchant) out.push({ name: 'merchant (the largest)', filter: { merchantId: merchant } });
  if (kind === 'violation') {
    const severity = await largest(core, kind, SEVERITIES, (s) => ({ severity: [s] }));
    out.push({ name: `severity=${severity}`, filter: { severity: [severity] } }, { name: `status=open+severity=${severity}+slaBreached`, filter: { status: ['open'], severity: [severity], slaBreached: true } });
  }
  return out;
}

/** The pages to time for a queue of `count` rows: how each is asked and its first row. */
function asksFor(count: number): { ask: PageAsk; offset: number }[] {
  const last = Math.max(0, count - PAGE_ROWS);
  const mid = Math.floor(count / 2 / PAGE_ROWS) * PAGE_ROWS;
  const asks: { ask: PageAsk; offset: number }[] = [{ ask: 'top', offset: 0 }];
  if (count > PAGE_ROWS) asks.push({ ask: 'next@top', offset: PAGE_ROWS });
  if (mid > PAGE_ROWS) asks.push({ ask: 'next@middle', offset: mid }, { ask: 'jump@middle', offset: mid });
  if (last > mid) asks.push({ ask: 'jump@end', offset: last });
  if (last > mid && last >= PAGE_ROWS) asks.push({ ask: 'next@end', offset: last });
  if (count > DEEP_OFFSET + PAGE_ROWS) asks.push({ ask: 'jump@500,000', offset: DEEP_OFFSET });
  return asks;
}

async function sample(reps: number, run: () => Promise<void>): Promise<number[]> {
  await run(); // warm-up: statement cache, pages of the file
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    await run();
    ms.push(now() - t0);
  }
  return ms;
}

/** Claims a few open cases of each kind so that "mine" has rows. */
async function holdSomeLeases(core: ConsoleCore, kinds: readonly CaseKind[]): Promise<number> {
  let held = 0;
  for (const kind of kinds) {
    const { rows } = await call(core, 'queue.page', { kind, filter: { status: ['open'] }, sort: { column: 'createdAt', direction: 'desc' }, offset: 0, limit: 50 });
    const ids = rows.filter((r) => r.leaseHolder === null).map((r) => r.id);
    if (ids.length === 0) continue;
    const answers = await call(core, 'case.claim', { caseIds: ids, mode: 'online' });
    held += answers.filter((a) => a.granted).length;
  }
  return held;
}

export async function benchPages(core: ConsoleCore, dbPath: string, reps: number, log: (s: string) => void): Promise<PagesReport> {
  const session = await call(core, 'session.get', {});
  const kinds = (await call(core, 'queues.list', {})).map((q) => q.kind);
  const leasesHeld = await holdSomeLeases(core, kinds);
  const db = new Database(dbPath, { readonly: true });
  const pageCombos: PageCombo[] = [];
  const countCombos: CountCombo[] = [];
  const pageSamples: number[] = [];
  const countSamples: number[] = [];
  const byFilter = new Map<string, number[]>();
  const byAsk = new Map<PageAsk, number[]>();
  try {
    for (const kind of kinds) {
      const filters = await filtersFor(core, db, kind);
      log(`  ${kind}: ${filters.length} filters × ${QUEUE_SORT_COLUMNS.length} sorts × 2 directions (signed in as ${session.staff.role})`);
      for (const { name, filter } of filters) {
        let count = 0;
        const cms = await sample(reps, async () => {
          count = (await call(core, 'queue.count', { kind, filter })).count;
        });
        countSamples.push(...cms);
        countCombos.push({ kind, filter: name, count, ms: distribution(cms) });
        const filterKey = name.replace(/=[^+]*/g, '=…');
        for (const { ask, offset } of asksFor(count)) {
          for (const sort of QUEUE_SORT_COLUMNS) {
            for (const direction of ['asc', 'desc'] as const) {
              const query = { kind, filter, sort: { column: sort, direction }, offset, limit: PAGE_ROWS };
              // The grid has the anchor of the block before when it scrolls on: take it untimed.
              const after = ask.startsWith('next@') ? (await call(core, 'queue.page', { ...query, offset: offset - PAGE_ROWS })).anchor : null;
              if (ask.startsWith('next@') && after === null) throw new Error(`${kind} ${name} ${sort} ${direction}: no anchor before ${offset}`);
              let rows = 0;
              const ms = await sample(reps, async () => {
                rows = (await call(core, 'queue.page', after === null ? query : { ...query, after })).rows.length;
              });
              const expected = Math.max(0, Math.min(PAGE_ROWS, count - offset));
              if (rows !== expected) throw new Error(`${kind} ${name} ${sort} ${direction} ${ask} @${offset}: ${rows} rows, expected ${expected} (count ${count})`);
              pageSamples.push(...ms);
              byFilter.set(filterKey, [...(byFilter.get(filterKey) ?? []), ...ms]);
              byAsk.set(ask, [...(byAsk.get(ask) ?? []), ...ms]);
              pageCombos.push({ kind, filter: name, sort, direction, ask, offset, rows, ms: distribution(ms) });
            }
          }
        }
      }
    }
  } finally {
    db.close();
  }
  const worstPages = [...pageCombos].sort((a, b) => b.ms.p95 - a.ms.p95);
  const worstCounts = [...countCombos].sort((a, b) => b.ms.p95 - a.ms.p95);
  return {
    reps,
    pageRows: PAGE_ROWS,
    leasesHeld,
    pages: {
      all: distribution(pageSamples),
      combinations: pageCombos.length,
      overTarget: worstPages.filter((c) => c.ms.p95 > PAGE_TARGET_MS),
      overTargetAtMedian: worstPages.filter((c) => c.ms.p50 > PAGE_TARGET_MS),
      worst: worstPages.slice(0, 10),
      byFilter: Object.fromEntries([...byFilter].map(([k, v]) => [k, distribution(v)])),
      byAsk: Object.fromEntries([...byAsk].map(([k, v]) => [k, distribution(v)])),
    },
    counts: {
      all: distribution(countSamples),
      combinations: countCombos.length,
      overTarget: worstCounts.filter((c) => c.ms.p95 > COUNT_TARGET_MS),
      overTargetAtMedian: worstCounts.filter((c) => c.ms.p50 > COUNT_TARGET_MS),
      worst: worstCounts.slice(0, 10),
    },
    pageCombos,
    countCombos,
  };
}
