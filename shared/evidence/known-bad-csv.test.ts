import { describe, expect, it } from 'vitest';
import { parseKnownBadCsv } from './known-bad-csv';

const H1 = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const H2 = '30a10efd71cc3d429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af';

describe('known-bad lists in HMA CSV', () => {
  it('reads a header-named list, keeps only PDQ rows, splits tags', () => {
    const csv = `signal_type,signal_value,id,tags\npdq,${H1},te-1,counterfeit prohibited\nvideo_md5,d41d8cd98f00b204e9800998ecf8427e,te-2,\r\nPDQ,${H2.toUpperCase()},te-3,"a;b"\n`;
    expect(parseKnownBadCsv(csv)).toEqual({
      ok: true,
      skipped: 1,
      entries: [
        { entryId: 'te-1', pdq: H1, tags: ['counterfeit', 'prohibited'] },
        { entryId: 'te-3', pdq: H2, tags: ['a', 'b'] },
      ],
    });
  });

  it('reads the headerless ThreatExchange data layout: hash,id,timestamp,tags', () => {
    expect(parseKnownBadCsv(`${H1},1001,1601513795,tag1 tag2\n${H2},1002,1601513796,\n`)).toEqual({
      ok: true, skipped: 0, entries: [{ entryId: '1001', pdq: H1, tags: ['tag1', 'tag2'] }, { entryId: '1002', pdq: H2, tags: [] }],
    });
  });

  it('names every bad row by line and imports nothing', () => {
    const csv = `signal_type,signal_value,id\npdq,${H1},te-1\npdq,12345,te-2\npdq,${H2},te-1\npdq,"${H2},te-4\npdq,${H2},\n`;
    expect(parseKnownBadCsv(csv)).toEqual({
      ok: false,
      errors: [
        { line: 3, message: 'not a PDQ hash: expected 64 hex digits, got "12345"' },
        { line: 4, message: 'id te-1 appears twice (also on line 2)' },
        { line: 5, message: 'a quoted field is not closed' },
        { line: 6, message: 'the id is empty' },
      ],
    });
  });

  it('refuses a header without a hash column, and a file with no PDQ entry', () => {
    expect(parseKnownBadCsv('signal_type,indicator_id\npdq,1\n')).toEqual({ ok: false, errors: [{ line: 1, message: expect.stringContaining('names no hash column') }] });
    expect(parseKnownBadCsv('signal_type,signal_value\n')).toEqual({ ok: false, errors: [{ line: 0, message: 'the file holds no PDQ entry' }] });
  });
});
