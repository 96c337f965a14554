/** Personal data typed into a case's free text is masked at ingest; the originals stay in the service's own table. */
import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../shared/privacy';
import { routes } from '../shared/sync/protocol';
import { refundDisputeCase } from './test-fixtures';
import { BACKENDS, pullAll, serveForTests, type TestDatabase, type TestService } from './test-helpers';

const ID = `44030519900101123${residentIdCheckChar('44030519900101123')}`;
const CARD = '6222021234567890128';

describe.each(BACKENDS)('personal data in free text on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  const ingest = async (cases: unknown[]) => expect((await t.as('platform').post(routes.ingestCases, { cases })).status).toBe(200);
  const stored = (caseId: string) =>
    tdb.db.query<{ field: string; original: string; kinds: string[] }>('SELECT field, original, kinds FROM case_personal_data WHERE case_id = $1 ORDER BY field', [caseId]);

  function withPersonalData(id: string, phone = '13812345678') {
    const c = refundDisputeCase(id);
    if (c.kind !== 'refund_dispute') throw new Error('fixture');
    return {
      ...c,
      detail: {
        ...c.detail,
        buyerStatement: `鱼竿断了，电话${phone}，身份证${ID}，寄回地址广东省深圳市南山区科技园路88号3栋501室。`,
        chat: [...c.detail.chat, { at: (c.detail.chat[0]?.at ?? 0) + 1, from: 'buyer' as const, text: `退款打到卡号 ${CARD.slice(0, 4)} ${CARD.slice(4, 8)} ${CARD.slice(8, 12)} ${CARD.slice(12, 16)} ${CARD.slice(16)}` }],
      },
    };
  }

  it('replicates the case masked, to every reader of its queue', async () => {
    await ingest([withPersonalData('rd-pd-1')]);
    const line = (await pullAll(t.as('arbiter'), 'refund_dispute')).lines.find((l) => l.type === 'upsert' && l.case.id === 'rd-pd-1');
    if (line?.type !== 'upsert' || line.case.kind !== 'refund_dispute') throw new Error('no feed line for rd-pd-1');
    expect(line.case.detail.buyerStatement).toBe(`鱼竿断了，电话138****5678，身份证440***********${ID.slice(14)}，寄回地址广东省深圳市南山区****。`);
    expect(line.case.detail.chat.at(-1)?.text).toBe('退款打到卡号 6222***********0128');
    const raw = JSON.stringify(line);
    for (const secret of ['13812345678', ID, CARD.slice(4, 12), '科技园路']) expect(raw).not.toContain(secret);
  });

  it('keeps each original field in the personal-data table, keyed by case and field', async () => {
    const c = withPersonalData('rd-pd-2');
    await ingest([c]);
    expect(await stored('rd-pd-2')).toEqual([
      { field: 'detail.buyerStatement', original: c.detail.buyerStatement, kinds: ['phone', 'id_number', 'address'] },
      { field: 'detail.chat[2].text', original: c.detail.chat[2]?.text, kinds: ['bank_card'] },
    ]);
    const inCases = await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE input LIKE '%13812345678%'`);
    const inFeed = await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM feed WHERE line LIKE '%13812345678%'`);
    expect([inCases[0]?.n, inFeed[0]?.n]).toEqual([0, 0]);
  });

  it('follows a re-ingest: a changed original with the same mask, and a field that no longer holds any', async () => {
    await ingest([withPersonalData('rd-pd-3')]);
    await ingest([withPersonalData('rd-pd-3', '13899995678')]);
    expect((await stored('rd-pd-3'))[0]?.original).toContain('13899995678');
    await ingest([refundDisputeCase('rd-pd-3')]);
    expect(await stored('rd-pd-3')).toEqual([]);
  });
});
