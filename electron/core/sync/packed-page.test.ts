/** A page packed by a feed worker unpacks on the main thread to the same changes, in order. */
import { describe, expect, it } from 'vitest';
import { readFeedLines, validatePage } from './feed';
import { packPage, unpackPage } from './packed-page';
import { makeCase } from '../testing/fixtures';

async function* body(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}

describe('packPage / unpackPage', () => {
  it('gives back every upsert (row, lease, its line) and tombstone in order', async () => {
    const lease = { holder: { id: 'mod-li', name: '李审核' }, epoch: 3, expiresAt: 1_800_000_000_000, mode: 'online' };
    const lines = [
      JSON.stringify({ type: 'upsert', case: { ...makeCase(1, { kind: 'violation' }), id: 'v-1' }, lease: null }),
      JSON.stringify({ type: 'tombstone', caseId: 'v-0' }),
      JSON.stringify({ type: 'upsert', case: { ...makeCase(2, { kind: 'violation' }), id: 'v-2', title: '直播间虚假宣传“纯棉”' }, lease }),
      JSON.stringify({ type: 'end', cursor: 'c-1', hasMore: false, count: 3 }),
    ];
    const page = validatePage('violation', await readFeedLines(body(`${lines.join('\n')}\n`), 'violation'));
    const readable = (p: typeof page) => p.changes.map((c) => (c.type === 'upsert' ? { ...c, raw: Buffer.from(c.raw).toString('utf8') } : c));
    const sent = readable(page);
    const packed = packPage(page);
    // What postMessage does: a structured clone, with the bytes moved (the sender's views are empty after).
    const back = unpackPage(structuredClone(packed, { transfer: [packed.data.buffer as ArrayBuffer] }));
    expect(readable(back)).toEqual(sent);
    expect(back.changes.map((c) => c.caseId)).toEqual(['v-1', 'v-0', 'v-2']);
    const second = back.changes[2];
    expect(second?.type === 'upsert' && JSON.parse(Buffer.from(second.raw).toString('utf8'))).toEqual(JSON.parse(lines[2] ?? ''));
    expect(second?.type === 'upsert' && second.lease).toEqual({ holderId: 'mod-li', epoch: 3 });
    expect({ kind: back.kind, end: back.end, bytes: back.bytes }).toEqual({ kind: page.kind, end: page.end, bytes: page.bytes });
  });
});
