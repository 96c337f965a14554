/** Decisions re-checked against the rulebook version they cite, and the ledger their money writes. */
import { describe, expect, it } from 'vitest';
import type { CaseInput } from '../shared/domain';
import { RefundFacts, Rulebook, ViolationFacts } from '../shared/rulebook';
import { LedgerSummary, routes, type AuditEntry } from '../shared/sync/protocol';
import { ledgerRecords } from './ledger';
import { BODIES, decision, merchant, penaltyCase, refundDisputeCase } from './test-fixtures';
import {
  BACKENDS, caseNow, claimEpoch, push, SHIPPED_RULEBOOKS, type TestDatabase, serveForTests, type TestService } from './test-helpers';

const fine = (amountFen: number) => ({ kind: 'violation' as const, outcome: { type: 'fine' as const, amountFen } });
const noPriors = ViolationFacts.parse({ kind: 'violation', priorOffences: 0 });

describe.each(BACKENDS)('adjudication by the rulebook on %s', (backend) => {
  let tdb: TestDatabase;
  let t: TestService;
  serveForTests(backend, (env) => ({ tdb, t } = env));

  async function ingest(...cases: CaseInput[]) {
    expect((await t.as('platform').post(routes.ingestCases, { cases })).status).toBe(200);
  }
  async function auditOf(caseId: string) {
    const res = await t.as('supervisor').get<{ entries: AuditEntry[] }>(`${routes.audit}?limit=10000`);
    return res.body.entries.filter((e) => e.caseId === caseId);
  }

  it('refuses a decision that breaks the rulebook, naming the clause, and changes nothing', async () => {
    await ingest(penaltyCase('v-breach', 'poor_quality', 'serious'), refundDisputeCase('rd-breach'));
    const epoch = await claimEpoch(t.as('moderator'), 'v-breach');
    // The reviewer finds no violation, yet fines the store.
    const [fined] = await push(t.as('moderator'), { decisions: [decision('v-breach', { mutationId: 1, leaseEpoch: epoch, body: fine(30_000), ruleRef: 'VIO-PQ-2.4', facts: ViolationFacts.parse({ kind: 'violation', violationConfirmed: false }) })] });
    expect(fined).toMatchObject({ status: 'rejected', code: 'invalid', message: expect.stringContaining('breaks rulebook 2026.11: VIO-GEN-4: no violation is established') });
    // The buyer broke the rod after delivery, yet the merchant is made to refund.
    const rdEpoch = await claimEpoch(t.as('arbiter'), 'rd-breach');
    const [refund] = await push(t.as('arbiter'), { decisions: [decision('rd-breach', { mutationId: 1, leaseEpoch: rdEpoch, body: BODIES.fullRefund, facts: RefundFacts.parse({ kind: 'refund_dispute', buyerCausedDamage: true }) })] });
    expect(refund).toMatchObject({ status: 'rejected', code: 'invalid', message: expect.stringMatching(/REF-GEN-2: the buyer is established at fault/) });
    expect((await caseNow(t, 'violation', 'v-breach')).status).toBe('open');
    expect((await caseNow(t, 'refund_dispute', 'rd-breach')).version).toBe(1);
    expect(await auditOf('v-breach')).toEqual([]);
    expect(await ledgerRecords(tdb.db, { caseId: 'rd-breach' })).toEqual([]);
  });

  it('says why in codes with parameters beside the message; a repeat gets the same answer, and an answer stored before codes still parses', async () => {
    await ingest(penaltyCase('v-codes', 'poor_quality', 'serious'));
    const epoch = await claimEpoch(t.as('moderator'), 'v-codes');
    const clientId = crypto.randomUUID();
    // VIO-PQ-1 caps a poor-quality fine at ¥10,000.
    const heavy = decision('v-codes', { mutationId: 1, leaseEpoch: epoch, body: fine(1_500_000), ruleRef: 'VIO-PQ-2.5', facts: noPriors, justification: '从重处罚。' });
    const [first] = await push(t.as('moderator'), { decisions: [heavy] }, clientId);
    expect(first).toMatchObject({
      status: 'rejected', code: 'invalid', message: expect.stringContaining('VIO-PQ-1: a fine of ¥15,000.00 is above the poor quality maximum of ¥10,000.00'),
      refusals: [{ code: 'fine_above_maximum', params: { ruleRef: 'VIO-PQ-1', amountFen: 1_500_000, maxFen: 1_000_000, category: 'poor_quality' } }],
    });
    expect(await push(t.as('moderator'), { decisions: [heavy] }, clientId)).toEqual([first]);

    // An answer stored by a service from before codes carries the message alone; a replay of it parses.
    // Stored answers are append-only now: the test sets the old answer with the trigger off, as an old database holds it.
    const { refusals: _codes, ...before } = first as Extract<typeof first, { status: 'rejected' }>;
    await tdb.db.exec(`ALTER TABLE push_answers DISABLE TRIGGER push_answers_append_only;
      UPDATE push_answers SET answer = '${JSON.stringify(before).replace(/'/g, "''")}' WHERE decision_id = '${heavy.decisionId}';
      ALTER TABLE push_answers ENABLE TRIGGER push_answers_append_only;`);
    expect(await push(t.as('moderator'), { decisions: [heavy] }, clientId)).toEqual([before]);
  });

  it('refuses a clause the rulebook lacks, a rulebook version the service does not know, and facts of another kind', async () => {
    await ingest(refundDisputeCase('rd-cite'));
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-cite');
    const base = { leaseEpoch: epoch, body: BODIES.fullRefund };
    const answers = await push(t.as('arbiter'), {
      decisions: [
        decision('rd-cite', { ...base, mutationId: 1, ruleRef: 'REF-XX-9' }),
        decision('rd-cite', { ...base, mutationId: 2, rulebookVersion: '2031.01' }),
        decision('rd-cite', { ...base, mutationId: 3, facts: noPriors }),
      ],
    });
    expect(answers.map((a) => (a.status === 'rejected' ? a.message : a.status))).toEqual([
      'ruleRef: rulebook 2026.11 has no clause REF-XX-9',
      'rulebookVersion: the case service does not know rulebook 2031.01 (it knows 2026.11)',
      'facts.kind: the facts are for a violation, and case rd-cite is a refund_dispute',
    ]);
    expect(answers.map((a) => (a.status === 'rejected' ? a.refusals : a.status))).toEqual([
      [{ code: 'unknown_clause', params: { version: '2026.11', ruleRef: 'REF-XX-9' }, message: 'ruleRef: rulebook 2026.11 has no clause REF-XX-9' }],
      [{ code: 'unknown_rulebook', params: { version: '2031.01', known: ['2026.11'] }, message: 'rulebookVersion: the case service does not know rulebook 2031.01 (it knows 2026.11)' }],
      [{ code: 'facts_kind_mismatch', params: { factsKind: 'violation', caseKind: 'refund_dispute' }, message: 'facts.kind: the facts are for a violation, and case rd-cite is a refund_dispute' }],
    ]);
  });

  it('refuses a departure without a justification, naming the recommendation; accepts it with one, marked', async () => {
    await ingest(refundDisputeCase('rd-departure'));
    const epoch = await claimEpoch(t.as('arbiter'), 'rd-departure');
    // Broken on arrival: the rulebook gives a full refund; the arbiter gives part of it.
    const facts = RefundFacts.parse({ kind: 'refund_dispute', arrivedDamaged: true });
    const partial = decision('rd-departure', { mutationId: 1, leaseEpoch: epoch, body: BODIES.partialRefund(20_000), facts });
    const [bare] = await push(t.as('arbiter'), { decisions: [partial] });
    expect(bare).toMatchObject({ status: 'rejected', code: 'invalid' });
    expect(bare?.status === 'rejected' && bare.message).toBe('justification: the decision departs from what rulebook 2026.11 recommends for these facts (full_refund under REF-BR-1); a departure needs a written justification');

    const justification = '竿梢断口可修复，买家同意部分退款并保留商品。';
    const justified = { ...partial, mutationId: 2, decisionId: crypto.randomUUID(), justification };
    const [ok] = await push(t.as('arbiter'), { decisions: [justified] });
    expect(ok).toEqual({ status: 'accepted', decisionId: justified.decisionId, mutationId: 2, caseVersion: 2, effect: 'in_effect' });
    const c = await caseNow(t, 'refund_dispute', 'rd-departure');
    expect(c.status).toBe('decided');
    expect(c.lastDecision).toMatchObject({ rulebookVersion: '2026.11', departure: true, justification, ruleRef: 'REF-BR-1' });
    expect(c.lastDecision?.approval).toBeUndefined();
    const [logged] = await auditOf('rd-departure');
    expect(logged?.payload).toMatchObject({ decision: { departure: true, justification }, facts: { arrivedDamaged: true } });
    expect((await ledgerRecords(tdb.db, { caseId: 'rd-departure' })).map((e) => [e.payer, e.payee, e.amountFen, e.ruleRef, e.purpose])).toEqual([
      ['merchant', 'buyer', 20_000, 'REF-BR-1', 'refund'],
    ]);
  });

  it('accepts the recommendation with no facts sent when the defaults give it, marked as no departure', async () => {
    await ingest(penaltyCase('v-defaults', 'poor_quality', 'general', 'm-gd-one-prior'));
    // The store has one prior violation: general + 1 repeat → 2 points (VIO-PQ-2.3).
    const epoch = await claimEpoch(t.as('moderator'), 'v-defaults');
    const d = decision('v-defaults', { mutationId: 1, leaseEpoch: epoch, body: { kind: 'violation', outcome: { type: 'deduct_points', points: 2 } }, ruleRef: 'VIO-PQ-2.3' });
    delete d.facts;
    expect((await push(t.as('moderator'), { decisions: [d] }))[0]?.status).toBe('accepted');
    expect((await caseNow(t, 'violation', 'v-defaults')).lastDecision).toMatchObject({ departure: false, rulebookVersion: '2026.11' });
  });

  it('writes the ledger of money decisions in the decision\'s transaction and sums it for supervisors only', async () => {
    const m = 'm-ledger-a';
    await ingest(
      { ...refundDisputeCase('rd-ledger-1'), merchant: merchant(m) },
      penaltyCase('v-ledger-1', 'poor_quality', 'serious', m),
      { ...refundDisputeCase('rd-ledger-2'), merchant: merchant('m-ledger-b') },
    );
    const before = Date.now();
    const e1 = await claimEpoch(t.as('arbiter'), 'rd-ledger-1');
    const e3 = await claimEpoch(t.as('arbiter'), 'rd-ledger-2');
    const e2 = await claimEpoch(t.as('moderator'), 'v-ledger-1');
    const answers = [
      ...(await push(t.as('arbiter'), { decisions: [
        decision('rd-ledger-1', { mutationId: 1, leaseEpoch: e1, body: BODIES.fullRefund }),
        decision('rd-ledger-2', { mutationId: 2, leaseEpoch: e3, body: BODIES.partialRefund(10_000) }),
      ] })),
      ...(await push(t.as('moderator'), { decisions: [decision('v-ledger-1', { mutationId: 1, leaseEpoch: e2, body: fine(30_000), ruleRef: 'VIO-PQ-2.4', facts: noPriors })] })),
    ];
    expect(answers.map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const summary = async (q: string) => {
      const res = await t.as('supervisor').get<LedgerSummary>(`${routes.ledgerSummary}?${q}`);
      expect(res.status).toBe(200);
      return LedgerSummary.parse(res.body);
    };
    const byPayer = await summary(`by=payer&merchantId=${m}`);
    expect(byPayer.groups.map((g) => [g.key, g.entries, g.totalFen])).toEqual([['merchant', 2, 65_900]]);
    const byPayee = await summary(`by=payee&merchantId=${m}`);
    expect(byPayee.groups.map((g) => [g.key, g.totalFen])).toEqual([['buyer', 35_900], ['platform', 30_000]]);
    const byMerchant = await summary('by=merchant');
    const a = byMerchant.groups.find((g) => g.key === m);
    expect(a).toMatchObject({ entries: 2, totalFen: 65_900, net: { merchant: -65_900, buyer: 35_900, platform: 30_000, platform_fund: 0, insurer: 0, creator: 0 } });
    expect(byMerchant.groups.find((g) => g.key === 'm-ledger-b')).toMatchObject({ entries: 1, totalFen: 10_000 });
    for (const g of byMerchant.groups) expect(Object.values(g.net).reduce((x, y) => x + y, 0)).toBe(0);

    const months = new Set([before, Date.now()].map((ms) => new Date(ms).toISOString().slice(0, 7)));
    const byMonth = await summary(`by=month&merchantId=${m}`);
    expect(byMonth.groups).toHaveLength(1);
    expect(months).toContain(byMonth.groups[0]?.key);
    expect((await summary(`by=payer&merchantId=${m}&from=${Date.now() + 3_600_000}`)).entries).toBe(0);
    expect((await summary(`by=payer&merchantId=${m}&to=${before - 60_000}`)).entries).toBe(0);
    expect((await summary(`by=payer&merchantId=${m}&from=${before - 60_000}&to=${Date.now() + 60_000}`)).totalFen).toBe(65_900);

    expect((await t.as('arbiter').get(`${routes.ledgerSummary}?by=payer`)).status).toBe(403);
    const bad = await t.as('supervisor').get<{ message: string }>(`${routes.ledgerSummary}?by=buyer`);
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('by')]);
    const backwards = await t.as('supervisor').get<{ message: string }>(`${routes.ledgerSummary}?by=payer&from=200&to=100`);
    expect([backwards.status, backwards.body.message]).toEqual([400, expect.stringContaining('to must be after from')]);
  });

  it('keeps the ledger append-only', async () => {
    await expect(tdb.db.query(`UPDATE ledger_entries SET amount_fen = 1`)).rejects.toThrow(/append-only/);
    await expect(tdb.db.query(`DELETE FROM ledger_entries`)).rejects.toThrow(/append-only/);
  });
});

describe('decisions are checked against the rulebook version they cite', () => {
  let t: TestService;
  // A later version that holds fines above ¥200 for a supervisor (2026.11: above ¥5,000).
  const rb202611 = SHIPPED_RULEBOOKS.find((rb) => rb.version === '2026.11') as Rulebook;
  const rb202612 = Rulebook.parse({ ...rb202611, version: '2026.12', effectiveFrom: rb202611.effectiveFrom + 1, fourEyes: { ...rb202611.fourEyes, fineAboveFen: 20_000 } });
  serveForTests('pglite', (env) => ({ t } = env), { rulebooks: [rb202611, rb202612], currentRulebookVersion: '2026.12' });

  it('judges by the current version when none is cited, and by the cited one otherwise, recording which', async () => {
    await t.as('platform').post(routes.ingestCases, { cases: [penaltyCase('v-current', 'poor_quality', 'serious'), penaltyCase('v-cited', 'poor_quality', 'serious')] });
    const eCurrent = await claimEpoch(t.as('moderator'), 'v-current');
    const eCited = await claimEpoch(t.as('moderator'), 'v-cited');
    const answers = await push(t.as('moderator'), { decisions: [
      decision('v-current', { mutationId: 1, leaseEpoch: eCurrent, body: fine(30_000), ruleRef: 'VIO-PQ-2.4', facts: noPriors }),
      decision('v-cited', { mutationId: 2, leaseEpoch: eCited, body: fine(30_000), ruleRef: 'VIO-PQ-2.4', facts: noPriors, rulebookVersion: '2026.11' }),
    ] });
    expect(answers.map((a) => a.status === 'accepted' && a.effect)).toEqual(['awaiting_approval', 'in_effect']);
    const current = await caseNow(t, 'violation', 'v-current');
    expect([current.status, current.lastDecision?.rulebookVersion, current.lastDecision?.approval]).toEqual(['awaiting_approval', '2026.12', { state: 'pending', grounds: ['FE-3'] }]);
    const cited = await caseNow(t, 'violation', 'v-cited');
    expect([cited.status, cited.lastDecision?.rulebookVersion]).toEqual(['decided', '2026.11']);
  });
});
