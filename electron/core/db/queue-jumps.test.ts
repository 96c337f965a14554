/**
 * Anchorless jumps placed by the sort buckets (`sort-buckets.ts`), on a real SQLite file cut
 * into buckets of a few cases: every offset of every sort, direction and filter gives exactly
 * the rows of a plain `ORDER BY … LIMIT … OFFSET` — with ties, values held by more cases than a
 * bucket, and sync writes between pages (new, changed and removed cases, values below and above
 * every bound); and the trigger-kept bucket counts and deadline spans stay equal to a recount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_SORT_COLUMNS, type QueueFilter } from '../../../shared/api';
import type { Case } from '../../../shared/domain';
import { makeCase } from '../testing/fixtures';
import { tempDir } from '../testing/tmp';
import { orderColumns } from './anchor';
import { caseWriter } from './cases';
import { categoryCodes, kindCodes, regionCodes, severityCodes, statusCodes } from './codes';
import { SORT_SQL, rebucketSorts } from './derived';
import { openDatabase, type Db } from './open';
import { pagePlan, queueCount, queuePage, type PageRequest } from './queue';
import { MOVE_LATE_AT, bucketState } from './sort-buckets';

const tmp = tempDir();
const NOW = Date.UTC(2026, 5, 1);
/** Mutable: the clock moves in one test. */
const ctx = { now: NOW };
const LIMIT = 13;
const ROWS_PER_BUCKET = 16;
let db: Db;
let serial = 0;

function write(cs: readonly Case[]): void {
  const w = caseWriter(db);
  db.transaction(() => {
    for (const c of cs) w.upsert({ type: 'upsert', case: c, lease: null });
  })();
}

/** Cases spread over a year, with groups tied on every column and one amount held by many. */
function generate(n: number): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < n; i++) {
    const c = makeCase(serial++, { kind: i % 4 === 0 ? 'refund_dispute' : 'violation' });
    out.push(i % 5 === 0 ? { ...c, amountFen: 50_000 } : c);
    if (i % 30 === 0) for (let k = 0; k < 4; k++) out.push({ ...c, id: `T${String(serial++).padStart(8, '0')}` });
  }
  return out;
}

beforeAll(() => {
  db = openDatabase(tmp.file('jumps.db'));
  write(generate(700));
  rebucketSorts(db, ROWS_PER_BUCKET);
});
afterAll(() => {
  db.close();
  tmp.remove();
});

const FILTERS: Record<string, QueueFilter> = {
  none: {},
  'status open': { status: ['open'] },
  'three categories + five regions': { category: ['apparel', 'beauty', 'home'], region: ['guangdong', 'shandong', 'zhejiang', 'jiangsu', 'fujian'] },
  'two severities': { severity: ['minor', 'general'] },
  'deadline passed': { slaBreached: true },
  'open + minor + deadline passed': { status: ['open'], severity: ['minor'], slaBreached: true },
};

/** The reference: the filter and order written plainly, read with LIMIT/OFFSET, no index named. */
function plain(q: Omit<PageRequest, 'limit'>, limit: number): string[] {
  const f = q.filter;
  const terms = ['kind = ?'];
  const params: number[] = [kindCodes.code(q.kind)];
  const inList = (col: string, codes: number[]) => {
    terms.push(`${col} IN (${codes.map(() => '?').join(', ')})`);
    params.push(...codes);
  };
  if (f.status?.length) inList('status', f.status.map((s) => statusCodes.code(s)));
  if (f.category?.length) inList('category', f.category.map((s) => categoryCodes.code(s)));
  if (f.region?.length) inList('region', f.region.map((s) => regionCodes.code(s)));
  if (f.severity?.length) inList('severity', f.severity.map((s) => severityCodes.code(s)));
  if (f.slaBreached) {
    terms.push('sla_due_at < ?');
    params.push(ctx.now);
  }
  const order = orderColumns(q.sort.column).map((c) => `${c} ${q.sort.direction}`).join(', ');
  const sql = `SELECT id FROM cases NOT INDEXED WHERE ${terms.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`;
  return db.prepare(sql).pluck().all(...params, limit, q.offset) as string[];
}

/** Every offset near both ends and every 11th between: the page and the reference. Returns how many were placed by buckets. */
function checkOffsets(q: Omit<PageRequest, 'offset' | 'limit'>): number {
  const count = plain({ ...q, offset: 0 }, 1_000_000).length;
  const offsets = new Set([0, 1, 2, count - 1, count - 2, count - LIMIT, count]);
  for (let o = 0; o < count; o += 11) offsets.add(o);
  let bucketed = 0;
  for (const offset of [...offsets].filter((o) => o >= 0)) {
    const page = { ...q, offset, limit: LIMIT };
    if (offset === 0) expect(queueCount(db, q.kind, q.filter, ctx), JSON.stringify(q)).toBe(count);
    expect(queuePage(db, page, ctx).rows.map((r) => r.id), `${JSON.stringify(q)} @${offset}`).toEqual(plain(page, LIMIT));
    const plan = pagePlan(db, page, ctx);
    if (plan && 'from' in plan && plan.from) bucketed++;
  }
  return bucketed;
}

/** The bucket counts the triggers kept, and a recount of the cases into the same bounds. */
function bucketCounts(): { kept: number[][]; recounted: number[][] } {
  const kept = db.prepare('SELECT kind, col, lo, status, category, region, severity, late, n FROM sort_buckets WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8').raw().all() as number[][];
  const recount = Object.values(SORT_SQL).map(
    (col) => `SELECT c.kind, '${col}', (SELECT max(lo) FROM sort_bounds b WHERE b.kind = c.kind AND b.col = '${col}' AND b.lo <= c.${col}), status, category, region, severity,
        c.sla_due_at < (SELECT late_before FROM sort_bucket_state), count(*)
      FROM cases c GROUP BY 1, 3, 4, 5, 6, 7, 8`,
  );
  const recounted = db.prepare(`${recount.join(' UNION ALL ')} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`).raw().all() as number[][];
  return { kept, recounted };
}

describe('anchorless jumps by sort buckets', () => {
  for (const column of QUEUE_SORT_COLUMNS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sort ${column} ${direction}: every offset gives the plain query's rows, for every filter`, () => {
        for (const [name, filter] of Object.entries(FILTERS)) {
          const bucketed = checkOffsets({ kind: 'violation', sort: { column, direction }, filter });
          // The buckets must have placed the jumps they can place, or this checked nothing new.
          expect(bucketed, name).toBeGreaterThan(0);
        }
      });
    }
  }

  it('"deadline passed" by creation: a page near the newest end, even the first, seeks to the bucket its matches start in', () => {
    const filter = FILTERS['open + minor + deadline passed'] ?? {};
    const count = queueCount(db, 'violation', filter, ctx);
    expect(count).toBeGreaterThan(LIMIT);
    for (const [direction, offset] of [['desc', 0], ['desc', 1], ['asc', count - LIMIT], ['asc', count - 1]] as const) {
      const page: PageRequest = { kind: 'violation', sort: { column: 'createdAt', direction }, filter, offset, limit: LIMIT };
      const plan = pagePlan(db, page, ctx);
      expect(plan && 'from' in plan ? plan.from : null, `${direction} @${offset}`).not.toBeNull();
      expect(queuePage(db, page, ctx).rows.map((r) => r.id)).toEqual(plain(page, LIMIT));
    }
  });

  it('"deadline passed" follows the clock: late counts corrected by the deadlines since their cutoff, or moved to a new cutoff when those are many', () => {
    const late = FILTERS['open + minor + deadline passed'] ?? {};
    const seen = { corrected: 0, moved: 0 };
    for (const at of [NOW, NOW + 3_600_000, NOW - 7_200_000, NOW + 60 * 86_400_000, NOW + 61 * 86_400_000, NOW - 90 * 86_400_000]) {
      const before = bucketState(db).lateBefore;
      const between = db.prepare('SELECT count(*) FROM cases WHERE sla_due_at >= ? AND sla_due_at < ?').pluck().get(Math.min(before, at), Math.max(before, at)) as number;
      ctx.now = at;
      for (const column of ['createdAt', 'priority'] as const) checkOffsets({ kind: 'violation', sort: { column, direction: 'desc' }, filter: late });
      const moves = between > MOVE_LATE_AT;
      expect(bucketState(db).lateBefore, `${between} deadlines between the cutoff and now`).toBe(moves ? at : before);
      seen[moves ? 'moved' : 'corrected'] += between > 0 ? 1 : 0;
    }
    ctx.now = NOW;
    expect(seen.corrected).toBeGreaterThan(0);
    expect(seen.moved).toBeGreaterThan(0);
  });

  it('sync writes between pages (new, changed, removed cases; values outside every bound) keep counts and pages exact', () => {
    const w = caseWriter(db);
    const ids = db.prepare("SELECT id FROM cases WHERE kind = 0 ORDER BY seq LIMIT 120").pluck().all() as string[];
    const body = (id: string) => (JSON.parse(db.prepare('SELECT b.body FROM case_bodies b JOIN cases c ON c.seq = b.seq WHERE c.id = ?').pluck().get(id) as string) as { case: Case }).case;
    for (let round = 0; round < 3; round++) {
      db.transaction(() => {
        for (const id of ids.slice(round * 40, round * 40 + 20)) {
          const c = body(id);
          // Another status and priority, an amount and dates past every bound.
          w.upsert({ type: 'upsert', case: { ...c, status: c.status === 'open' ? 'decided' : 'open', priority: 1 + ((c.priority + round) % 5), amountFen: round === 1 ? 0 : 90_000_000, updatedAt: NOW + round * 1000, slaDueAt: c.slaDueAt + 86_400_000 }, lease: null });
        }
        for (const id of ids.slice(round * 40 + 20, round * 40 + 30)) w.remove(id);
      })();
      write(generate(15).map((c) => ({ ...c, createdAt: NOW + 10_000 * round, updatedAt: NOW + 20_000 * round, slaDueAt: NOW - 3_600_000 * round })));
      const { kept, recounted } = bucketCounts();
      expect(kept).toEqual(recounted);
      expect(db.prepare('SELECT kind, span, n FROM sla_spans WHERE n <> 0 ORDER BY 1, 2').raw().all()).toEqual(
        db.prepare('SELECT kind, sla_due_at - created_at, count(*) FROM cases GROUP BY 1, 2 ORDER BY 1, 2').raw().all(),
      );
      for (const column of QUEUE_SORT_COLUMNS) {
        for (const filter of [FILTERS.none, FILTERS['status open'], FILTERS['open + minor + deadline passed']]) {
          checkOffsets({ kind: 'violation', sort: { column, direction: round % 2 === 0 ? 'asc' : 'desc' }, filter: filter ?? {} });
        }
      }
    }
  });
});
