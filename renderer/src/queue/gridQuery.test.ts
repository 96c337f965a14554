import { describe, expect, it } from 'vitest';
import { QueuePageQuery } from '../../../shared/api';
import { PageAnchors, filterIsEmpty, lastRowFor, normalizeFilter, toPageQuery, toQuerySort, validFilter } from './gridQuery';
import { parseSavedFilters, removeSavedFilter, upsertSavedFilter } from './savedFilters';

describe('sort mapping', () => {
  it('maps the sortable grid columns to the core sort', () => {
    expect(toQuerySort([{ colId: 'priority', sort: 'desc' }])).toEqual({ column: 'priority', direction: 'desc' });
    expect(toQuerySort([{ colId: 'amountFen', sort: 'asc' }])).toEqual({ column: 'amountFen', direction: 'asc' });
    expect(toQuerySort([{ colId: 'slaDueAt', sort: 'desc' }])).toEqual({ column: 'slaDueAt', direction: 'desc' });
  });
  it('sorts age as reversed creation time', () => {
    expect(toQuerySort([{ colId: 'age', sort: 'asc' }])).toEqual({ column: 'createdAt', direction: 'desc' });
    expect(toQuerySort([{ colId: 'age', sort: 'desc' }])).toEqual({ column: 'createdAt', direction: 'asc' });
  });
  it('falls back to the SLA order for no sort or an unsortable column', () => {
    expect(toQuerySort([])).toEqual({ column: 'slaDueAt', direction: 'asc' });
    expect(toQuerySort([{ colId: 'merchantName', sort: 'asc' }])).toEqual({ column: 'slaDueAt', direction: 'asc' });
  });
});

describe('page queries', () => {
  it('builds queries the contract accepts', () => {
    const q = toPageQuery('violation', [{ colId: 'priority', sort: 'desc' }], { status: ['open'], region: [], slaBreached: false }, 500_000, 500_100);
    expect(q).toEqual({ kind: 'violation', sort: { column: 'priority', direction: 'desc' }, filter: { status: ['open'] }, offset: 500_000, limit: 100 });
    expect(QueuePageQuery.safeParse(q).success).toBe(true);
  });
  it('caps the page size at the contract maximum', () => {
    expect(toPageQuery('appeal', [], {}, 0, 10_000).limit).toBe(500);
  });
  it('drops a merchant id the contract would refuse instead of failing the grid', () => {
    expect(validFilter({ merchantId: 'bad id!', severity: ['minor'] })).toEqual({ severity: ['minor'] });
    expect(validFilter({ merchantId: ' M-1 ' })).toEqual({ merchantId: 'M-1' });
  });
  it('normalizes equal filters to equal values', () => {
    expect(normalizeFilter({ region: ['zhejiang', 'guangdong'] })).toEqual(normalizeFilter({ region: ['guangdong', 'zhejiang'], category: [] }));
    expect(filterIsEmpty({ status: [], mine: false })).toBe(true);
    expect(filterIsEmpty({ mine: true })).toBe(false);
  });
  it('tells the grid where the queue ends', () => {
    expect(lastRowFor(0, 100, 37, 1_000_000)).toBe(37);
    expect(lastRowFor(200, 100, 100, 1_000_000)).toBe(1_000_000);
    expect(lastRowFor(200, 100, 100, null)).toBeUndefined();
  });
});

describe('page anchors', () => {
  const asc = { column: 'priority' as const, direction: 'asc' as const };
  it('sends the anchor of a loaded block with the block that follows it, and only with that one', () => {
    const anchors = new PageAnchors();
    const top = anchors.request(asc, 0);
    expect(top.after).toBeUndefined();
    top.record(100, 'a1.x.1');
    expect(anchors.request(asc, 100).after).toBe('a1.x.1');
    expect(anchors.request(asc, 200).after).toBeUndefined(); // a jump: by offset
    const q = toPageQuery('violation', [{ colId: 'priority', sort: 'asc' }], {}, 100, 200, 'a1.x.1');
    expect(q).toMatchObject({ offset: 100, limit: 100, after: 'a1.x.1' });
    expect(QueuePageQuery.safeParse(q).success).toBe(true);
  });
  it('drops them on another sort, on clear, and ignores answers to requests made before a drop', () => {
    const anchors = new PageAnchors();
    anchors.request(asc, 0).record(100, 'a1.x.1');
    expect(anchors.request({ ...asc, direction: 'desc' }, 100).after).toBeUndefined();
    expect(anchors.request(asc, 100).after).toBeUndefined();
    const inFlight = anchors.request(asc, 0);
    anchors.clear();
    inFlight.record(100, 'a1.x.old');
    expect(anchors.request(asc, 100).after).toBeUndefined();
  });
  it('records nothing for an empty block and keeps a bounded number', () => {
    const anchors = new PageAnchors();
    anchors.request(asc, 0).record(0, null);
    expect(anchors.request(asc, 0).after).toBeUndefined();
    for (let b = 0; b < 1000; b++) anchors.request(asc, b * 100).record(100, `a1.x.${b}`);
    expect(anchors.request(asc, 1000 * 100).after).toBe('a1.x.999');
    expect(anchors.request(asc, 100).after).toBeUndefined();
  });
});

describe('saved filters', () => {
  it('keeps valid entries only, newest first, unique by name', () => {
    const list = parseSavedFilters([{ name: 'GD', filter: { region: ['guangdong'] } }, { name: '', filter: {} }, 'junk', { name: 'GD', filter: {} }]);
    expect(list).toEqual([{ name: 'GD', filter: { region: ['guangdong'] } }]);
    const next = upsertSavedFilter(list, { name: 'Breached', filter: { slaBreached: true } });
    expect(next.map((f) => f.name)).toEqual(['Breached', 'GD']);
    expect(upsertSavedFilter(next, { name: 'GD', filter: { region: ['shandong'] } })[0]).toEqual({ name: 'GD', filter: { region: ['shandong'] } });
    expect(removeSavedFilter(next, 'GD').map((f) => f.name)).toEqual(['Breached']);
    expect(parseSavedFilters(null)).toEqual([]);
  });
});
