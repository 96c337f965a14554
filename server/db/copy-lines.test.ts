/** `copyLines` (feed pages read through COPY) and the literals it is built with, on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../test-helpers';
import { sqlLiteral } from './db';

describe('sqlLiteral', () => {
  it('writes safe integers and plain words', () => {
    expect(sqlLiteral(0)).toBe('0');
    expect(sqlLiteral(9_007_199_254_740_991)).toBe('9007199254740991');
    expect(sqlLiteral('refund_dispute')).toBe("'refund_dispute'");
    expect(sqlLiteral('123456789012')).toBe("'123456789012'");
  });

  it('refuses anything that could change the statement', () => {
    expect(() => sqlLiteral("violation'; DROP TABLE feed; --")).toThrow(/not a plain word/);
    expect(() => sqlLiteral('')).toThrow(/not a plain word/);
    expect(() => sqlLiteral('1 OR 1=1')).toThrow(/not a plain word/);
    expect(() => sqlLiteral(1.5)).toThrow(/not a safe integer/);
    expect(() => sqlLiteral(Number.NaN)).toThrow(/not a safe integer/);
    expect(() => sqlLiteral(2 ** 53)).toThrow(/not a safe integer/);
  });
});

describe.each(BACKENDS)('copyLines on %s', (backend) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase(backend);
    await tdb.db.exec('CREATE TABLE copy_probe (k integer PRIMARY KEY, v text NOT NULL)');
  });
  afterAll(() => tdb?.close());

  it('hands over every value verbatim as UTF-8, one per line, with the row count', async () => {
    // JSON text as the feed stores it: escaped quotes and backslashes, escaped control characters, CJK, a comma and a semicolon.
    const values = [
      JSON.stringify({ title: '商家投诉｜乱退款', note: 'said "no", then \\ left' }),
      JSON.stringify({ detail: 'line\nbreak\ttab\u0001\u0002', amountFen: 25900 }),
      JSON.stringify({ caption: '退回鞋子鞋底明显磨损（商家收货拍摄）; a, b' }),
    ];
    for (const [k, v] of values.entries()) await tdb.db.query('INSERT INTO copy_probe (k, v) VALUES ($1, $2)', [k, v]);
    const out = await tdb.db.copyLines('SELECT v FROM copy_probe ORDER BY k');
    expect(out.rows).toBe(3);
    expect(Buffer.from(out.data).toString('utf8')).toBe(values.map((v) => `${v}\n`).join(''));
  });

  it('answers no rows with no bytes', async () => {
    const out = await tdb.db.copyLines('SELECT v FROM copy_probe WHERE k < 0');
    expect(out.rows).toBe(0);
    expect(out.data.length).toBe(0);
  });

  it('passes an error of the query on, and the database stays usable', async () => {
    await expect(tdb.db.copyLines('SELECT no_such_column FROM copy_probe')).rejects.toThrow(/no_such_column/);
    expect(await tdb.db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    const after = await tdb.db.copyLines("SELECT 'still copying'");
    expect(Buffer.from(after.data).toString('utf8')).toBe('still copying\n');
  });
});
