/**
 * An appeal against an over-heavy fine, judged from a console and by the case service (PGlite,
 * real HTTP): both derive what the rulebook gives for the contested violation from the same
 * data — the console from the appeal as replicated (or from its replica of the contested case),
 * the service from its record of the contested decision — so the console recommends lowering
 * the fine, the service accepts that as following the rulebook, and the ledger returns the
 * difference. A stated outcome the ladder does not give is refused by both, with the same code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, type ConsoleCore } from '../electron/core/console';
import { call, refused } from '../electron/core/testing/invoke';
import { tempDir } from '../electron/core/testing/tmp';
import { startCaseService, type CaseService } from '../server/service';
import { appealCase, merchant, penaltyCase } from '../server/test-fixtures';
import { CaseInput, type Case } from '../shared/domain';
import { STAFF_ZH as STAFF } from './support';
import { FeedLine, LedgerSummary, routes } from '../shared/sync/protocol';

type Who = keyof typeof STAFF;

const tmp = tempDir('docket-appeal-ladder-');
let svc: CaseService;
const tokens = {} as Record<Who, string>;
const consoles = {} as Record<'mod' | 'arb' | 'supA', ConsoleCore>;
const fined = new Map<string, string>();

async function service(method: 'GET' | 'POST', path: string, who: Who, body?: unknown): Promise<unknown> {
  const res = await fetch(svc.url + path, {
    method, headers: { authorization: `Bearer ${tokens[who]}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.headers.get('content-type')?.startsWith('application/json') ? res.json() : res.text();
}

/** A first, serious poor-quality offence (the ladder: a ¥300 fine, VIO-PQ-2.4) fined ¥1,000 by the moderator, with a justification. */
async function overHeavyFine(caseId: string): Promise<string> {
  const core = consoles.mod;
  await call(core, 'sync.now', {});
  expect(await call(core, 'case.claim', { caseIds: [caseId] })).toMatchObject([{ granted: true }]);
  const decided = await call(core, 'case.decide', {
    caseId, body: { kind: 'violation', outcome: { type: 'fine', amountFen: 100_000 } }, ruleRef: 'VIO-PQ-2.5', reason: '抽检钓线拉力不达标，批量大。',
    facts: { kind: 'violation', priorOffences: 0 }, justification: '抽检批次量大，从重处罚。',
  });
  expect(await call(core, 'sync.now', {})).toMatchObject({ pending: 0, conflicts: 0 });
  fined.set(caseId, decided.decisionId);
  return decided.decisionId;
}

/** The platform's appeal of a fine of `amountFen`; `withViolation` sends what the contested violation was. */
function appealOf(id: string, caseId: string, merchantId: string, withViolation: boolean, amountFen = 100_000): CaseInput {
  const base = appealCase(id, STAFF.mod);
  if (base.kind !== 'appeal') throw new Error('an appeal');
  const violation = { category: 'poor_quality', severity: 'serious', harm: false, subjectType: 'product', priorOffences: 0 } as const;
  return CaseInput.parse({
    ...base,
    merchant: merchant(merchantId, { priorViolations: 0 }),
    detail: {
      ...base.detail,
      contested: {
        caseId, decisionId: fined.get(caseId), decidedBy: { id: STAFF.mod.id, name: STAFF.mod.name }, decidedAt: base.detail.contested.decidedAt,
        outcome: { type: 'fine', amountFen }, ruleRef: 'VIO-PQ-2.5', ...(withViolation ? { violation } : {}),
      },
    },
  });
}

async function appealOnService(id: string): Promise<Case | undefined> {
  const text = (await service('GET', `${routes.changes}?partition=appeal`, 'arb')) as string;
  return text.split('\n').filter(Boolean).map((l) => FeedLine.parse(JSON.parse(l))).flatMap((l) => (l.type === 'upsert' && l.case.id === id ? [l.case] : [])).pop();
}

beforeAll(async () => {
  svc = await startCaseService({});
  for (const [who, s] of Object.entries(STAFF)) tokens[who as Who] = await svc.provisionStaff(s);
  for (const who of ['mod', 'arb', 'supA'] as const) consoles[who] = await openConsole({ dbPath: tmp.file(`${who}.db`), serverUrl: svc.url, token: tokens[who], autoSync: false });
  // The contested violations are fined on merchants without prior violations: their first offence.
  for (const [caseId, m] of [['v-lad-1', 'm-lad-1'], ['v-lad-2', 'm-lad-2']] as const) {
    await service('POST', routes.ingestCases, 'platform', { cases: [CaseInput.parse({ ...penaltyCase(caseId, 'poor_quality', 'serious', m), merchant: merchant(m, { priorViolations: 0 }) })] });
    await overHeavyFine(caseId);
  }
}, 120_000);

afterAll(async () => {
  for (const core of Object.values(consoles)) await core.close();
  await svc?.close();
  tmp.remove();
});

describe('an appeal against an over-heavy fine', () => {
  it('an arbiter\'s console recommends lowering it to the ladder\'s fine, from the appeal as the platform sent it, and the service agrees', async () => {
    await service('POST', routes.ingestCases, 'platform', { cases: [appealOf('apl-lad-1', 'v-lad-1', 'm-lad-1', true)] });
    const arb = consoles.arb;
    await call(arb, 'sync.now', {});
    const { recommendation } = await call(arb, 'case.recommend', { caseId: 'apl-lad-1' });
    expect(recommendation.body).toEqual({ kind: 'appeal', outcome: { type: 'modify', fineFen: 30_000 } });
    expect(recommendation.ruleRef).toBe('APL-3');
    expect(recommendation.clauses.map((c) => c.ref)).toEqual(expect.arrayContaining(['APL-3', 'VIO-PQ-2.4']));
    expect(recommendation.facts.map((f) => f.code)).toEqual(expect.arrayContaining(['violation', 'prior_offences', 'ladder_step', 'rulebook_outcome', 'rulebook_lighter']));

    // Upholding departs from the rulebook; a stated outcome the ladder does not give is refused, as the service would.
    expect(await call(arb, 'case.check', { caseId: 'apl-lad-1', body: { kind: 'appeal', outcome: { type: 'uphold' } } })).toMatchObject({ ok: true, departure: true });
    expect(await call(arb, 'case.claim', { caseIds: ['apl-lad-1'] })).toMatchObject([{ granted: true }]);
    const stated = await refused(arb, 'case.decide', {
      caseId: 'apl-lad-1', body: { kind: 'appeal', outcome: { type: 'uphold' } }, ruleRef: 'APL-1', reason: '处罚与规则相符。',
      facts: { kind: 'appeal', rulebookOutcome: { type: 'fine', amountFen: 100_000 } },
    });
    expect(stated).toMatchObject({ code: 'invalid_input', refusals: [{ code: 'rulebook_outcome_differs', params: { computed: { kind: 'violation', outcome: { type: 'fine', amountFen: 30_000 } } } }] });

    const decided = await call(arb, 'case.decide', { caseId: 'apl-lad-1', body: recommendation.body, ruleRef: recommendation.ruleRef, reason: '首次违规，阶梯对应罚款300元。' });
    expect(await call(arb, 'sync.now', {})).toMatchObject({ pending: 0, conflicts: 0 });
    expect((await appealOnService('apl-lad-1'))?.lastDecision).toMatchObject({ decisionId: decided.decisionId, body: recommendation.body, departure: false });
    const net = LedgerSummary.parse(await service('GET', `${routes.ledgerSummary}?by=merchant&merchantId=m-lad-1`, 'supA')).groups[0]?.net;
    expect(net).toMatchObject({ merchant: -30_000, platform: 30_000 });
  });

  it('an appeal decided by the contested decision\'s author is refused by the service, and the inbox has the reason as a code', async () => {
    const sup = consoles.supA;
    await service('POST', routes.ingestCases, 'platform', { cases: [CaseInput.parse({ ...penaltyCase('v-lad-3', 'poor_quality', 'serious', 'm-lad-3'), merchant: merchant('m-lad-3', { priorViolations: 0 }) })] });
    await call(sup, 'sync.now', {});
    expect(await call(sup, 'case.claim', { caseIds: ['v-lad-3'] })).toMatchObject([{ granted: true }]);
    const own = await call(sup, 'case.decide', { caseId: 'v-lad-3', body: { kind: 'violation', outcome: { type: 'fine', amountFen: 30_000 } }, ruleRef: 'VIO-PQ-2.4', reason: '首次严重质量违规。', facts: { kind: 'violation', priorOffences: 0 } });
    expect(await call(sup, 'sync.now', {})).toMatchObject({ pending: 0, conflicts: 0 });
    fined.set('v-lad-3', own.decisionId);
    await service('POST', routes.ingestCases, 'platform', { cases: [appealOf('apl-lad-3', 'v-lad-3', 'm-lad-3', true, 30_000)] });
    await call(sup, 'sync.now', {});
    expect(await call(sup, 'case.claim', { caseIds: ['apl-lad-3'] })).toMatchObject([{ granted: true }]);
    await call(sup, 'case.decide', { caseId: 'apl-lad-3', body: { kind: 'appeal', outcome: { type: 'uphold' } }, ruleRef: 'APL-1', reason: '处罚与规则相符。' });
    expect(await call(sup, 'sync.now', {})).toMatchObject({ pending: 0, conflicts: 1 });
    const [entry] = await call(sup, 'conflicts.list', {});
    expect(entry).toMatchObject({
      caseId: 'apl-lad-3', status: 'rejected', reason: 'forbidden', message: expect.stringContaining(`contested decision ${own.decisionId} (${STAFF.supA.name})`),
      refusals: [{ code: 'appeal_by_author', params: { decisionId: own.decisionId, name: STAFF.supA.name } }],
    });
    expect(await call(sup, 'conflicts.withdraw', { decisionId: entry?.decisionId ?? '' })).toEqual({ withdrawn: true });
  });

  it('a supervisor\'s console takes the contested violation from its own replica when the appeal does not carry it, and the service agrees', async () => {
    await service('POST', routes.ingestCases, 'platform', { cases: [appealOf('apl-lad-2', 'v-lad-2', 'm-lad-2', false)] });
    const sup = consoles.supA;
    await call(sup, 'sync.now', {});
    expect((await call(sup, 'case.get', { caseId: 'apl-lad-2' })).case).toMatchObject({ detail: { contested: { decisionId: fined.get('v-lad-2') } } });
    const { recommendation } = await call(sup, 'case.recommend', { caseId: 'apl-lad-2' });
    expect(recommendation.body).toEqual({ kind: 'appeal', outcome: { type: 'modify', fineFen: 30_000 } });
    expect(await call(sup, 'case.claim', { caseIds: ['apl-lad-2'] })).toMatchObject([{ granted: true }]);
    await call(sup, 'case.decide', { caseId: 'apl-lad-2', body: recommendation.body, ruleRef: recommendation.ruleRef, reason: '首次违规，阶梯对应罚款300元。' });
    expect(await call(sup, 'sync.now', {})).toMatchObject({ pending: 0, conflicts: 0 });
    expect((await appealOnService('apl-lad-2'))?.lastDecision).toMatchObject({ body: recommendation.body, departure: false });
  });
});
