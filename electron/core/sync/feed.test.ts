import { describe, expect, it } from 'vitest';
import { makeCase } from '../testing/fixtures';
import { FeedError, readFeedPage } from './feed';

const enc = new TextEncoder();

/** The body in chunks of the given sizes (cutting lines and multi-byte characters anywhere). */
async function* chunked(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = enc.encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

const upsert = (n: number, patch: (c: Record<string, unknown>) => void = () => undefined) => {
  const c = makeCase(n, { kind: 'violation' }) as unknown as Record<string, unknown>;
  patch(c);
  return JSON.stringify({ type: 'upsert', case: c, lease: null });
};
const end = (count: number, extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'end', cursor: 'c-10', hasMore: false, count, ...extra });

async function refusal(text: string, maxLine?: number): Promise<FeedError> {
  try {
    await readFeedPage(chunked(text, 7), 'violation', maxLine);
  } catch (e) {
    expect(e).toBeInstanceOf(FeedError);
    return e as FeedError;
  }
  throw new Error('the page was accepted');
}

describe('readFeedPage', () => {
  it('reads a page cut into chunks anywhere, multi-byte text included', async () => {
    const text = [upsert(1, (c) => { c.title = '退款纠纷：鞋子穿了一周 👟'; }), JSON.stringify({ type: 'tombstone', caseId: 'C9' }), upsert(2), end(3)].join('\n') + '\n';
    for (const size of [1, 3, 64, 100_000]) {
      const page = await readFeedPage(chunked(text, size), 'violation');
      expect(page.changes.map((c) => c.type)).toEqual(['upsert', 'tombstone', 'upsert']);
      const first = page.changes[0];
      expect(first?.type === 'upsert' && (JSON.parse(new TextDecoder().decode(first.raw)) as { case: { title: string } }).case.title).toBe('退款纠纷：鞋子穿了一周 👟');
      expect(first?.type === 'upsert' && first.row[14]).toBe('退款纠纷：鞋子穿了一周 👟');
      expect(page.end).toEqual({ type: 'end', cursor: 'c-10', hasMore: false, count: 3 });
    }
  });

  it('accepts a last line without a newline and CRLF line ends', async () => {
    const page = await readFeedPage(chunked(`${upsert(1)}\r\n${end(1)}`, 5), 'violation');
    expect(page.changes).toHaveLength(1);
  });

  const hostile: [string, string, RegExp][] = [
    ['wrong type', [upsert(1, (c) => { c.priority = 'high'; }), end(1)].join('\n'), /line 1: case\.priority: .*number/i],
    ['missing field', [upsert(1, (c) => { delete c.merchant; }), end(1)].join('\n'), /line 1: case\.merchant: /],
    ['negative amount', [upsert(1), upsert(2, (c) => { c.amountFen = -500; }), end(2)].join('\n'), /line 2: case\.amountFen: amounts cannot be negative/],
    ['fractional fen', [upsert(1, (c) => { c.amountFen = 12.5; }), end(1)].join('\n'), /line 1: case\.amountFen: amounts are integer fen/],
    ['unknown kind', [upsert(1, (c) => { c.kind = 'lottery'; }), end(1)].join('\n'), /line 1: case\.kind: /],
    ['huge string', [upsert(1, (c) => { c.title = 'x'.repeat(5_000); }), end(1)].join('\n'), /line 1: case\.title: text longer than 200 characters/],
    ['case of another partition', [upsert(1), JSON.stringify({ type: 'upsert', case: makeCase(3, { kind: 'appeal' }), lease: null }), end(2)].join('\n'), /line 2: case\.kind: a appeal case does not belong to the violation partition/],
    ['unknown line type', [JSON.stringify({ type: 'delete-everything' }), end(0)].join('\n'), /line 1: type: /],
    ['not JSON', ['{"type": "upsert", "case": ', end(0)].join('\n'), /line 1: not valid JSON/],
    ['cut before the end line', [upsert(1), upsert(2)].join('\n'), /ended after 2 lines without its end line/],
    ['cut mid-line', `${upsert(1)}\n${upsert(2).slice(0, 100)}`, /line 2: not valid JSON/],
    ['count mismatch', [upsert(1), end(5)].join('\n'), /end\.count: the end line announces 5 changes but 1 arrived/],
    ['data after the end line', [upsert(1), end(1), upsert(2)].join('\n'), /line 3: data after the end line/],
    ['a byte order mark before a line', [`\uFEFF${upsert(1)}`, end(1)].join('\n'), /line 1: not valid JSON/],
    ['bad cursor', [upsert(1), end(1, { cursor: '../../etc' })].join('\n'), /line 2: cursor: /],
  ];
  for (const [name, text, message] of hostile) {
    it(`refuses a page with ${name}, naming the line and field`, async () => {
      const e = await refusal(text);
      expect(e.message).toMatch(message);
      expect(e.message).toMatch(/nothing of it was applied/);
    });
  }

  it('refuses a line longer than the limit without buffering it whole', async () => {
    let produced = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      yield enc.encode(`${upsert(1)}\n{"type":"upsert","case":{"title":"`);
      for (;;) {
        produced += 65_536;
        yield new Uint8Array(65_536).fill(0x61);
      }
    }
    const e = await readFeedPage(endless(), 'violation', 256 * 1024).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FeedError);
    expect((e as Error).message).toMatch(/line 2: line longer than the limit of 262144 bytes/);
    expect(produced).toBeLessThan(512 * 1024);
  });

  it('refuses invalid UTF-8', async () => {
    async function* body(): AsyncIterable<Uint8Array> {
      yield new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a]);
    }
    await expect(readFeedPage(body(), 'violation')).rejects.toThrow(/line 1: not valid UTF-8/);
  });
});
