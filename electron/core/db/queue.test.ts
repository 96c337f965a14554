/**
 * Grid queries on a real SQLite file: every sort column in both directions and every filter give
 * exactly the matching cases, in order, across pages; counts agree; and every query shape runs
 * on an index (no full scan, no sort of the queue).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_SORT_COLUMNS, type CaseRow, type QueueFilter, type QueueSortColumn } from '../../../shared/api';
import { CASE_KINDS, CASE_STATUSES, PRODUCT_CATEGORIES, REGIONS, SEVERITIES, type Case } from '../../../shared/domain';
import { makeCase } from '../testing/fixtures';
import { tempDir } from '../testing/tmp';
import { caseWriter } from './cases';
import { CODE_TABLES } from './codes';
import { deferDerived, derivedBuildSteps, derivedLive } from './derived';
import { openDatabase, type Db } from './open';
import { countSql, pageSql, queueCount, queuePage, queueSummaries } from './queue';

const tmp = tempDir();
const NOW = Date.UTC(2026, 5, 1);
const ctx = { now: NOW };
let db: Db;
const cases: Case[] = [];
const MINE = new Set<string>();

beforeAll(() => {
  db = openDatabase(tmp.file('queue.db'));
  const w = caseWriter(db);
  db.transaction(() => {
    for (let i = 0; i < 900; i++) {
      // Few merchants so merchant filters match several cases; repeated values so ties occur.
      const c = makeCase(i, { kind: i % 3 === 0 ? 'refund_dispute' : 'violation', merchantId: `M${i % 7}` });
      cases.push(c);
      w.upsert({ type: 'upsert', case: c, lease: null });
    }
    for (const c of cases.filter((_, i) => i % 11 === 0)) {
      MINE.add(c.id);
      db.prepare('INSERT INTO my_leases (case_id, epoch, expires_at, granted_at, mode) VALUES (?, 1, ?, ?, ?)').run(c.id, NOW + 60_000, NOW, 'online');
    }
    // One expired lease: not mine any more.
    db.prepare('INSERT INTO my_leases (case_id, epoch, expires_at, granted_at, mode) VALUES (?, 1, ?, ?, ?)').run(cases[1]?.id, NOW - 1, NOW - 600_000, 'online');
  })();
});
afterAll(() => {
  db.close();
  tmp.remove();
});

const SORT_FIELD: Record<QueueSortColumn, (c: Case) => number> = {
  slaDueAt: (c) => c.slaDueAt, priority: (c) => c.priority, createdAt: (c) => c.createdAt, updatedAt: (c) => c.updatedAt, amountFen: (c) => c.amountFen,
};
const ROW_FIELD: Record<QueueSortColumn, (r: CaseRow) => number> = {
  slaDueAt: (r) => r.slaDueAt, priority: (r) => r.priority, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt, amountFen: (r) => r.amountFen,
};

function matches(c: Case, kind: string, f: QueueFilter): boolean {
  if (c.kind !== kind) return false;
  if (f.status?.length && !f.status.includes(c.status)) return false;
  if (f.category?.length && !f.category.includes(c.category)) return false;
  if (f.region?.length && !f.region.includes(c.region)) return false;
  if (f.severity?.length && !(c.kind === 'violation' && f.severity.includes(c.detail.severity))) return false;
  if (f.merchantId && c.merchant.id !== f.merchantId) return false;
  if (f.slaBreached && !(c.slaDueAt < NOW)) return false;
  if (f.mine && !MINE.has(c.id)) return false;
  return true;
}

const FILTERS: Record<string, QueueFilter> = {
  none: {},
  'status open': { status: ['open'] },
  'status open+awaiting': { status: ['open', 'awaiting_approval'] },
  'status []': { status: [] },
  'category two': { category: ['apparel', 'beauty'] },
  'region one': { region: ['guangdong'] },
  'severity serious+': { severity: ['serious', 'extremely_serious'] },
  merchant: { merchantId: 'M3' },
  'sla breached': { slaBreached: true },
  mine: { mine: true },
  'mine + open': { mine: true, status: ['open'] },
  'merchant + region + breached': { merchantId: 'M2', region: ['guangdong', 'zhejiang', 'other'], slaBreached: true },
  combined: { status: ['open', 'decided'], category: ['apparel', 'food_fresh', 'home', 'beauty', 'digital_3c'], region: ['guangdong', 'shandong', 'zhejiang', 'jiangsu', 'fujian'], slaBreached: true },
};

describe('queue pages and counts', () => {
  it('every enum value has a stable database code', () => {
    for (const [table, values] of CODE_TABLES) {
      for (const v of values) expect(table.value(table.code(v as never))).toBe(v);
    }
    expect(CODE_TABLES.map(([, v]) => v)).toEqual([CASE_KINDS, CASE_STATUSES, PRODUCT_CATEGORIES, REGIONS, SEVERITIES]);
  });

  for (const column of QUEUE_SORT_COLUMNS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sort ${column} ${direction}: every filter pages through exactly the matching cases, in order`, () => {
        for (const [name, filter] of Object.entries(FILTERS)) {
          for (const kind of ['violation', 'refund_dispute'] as const) {
            const expected = cases.filter((c) => matches(c, kind, filter));
            const seen: CaseRow[] = [];
            for (let offset = 0; ; offset += 37) {
              const { rows } = queuePage(db, { kind, sort: { column, direction }, filter, offset, limit: 37 }, ctx);
              seen.push(...rows);
              if (rows.length < 37) break;
            }
            const label = `${kind} ${name}`;
            expect(seen.map((r) => r.id).sort(), label).toEqual(expected.map((c) => c.id).sort());
            const keys = seen.map(ROW_FIELD[column]);
            const sorted = [...keys].sort((a, b) => (direction === 'asc' ? a - b : b - a));
            expect(keys, label).toEqual(sorted);
            expect(queueCount(db, kind, filter, ctx), label).toBe(expected.length);
            // Rows carry the case's own values.
            for (const r of seen.slice(0, 5)) {
              const c = expected.find((x) => x.id === r.id) as Case;
              expect([r.status, r.category, r.region, r.amountFen, r.merchantId, SORT_FIELD[column](c)]).toEqual([c.status, c.category, c.region, c.amountFen, c.merchant.id, ROW_FIELD[column](r)]);
              expect(r.severity).toBe(c.kind === 'violation' ? c.detail.severity : null);
            }
          }
        }
      });
    }
  }

  it('deadline-passed counts are exact at any moment of a day (aggregate of past days + today from the index)', () => {
    const due = cases.filter((c) => c.kind === 'violation').map((c) => c.slaDueAt).sort((a, b) => a - b);
    for (const at of [due[10] as number, (due[200] as number) + 1, (due[400] as number) - 1, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)]) {
      for (const status of [undefined, ['open' as const], ['open' as const, 'awaiting_approval' as const]]) {
        const filter = { slaBreached: true, ...(status ? { status } : {}) };
        const expected = cases.filter((c) => c.kind === 'violation' && c.slaDueAt < at && (!status || (status as string[]).includes(c.status))).length;
        expect(queueCount(db, 'violation', filter, { now: at })).toBe(expected);
      }
    }
  });

  it('summaries count totals, open, awaiting, breached and mine per queue', () => {
    const [v] = queueSummaries(db, ['violation'], ctx);
    const vs = cases.filter((c) => c.kind === 'violation');
    expect(v).toEqual({
      kind: 'violation',
      total: vs.length,
      open: vs.filter((c) => c.status === 'open').length,
      awaitingApproval: vs.filter((c) => c.status === 'awaiting_approval').length,
      breached: vs.filter((c) => (c.status === 'open' || c.status === 'awaiting_approval') && c.slaDueAt < NOW).length,
      mine: vs.filter((c) => MINE.has(c.id)).length,
    });
  });

  it('counts stay right through updates and deletes (the triggers)', () => {
    const w = caseWriter(db);
    const target = cases.find((c) => c.kind === 'violation' && c.status === 'open') as Case;
    const before = queueCount(db, 'violation', { status: ['open'] }, ctx);
    const decided = { ...target, status: 'decided' as const, version: 2 };
    db.transaction(() => w.upsert({ type: 'upsert', case: decided, lease: null }))();
    expect(queueCount(db, 'violation', { status: ['open'] }, ctx)).toBe(before - 1);
    db.transaction(() => w.remove(target.id))();
    expect(queueCount(db, 'violation', {}, ctx)).toBe(cases.filter((c) => c.kind === 'violation').length - 1);
    db.transaction(() => w.upsert({ type: 'upsert', case: target, lease: null }))();
    expect(queueCount(db, 'violation', { status: ['open'] }, ctx)).toBe(before);
    expect(db.prepare('SELECT sum(n) FROM queue_counts').pluck().get()).toBe(cases.length);
    expect(db.prepare('SELECT sum(n) FROM sla_day_counts').pluck().get()).toBe(cases.length);
    // Moving a deadline to another day moves it between day buckets.
    const moved = { ...target, slaDueAt: target.slaDueAt + 3 * 86_400_000, version: 3 };
    db.transaction(() => w.upsert({ type: 'upsert', case: moved, lease: null }))();
    const at = target.slaDueAt + 86_400_000;
    const expected = cases.filter((c) => c.kind === 'violation' && c.id !== target.id && c.slaDueAt < at).length;
    expect(queueCount(db, 'violation', { slaBreached: true }, { now: at })).toBe(expected);
    db.transaction(() => w.upsert({ type: 'upsert', case: target, lease: null }))();
  });

  it('the local overlay shows pending decisions and open conflicts', () => {
    const c = cases.find((x) => x.kind === 'violation') as Case;
    db.prepare(`INSERT INTO my_decisions (decision_id, mutation_id, case_id, staff_id, command, decided_at, state) VALUES ('d1', 1, ?, 's', '{}', 0, 'pending')`).run(c.id);
    const { rows } = queuePage(db, { kind: 'violation', sort: { column: 'slaDueAt', direction: 'asc' }, filter: { merchantId: c.merchant.id }, offset: 0, limit: 500 }, ctx);
    expect(rows.find((r) => r.id === c.id)).toMatchObject({ pending: true, inConflict: false });
    db.prepare(`UPDATE my_decisions SET state = 'conflict' WHERE decision_id = 'd1'`).run();
    db.prepare(`INSERT INTO conflicts (decision_id, case_id, status, reason, message, received_at) VALUES ('d1', ?, 'conflict', 'already_decided', 'x', 0)`).run(c.id);
    const again = queuePage(db, { kind: 'violation', sort: { column: 'slaDueAt', direction: 'asc' }, filter: { merchantId: c.merchant.id }, offset: 0, limit: 500 }, ctx).rows;
    expect(again.find((r) => r.id === c.id)).toMatchObject({ pending: false, inConflict: true });
    expect(again.filter((r) => r.pending || r.inConflict)).toHaveLength(1);
  });

  describe('query plans', () => {
    const plan = (sql: { sql: string; params: (string | number)[] }) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql.sql}`).all(...sql.params) as { detail: string }[]).map((r) => r.detail);
    const fullScan = (lines: string[]) => lines.filter((l) => /^SCAN (c|cases)\b/.test(l));

    for (const column of QUEUE_SORT_COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        it(`sort ${column} ${direction} walks its index for every filter without sorting`, () => {
          for (const [name, filter] of Object.entries(FILTERS)) {
            const lines = plan(pageSql(db, { kind: 'violation', sort: { column, direction }, filter, offset: 1000, limit: 100 }, ctx));
            expect(fullScan(lines), `${name}: ${lines.join(' | ')}`).toEqual([]);
            if (filter.mine) {
              // Starts from my few leases and looks each case up by id.
              expect(lines.join(' | '), name).toMatch(/SEARCH c USING INDEX sqlite_autoindex_cases_1 \(id=\?\)/);
            } else if (filter.merchantId) {
              // One merchant's cases, found by index; sorting that handful is cheap.
              expect(lines.join(' | '), name).toMatch(/SEARCH c USING INDEX cases_by_merchant \(merchant_id=\? AND kind=\?/);
            } else {
              expect(lines[0], name).toMatch(new RegExp(`^SEARCH c USING INDEX cases_sort_\\w+ \\(kind=\\?`));
              expect(lines.join(' | '), `${name}: ${lines.join(' | ')}`).not.toMatch(/TEMP B-TREE/);
            }
            // The overlay lookups are index searches too.
            expect(lines.filter((l) => /^SCAN (d|k)\b/.test(l)), name).toEqual([]);
          }
        });
      }
    }

    it('counts read the aggregate, or a covering index range, never the whole table', () => {
      for (const [name, filter] of Object.entries(FILTERS)) {
        const lines = plan(countSql(db, 'violation', filter, ctx));
        expect(fullScan(lines), `${name}: ${lines.join(' | ')}`).toEqual([]);
        const joined = lines.join(' | ');
        if (!filter.mine && !filter.merchantId && !filter.slaBreached) expect(joined, name).toMatch(/SEARCH queue_counts/);
        if (filter.slaBreached && !filter.mine && !filter.merchantId) {
          const onlyStatus = !filter.category && !filter.region && !filter.severity;
          // Whole past days from the per-day aggregate; today's part (or a combined filter) as an index range.
          if (onlyStatus) expect(joined, name).toMatch(/SEARCH sla_day_counts .*COVERING INDEX cases_sort_sla_due_at \(kind=\? AND sla_due_at>\? AND sla_due_at<\?\)/);
          else expect(joined, name).toMatch(/COVERING INDEX cases_sort_sla_due_at \(kind=\? AND sla_due_at<\?\)/);
        }
      }
    });
  });

  it('while a bootstrap defers the indexes, and after a rebuild stopped halfway, queries still answer correctly', () => {
    db.transaction(() => deferDerived(db))();
    const filter = { status: ['open' as const], region: ['guangdong' as const] };
    const expected = cases.filter((c) => matches(c, 'violation', filter)).length;
    const check = () => {
      expect(queueCount(db, 'violation', filter, ctx)).toBe(expected);
      expect(queueCount(db, 'violation', { slaBreached: true }, ctx)).toBe(cases.filter((c) => matches(c, 'violation', { slaBreached: true })).length);
      expect(queuePage(db, { kind: 'violation', sort: { column: 'amountFen', direction: 'desc' }, filter, offset: 0, limit: 500 }, ctx).rows).toHaveLength(expected);
    };
    check();
    // The process dies after some of the steps: still deferred, still correct.
    const steps = derivedBuildSteps(db);
    for (const step of steps.slice(0, 3)) step.run();
    expect(derivedLive(db)).toBe(false);
    check();
    for (const step of derivedBuildSteps(db)) step.run();
    expect(derivedLive(db)).toBe(true);
    check();
    expect(db.prepare('SELECT sum(n) FROM queue_counts').pluck().get()).toBe(cases.length);
    expect(db.prepare('SELECT sum(n) FROM sla_day_counts').pluck().get()).toBe(cases.length);
});
});
