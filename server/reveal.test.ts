/**
 * The audited reveal of personal data over real HTTP: a buyer's phone and address reach consoles
 * masked; an arbiter deciding the case (holding its lease) or a supervisor reveals one with a
 * reason, and the decision log records who, which field and why, never the value; a moderator is
 * refused even calling the API directly.
 */
import { describe, expect, it } from 'vitest';
import { AuditPage, revealPath, RevealResponse, routes } from '../shared/sync/protocol';
import { buyer, refundDisputeCase } from './test-fixtures';
import { BACKENDS, claimEpoch, pullAll, serveForTests, type TestService } from './test-helpers';

const PHONE = '13912345678';
const ADDRESS = '广东省深圳市南山区科技园路88号3栋501室';

describe.each(BACKENDS)('reveal of personal data on %s', (backend) => {
  let t: TestService;
  serveForTests(backend, (env) => ({ t } = env));

  async function disputeWithBuyer(id: string) {
    const base = refundDisputeCase(id);
    if (base.kind !== 'refund_dispute') throw new Error('fixture');
    const c = { ...base, buyer: { ...buyer(), phone: PHONE, address: ADDRESS } };
    expect((await t.as('platform').post(routes.ingestCases, { cases: [c] })).status).toBe(200);
  }
  const reveal = (token: string, caseId: string, body: unknown) =>
    fetch(`${t.url}${revealPath(caseId)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reason = '与买家电话核实退货地址';

  it('replicates the buyer\'s phone and address masked', async () => {
    await disputeWithBuyer('rd-rv-feed');
    const line = (await pullAll(t.as('arbiter'), 'refund_dispute')).lines.find((l) => l.type === 'upsert' && l.case.id === 'rd-rv-feed');
    if (line?.type !== 'upsert') throw new Error('no feed line');
    expect(line.case.buyer).toMatchObject({ phone: '139****5678', address: '广东省深圳市南山区****' });
    expect(JSON.stringify(line)).not.toContain(PHONE);
    expect(JSON.stringify(line)).not.toContain('科技园路');
  });

  it('refuses a moderator, sent straight to the API, and an arbiter who does not hold the case; logs nothing for them', async () => {
    await disputeWithBuyer('rd-rv-refused');
    const mod = await reveal(t.tokens.moderator, 'rd-rv-refused', { field: 'buyer.phone', reason });
    expect(mod.status).toBe(403);
    expect(await mod.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('a moderator may not reveal personal data') });
    const notHolder = await reveal(t.tokens.arbiter, 'rd-rv-refused', { field: 'buyer.phone', reason });
    expect(notHolder.status).toBe(403);
    expect(await notHolder.json()).toMatchObject({ error: 'lease_required' });
    await claimEpoch(t.as('arbiter2'), 'rd-rv-refused');
    const otherHolds = await reveal(t.tokens.arbiter, 'rd-rv-refused', { field: 'buyer.phone', reason });
    expect(await otherHolds.json()).toMatchObject({ error: 'lease_required', message: expect.stringContaining('赵敏') });
    const noReason = await reveal(t.tokens.arbiter2, 'rd-rv-refused', { field: 'buyer.phone', reason: ' ' });
    expect(noReason.status).toBe(400);
    const audit = AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?after=0&limit=10000`)).body);
    expect(audit.entries.filter((e) => e.action === 'reveal' && e.caseId === 'rd-rv-refused')).toEqual([]);
  });

  it('reveals to the arbiter holding the case, with a reason, and the supervisor reads the reveal in the log without the value', async () => {
    await disputeWithBuyer('rd-rv-ok');
    await claimEpoch(t.as('arbiter'), 'rd-rv-ok');
    const res = await reveal(t.tokens.arbiter, 'rd-rv-ok', { field: 'buyer.phone', reason });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const revealed = RevealResponse.parse(await res.json());
    expect(revealed).toMatchObject({ caseId: 'rd-rv-ok', field: 'buyer.phone', value: PHONE, kinds: ['phone'] });
    const address = RevealResponse.parse(await (await reveal(t.tokens.supervisor, 'rd-rv-ok', { field: 'buyer.address', reason: '审核投诉中的地址争议' })).json());
    expect(address.value).toBe(ADDRESS);
    const missing = await reveal(t.tokens.arbiter, 'rd-rv-ok', { field: 'buyer.nickname', reason });
    expect(missing.status).toBe(404);

    const audit = AuditPage.parse((await t.as('supervisor').get(`${routes.audit}?after=0&limit=10000`)).body);
    const reveals = audit.entries.filter((e) => e.action === 'reveal' && e.caseId === 'rd-rv-ok');
    expect(reveals.map((e) => [e.seq, e.actor.name, e.payload.field, e.payload.reason])).toEqual([
      [revealed.auditSeq, '王强', 'buyer.phone', reason],
      [address.auditSeq, '陈静', 'buyer.address', '审核投诉中的地址争议'],
    ]);
    const log = JSON.stringify(audit);
    expect(log).not.toContain(PHONE);
    expect(log).not.toContain('科技园路');
  });
});
