/**
 * Keyset pages and offsets served from the far end, on a real SQLite file: walking a queue by
 * anchors gives exactly the rows, in exactly the order, that offsets give, for every sort,
 * direction and a range of filters, with whole groups of rows tied on every sort column; rows
 * written between two pages are neither skipped nor repeated unless they moved; a bad anchor is
 * refused, naming the problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_SORT_COLUMNS, QueuePageQuery, type QueueFilter, type QueueSortColumn } from '../../../shared/api';
import type { Case, CaseKind } from '../../../shared/domain';
import { ConsoleError } from '../errors';
import { makeCase } from '../testing/fixtures';
import { tempDir } from '../testing/tmp';
import { orderColumns } from './anchor';
import { caseWriter } from './cases';
import { categoryCodes, regionCodes, severityCodes, statusCodes } from './codes';
import { openDatabase, type Db } from './open';
import { pagePlan, pageSql, queuePage, type PageRequest } from './queue';

const tmp = tempDir();
const NOW = Date.UTC(2026, 5, 1);
const ctx = { now: NOW };
const LIMIT = 23;
let db: Db;
const byId = new Map<string, Case>();
const MINE = new Set<string>();

/** Groups of cases equal on every sort and filter column: only their seq orders them. */
const clone = (c: Case, n: number): Case => ({ ...c, id: `T${String(n).padStart(8, '0')}` });

function write(cs: readonly Case[]): void {
  const w = caseWriter(db);
  db.transaction(() => {
    for (const c of cs) {
      w.upsert({ type: 'upsert', case: c, lease: null });
      byId.set(c.id, c);
    }
  })();
}

beforeAll(() => {
  db = openDatabase(tmp.file('keyset.db'));
  const base: Case[] = [];
  for (let i = 0; i < 600; i++) base.push(makeCase(i, { kind: i % 3 === 0 ? 'refund_dispute' : 'violation', merchantId: `M${i % 5}` }));
  const ties = base.filter((_, i) => i % 40 === 1).flatMap((c, g) => Array.from({ length: 6 }, (_, k) => clone(c, g * 10 + k)));
  write([...base, ...ties]);
  db.transaction(() => {
    for (const c of base.filter((_, i) => i % 9 === 0)) {
      MINE.add(c.id);
      db.prepare(`INSERT INTO my_leases (case_id, epoch, expires_at, granted_at, mode) VALUES (?, 1, ?, ?, 'online')`).run(c.id, NOW + 60_000, NOW);
    }
  })();
});
afterAll(() => {
  db.close();
  tmp.remove();
});

const SORT_VALUE: Record<QueueSortColumn, (c: Case) => number> = {
  slaDueAt: (c) => c.slaDueAt, priority: (c) => c.priority, createdAt: (c) => c.createdAt, updatedAt: (c) => c.updatedAt, amountFen: (c) => c.amountFen,
};

/** The order key the console pages by, computed here from the cases themselves and their seq. */
function orderKey(c: Case, column: QueueSortColumn): number[] {
  const seq = db.prepare('SELECT seq FROM cases WHERE id = ?').pluck().get(c.id) as number;
  const severity = c.kind === 'violation' ? severityCodes.code(c.detail.severity) : 0;
  const rest = [statusCodes.code(c.status), categoryCodes.code(c.category), regionCodes.code(c.region), severity];
  return [SORT_VALUE[column](c), ...rest, ...(column === 'slaDueAt' ? [] : [c.slaDueAt]), seq];
}
const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
};

function matches(c: Case, kind: CaseKind, f: QueueFilter, now: number): boolean {
  if (c.kind !== kind) return false;
  if (f.status?.length && !f.status.includes(c.status)) return false;
  if (f.region?.length && !f.region.includes(c.region)) return false;
  if (f.severity?.length && !(c.kind === 'violation' && f.severity.includes(c.detail.severity))) return false;
  if (f.merchantId && c.merchant.id !== f.merchantId) return false;
  if (f.slaBreached && !(c.slaDueAt < now)) return false;
  if (f.mine && !MINE.has(c.id)) return false;
  return true;
}

/** The queue as the reference says it is ordered: ids. */
function reference(q: Omit<PageRequest, 'offset' | 'limit'>, now = NOW): string[] {
  const sign = q.sort.direction === 'asc' ? 1 : -1;
  return [...byId.values()]
    .filter((c) => matches(c, q.kind, q.filter, now))
    .map((c) => ({ id: c.id, key: orderKey(c, q.sort.column) }))
    .sort((a, b) => sign * compare(a.key, b.key))
    .map((r) => r.id);
}

/** Every page by anchor, from the top until a short page. */
function walk(q: Omit<PageRequest, 'offset' | 'limit'>, from?: string, at = ctx): { ids: string[]; anchor: string | null } {
  const ids: string[] = [];
  let after = from;
  for (;;) {
    const page = queuePage(db, { ...q, offset: ids.length, limit: LIMIT, ...(after !== undefined ? { after } : {}) }, at);
    ids.push(...page.rows.map((r) => r.id));
    if (page.rows.length > 0) expect(page.anchor).not.toBeNull();
    if (page.rows.length < LIMIT) return { ids, anchor: page.anchor ?? after ?? null };
    after = page.anchor ?? undefined;
  }
}

const FILTERS: Record<string, QueueFilter> = {
  none: {},
  'status open': { status: ['open'] },
  'region two + severity': { region: ['guangdong', 'zhejiang'], severity: ['minor', 'general'] },
  'deadline passed': { slaBreached: true },
  merchant: { merchantId: 'M3' },
  mine: { mine: true },
};

describe('keyset pages', () => {
  it('every column of the page order is NOT NULL (a NULL would drop rows from a row-value comparison)', () => {
    const info = db.prepare('PRAGMA table_info(cases)').all() as { name: string; notnull: number; pk: number }[];
    for (const column of QUEUE_SORT_COLUMNS) {
      for (const col of orderColumns(column)) {
        const c = info.find((i) => i.name === col);
        expect(c && (c.notnull === 1 || c.pk === 1), `${column}: ${col}`).toBe(true);
      }
    }
  });

  for (const column of QUEUE_SORT_COLUMNS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sort ${column} ${direction}: anchors and offsets (from either end) give the reference order, ties included`, () => {
        for (const [name, filter] of Object.entries(FILTERS)) {
          for (const kind of ['violation', 'refund_dispute'] as const) {
            const q = { kind, sort: { column, direction }, filter };
            const expected = reference(q);
            const label = `${kind} ${name}`;
            expect(walk(q).ids, label).toEqual(expected);
            for (let offset = 0; offset < expected.length + LIMIT; offset += LIMIT) {
              const { rows } = queuePage(db, { ...q, offset, limit: LIMIT }, ctx);
              expect(rows.map((r) => r.id), `${label} @${offset}`).toEqual(expected.slice(offset, offset + LIMIT));
            }
          }
        }
      });
    }
  }

  it('offsets past the middle are read from the other end, and past the end give an empty page', () => {
    const q = { kind: 'violation' as const, sort: { column: 'priority' as const, direction: 'asc' as const }, filter: {} };
    const n = reference(q).length;
    expect(pagePlan(db, { ...q, offset: 100, limit: 50 }, ctx)).toEqual({ offset: 100, limit: 50, reverse: false });
    expect(pagePlan(db, { ...q, offset: n - 120, limit: 50 }, ctx)).toEqual({ offset: 70, limit: 50, reverse: true });
    expect(pagePlan(db, { ...q, offset: n - 10, limit: 50 }, ctx)).toEqual({ offset: 0, limit: 10, reverse: true });
    expect(pagePlan(db, { ...q, offset: n, limit: 50 }, ctx)).toBeNull();
    expect(queuePage(db, { ...q, offset: n + 5, limit: 50 }, ctx)).toEqual({ rows: [], anchor: null });
  });

  it('rows written between two pages: the rest is exactly what follows the anchor now, nothing that stayed is skipped or repeated', () => {
    const q = { kind: 'violation' as const, sort: { column: 'amountFen' as const, direction: 'desc' as const }, filter: {} };
    const before = reference(q);
    const first = queuePage(db, { ...q, offset: 0, limit: 100 }, ctx);
    const seen = first.rows.map((r) => r.id);
    const anchorCase = byId.get(seen[seen.length - 1] as string) as Case;
    const open = (n: number, amountFen: number): Case => ({ ...makeCase(n, { kind: 'violation', status: 'open' }), amountFen });
    // New rows above and below the anchor, one tied with it; one later row moves above it, one row above it is deleted.
    const inserted = [open(9001, anchorCase.amountFen + 1), open(9002, anchorCase.amountFen - 1), { ...anchorCase, id: 'T90000003' }];
    const movedUp = byId.get(before[150] as string) as Case;
    write([...inserted, { ...movedUp, amountFen: anchorCase.amountFen + 5, version: movedUp.version + 1 }]);
    const gone = seen[10] as string;
    db.transaction(() => caseWriter(db).remove(gone))();
    byId.delete(gone);

    const rest = walk(q, first.anchor ?? undefined).ids;
    const anchorKey = orderKey(anchorCase, 'amountFen');
    const after = reference(q).filter((id) => compare(orderKey(byId.get(id) as Case, 'amountFen'), anchorKey) < 0);
    expect(rest).toEqual(after);
    // Every row that was in the queue and did not move shows exactly once across both parts.
    const both = [...seen, ...rest];
    for (const id of before.filter((x) => x !== movedUp.id)) expect(both.filter((x) => x === id), id).toHaveLength(1);
    expect(rest).toContain(inserted[1]?.id);
    // Above the anchor (one tied with it on every column but with a later seq, first in descending order): the next refresh shows them.
    expect(both).not.toContain(inserted[0]?.id);
    expect(both).not.toContain(inserted[2]?.id);
  });

  it('a keyset page seeks in the sort index (row-value range), without sorting, "deadline passed" included', () => {
    const filters: QueueFilter[] = [{ status: ['open'] }, { slaBreached: true }];
    for (const [column, filter] of QUEUE_SORT_COLUMNS.flatMap((c) => filters.map((f) => [c, f] as const))) {
      const q = { kind: 'violation' as const, sort: { column, direction: 'desc' as const }, filter, offset: 0, limit: 100 };
      const keyset = orderColumns(column).map(() => 1);
      const lines = (db.prepare(`EXPLAIN QUERY PLAN ${pageSql(db, q, ctx, { keyset }).sql}`).all(...pageSql(db, q, ctx, { keyset }).params) as { detail: string }[]).map((r) => r.detail);
      expect(lines[0], lines.join(' | ')).toMatch(/^SEARCH c USING INDEX cases_sort_\w+ \(kind=\? AND \(\w+(,\w+)+\)<\(\?(,\?)+\)\)/);
      expect(lines.join(' | ')).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('"deadline passed" reads the deadline range when few cases are late, the sort index when many are; both give the reference order', () => {
    const plan = (sql: { sql: string; params: (string | number)[] }) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql.sql}`).all(...sql.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const q = { kind: 'violation' as const, sort: { column: 'createdAt' as const, direction: 'desc' as const }, filter: { slaBreached: true, region: ['guangdong' as const, 'zhejiang' as const] } };
    // Early in the year only a handful of violations are late: far fewer than the queue / 32.
    const deadlines = [...byId.values()].filter((c) => c.kind === 'violation').map((c) => c.slaDueAt).sort((a, b) => a - b);
    const early = { now: (deadlines[4] as number) + 1 };
    expect(deadlines.filter((d) => d < early.now).length * 32).toBeLessThan(deadlines.length);
    const short = pagePlan(db, { ...q, offset: 0, limit: LIMIT }, early);
    expect(short).toMatchObject({ byDeadline: true });
    const lines = plan(pageSql(db, { ...q, offset: 0, limit: LIMIT }, early, short ?? undefined));
    expect(lines).toMatch(/SEARCH c USING INDEX cases_sort_sla_due_at \(kind=\? AND sla_due_at<\?\)/);
    expect(lines).not.toMatch(/SCAN c\b/);
    for (const column of QUEUE_SORT_COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        for (const filter of [{ slaBreached: true }, q.filter]) {
          const each = { ...q, sort: { column, direction }, filter };
          const expected = reference(each, early.now);
          expect(walk(each, undefined, early).ids, `${column} ${direction}`).toEqual(expected);
          for (let offset = 0; offset < expected.length + 2; offset += 2) {
            expect(queuePage(db, { ...each, offset, limit: 2 }, early).rows.map((r) => r.id)).toEqual(expected.slice(offset, offset + 2));
          }
        }
      }
    }
    expect(reference({ ...q, filter: { slaBreached: true } }, early.now).length).toBeGreaterThan(LIMIT / 5);
    // A deadline sort already walks that range; merchant and mine start from their own small sets.
    for (const other of [{ ...q, sort: { column: 'slaDueAt' as const, direction: 'desc' as const } }, { ...q, filter: { ...q.filter, merchantId: 'M3' } }, { ...q, filter: { ...q.filter, mine: true } }]) {
      expect(pagePlan(db, { ...other, offset: 0, limit: LIMIT }, early), JSON.stringify(other)).not.toHaveProperty('byDeadline');
    }
    // Half the queue late (the other tests' moment): the sort index, from the bucket the first
    // page's matches start in (the bucket counts place it; see queue-jumps.test.ts).
    const long = pagePlan(db, { ...q, offset: 0, limit: LIMIT }, ctx);
    expect(long).not.toHaveProperty('byDeadline');
    expect(long).toHaveProperty('from');
    expect(plan(pageSql(db, { ...q, offset: 0, limit: LIMIT }, ctx, long ?? undefined))).toMatch(/^SEARCH c USING INDEX cases_sort_created_at \(kind=\? AND created_at>\? AND created_at<\?\)/);
  });

  it('a bad anchor is refused with a clear error, never answered with other rows', () => {
    const q = { kind: 'violation' as const, sort: { column: 'createdAt' as const, direction: 'asc' as const }, filter: {}, offset: 100, limit: 10 };
    const good = queuePage(db, { ...q, offset: 0 }, ctx).anchor as string;
    const refusal = (after: string) => {
      try {
        queuePage(db, { ...q, after }, ctx);
      } catch (e) {
        return e instanceof ConsoleError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`;
      }
      return 'answered';
    };
    expect(refusal(good)).toBe('answered');
    for (const bad of ['x', good.replace(/^a1/, 'a9'), good.split('.').slice(0, -1).join('.'), `${good}.1`, good.replace(/\.[0-9a-z]+$/, '.zzzzzzzzzzzzzz')]) {
      expect(refusal(bad), bad).toMatch(/^invalid_input: malformed page anchor/);
    }
    const elsewhere = [
      { ...q, sort: { column: 'createdAt' as const, direction: 'desc' as const } },
      { ...q, sort: { column: 'updatedAt' as const, direction: 'asc' as const } },
      { ...q, filter: { status: ['open' as const] } },
      { ...q, kind: 'refund_dispute' as const },
    ];
    for (const other of elsewhere) {
      expect(() => queuePage(db, { ...other, after: good }, ctx), JSON.stringify(other)).toThrow(/belongs to another queue, sort or filter/);
    }
    // The same filter written another way is the same query.
    const two = { ...q, filter: { region: ['zhejiang' as const, 'guangdong' as const], status: [] } };
    const anchor = queuePage(db, { ...two, offset: 0 }, ctx).anchor as string;
    expect(queuePage(db, { ...q, filter: { region: ['guangdong', 'zhejiang'] }, after: anchor }, ctx).rows.length).toBeGreaterThan(0);
    // The contract refuses anything that cannot be an anchor before the console sees it.
    expect(QueuePageQuery.safeParse({ ...q, after: "1' OR 1=1" }).success).toBe(false);
    expect(QueuePageQuery.safeParse({ ...q, after: 'a'.repeat(161) }).success).toBe(false);
  });
});
