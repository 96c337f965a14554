/** `copyRows` (feed chunks read through binary COPY), its reader, and the literals it is built with, on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../test-helpers';
import { CopyFormatError, readCopiedRows, type CopiedRows } from './copy-binary';
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

describe.each(BACKENDS)('copyRows on %s', (backend) => {
  let tdb: TestDatabase;
  const text = (c: CopiedRows, row: number, field: number) => c.data.toString('utf8', c.start(row, field), c.end(row, field));
  beforeAll(async () => {
    tdb = await openTestDatabase(backend);
    await tdb.db.exec('CREATE TABLE copy_probe (k bigint PRIMARY KEY, v text NOT NULL, note text)');
  });
  afterAll(() => tdb?.close());

  it('hands over every value verbatim as UTF-8, row by row, NULL as NULL', async () => {
    // JSON text as the feed stores it (escaped quotes and backslashes, escaped control
    // characters, CJK, a comma and a semicolon), and raw bytes the text and CSV formats would escape or quote.
    const values = [
      JSON.stringify({ title: '商家投诉｜乱退款', note: 'said "no", then \\ left' }),
      JSON.stringify({ detail: 'line\nbreak\ttab\u0001\u0002', amountFen: 25900 }),
      'raw\nnewline\ttab\\backslash\u0001\u0002,;"',
    ];
    for (const [k, v] of values.entries()) await tdb.db.query('INSERT INTO copy_probe (k, v, note) VALUES ($1, $2, $3)', [2 ** 40 + k, v, k === 1 ? null : `n${k}`]);
    const out = await tdb.db.copyRows('SELECT k, v, note FROM copy_probe ORDER BY k', 3);
    expect(out.rows).toBe(3);
    expect(values.map((_, r) => text(out, r, 1))).toEqual(values);
    expect(out.data.readBigInt64BE(out.start(2, 0))).toBe(BigInt(2 ** 40 + 2));
    expect([out.start(1, 2), out.end(1, 2)]).toEqual([-1, -1]);
    expect(text(out, 2, 2)).toBe('n2');
  });

  it('answers no rows', async () => {
    const out = await tdb.db.copyRows('SELECT v FROM copy_probe WHERE k < 0', 1);
    expect(out.rows).toBe(0);
  });

  it('turns the planner methods off for its own transaction only', async () => {
    const off = await tdb.db.copyRows(`SELECT current_setting('enable_sort'), current_setting('enable_seqscan'), current_setting('transaction_read_only')`, 3, ['enable_sort', 'enable_seqscan']);
    expect([text(off, 0, 0), text(off, 0, 1), text(off, 0, 2)]).toEqual(['off', 'off', 'on']);
    const [after] = await tdb.db.query<{ sort: string }>(`SELECT current_setting('enable_sort') AS sort`);
    expect(after?.sort).toBe('on');
  });

  it('refuses output with another number of columns than asked', async () => {
    await expect(tdb.db.copyRows('SELECT k, v FROM copy_probe', 3)).rejects.toThrow(/row 1 has 2 fields, not 3/);
  });

  it('passes an error of the query on, and the database stays usable', async () => {
    await expect(tdb.db.copyRows('SELECT no_such_column FROM copy_probe', 1)).rejects.toThrow(/no_such_column/);
    expect(await tdb.db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    const after = await tdb.db.copyRows("SELECT 'still copying'", 1);
    expect(text(after, 0, 0)).toBe('still copying');
  });
});

describe('readCopiedRows', () => {
  // COPY (SELECT 7::bigint, 'ab') TO STDOUT (FORMAT binary), as PostgreSQL 15 writes it.
  const header = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
  const output = Buffer.concat([header, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0, 2, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 2, 0x61, 0x62, 0xff, 0xff])]);

  it('reads the rows of well-formed output', () => {
    const rows = readCopiedRows(output, 2);
    expect(rows.rows).toBe(1);
    expect(rows.data.toString('utf8', rows.start(0, 1), rows.end(0, 1))).toBe('ab');
  });

  it('refuses output that is cut off anywhere, or has no signature', () => {
    for (let cut = 0; cut < output.length; cut++) expect(() => readCopiedRows(output.subarray(0, cut), 2), `cut at ${cut}`).toThrow(CopyFormatError);
    expect(() => readCopiedRows(Buffer.from('k\tv\n'), 2)).toThrow(/no binary COPY signature/);
  });
});
