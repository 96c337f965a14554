/**
 * The decisions merchant complaints contest. A complaint that asks for money back names the
 * case service's decision that took it (a refund, a fine); the demo makes those decisions when
 * it is loaded, decided by someone other than whoever will decide the complaint, so that the
 * complaint's money remedy can be granted (server/reversals.ts).
 */
import type { Case, CaseInput } from '../../shared/domain';
import { recommend, RefundFacts, type CaseFacts, type Rulebook } from '../../shared/rulebook';
import { LeaseResponse, PushResponse, routes, type DecisionCommand } from '../../shared/sync/protocol';
import { DAY_MS, event } from './case-common';

/**
 * What a complaint contests, to be decided before it: the refund dispute (the buyer's "arrived
 * damaged" account accepted, a full refund of the order charged to the merchant) or the
 * violation (a ladder fine: ¥300 for serious poor quality, a first offence; ¥2,000 for serious
 * false advertising with one prior), with the decision id the complaint names and the facts
 * to decide it by.
 */
export interface ContestedDecision {
  complaintId: string;
  decisionId: string;
  case: CaseInput;
  facts: CaseFacts;
}

export function contestedDecisions(complaints: readonly CaseInput[]): ContestedDecision[] {
  return complaints.flatMap((c): ContestedDecision[] => {
    if (c.kind !== 'merchant_complaint' || !c.detail.contested.decisionId || !c.detail.contested.relatedCaseId) return [];
    const k = c.detail.contested;
    const at = k.actedAt - 2 * DAY_MS;
    const common = {
      id: k.relatedCaseId as string, status: 'open' as const, priority: 3, createdAt: at, updatedAt: at, slaDueAt: at + 2 * DAY_MS, category: c.category, region: c.region,
      merchant: c.merchant, evidence: [], history: [event(at, '平台', 'opened', '案件创建')],
    };
    const decisionId = k.decisionId as string;
    if (c.detail.complaintType === 'arbitrary_fine') {
      const falseAd = (k.amountFen ?? 0) > 30_000;
      const input: CaseInput = {
        ...common, kind: 'violation', title: falseAd ? '虚假宣传：面料成分' : '商品破损', amountFen: k.amountFen ?? 0, buyer: null,
        detail: {
          subject: { type: 'product', id: `p-${common.id}`, title: c.title.slice(0, 200) }, violationCategory: falseAd ? 'false_advertising' : 'poor_quality', severity: 'serious',
          source: 'user_report', modelScore: null, creator: null, harm: false, claim: k.action,
        },
      };
      return [{ complaintId: c.id, decisionId, case: input, facts: { kind: 'violation', violationConfirmed: true, priorOffences: falseAd ? 1 : 0 } as CaseFacts }];
    }
    if (!c.detail.order || !c.buyer) return [];
    const input: CaseInput = {
      ...common, kind: 'refund_dispute', title: `售后纠纷：${c.detail.order.productTitle}`.slice(0, 200), amountFen: c.detail.order.amountPaidFen, buyer: c.buyer,
      detail: {
        order: c.detail.order, request: { type: 'refund_only', amountFen: c.detail.order.amountPaidFen, reason: '到货破损', requestedAt: at },
        buyerStatement: '收到时商品已损坏。', merchantStatement: '发货时完好。', chat: [],
      },
    };
    return [{ complaintId: c.id, decisionId, case: input, facts: RefundFacts.parse({ kind: 'refund_dispute', arrivedDamaged: true }) }];
  });
}

/** Claims and pushes at most this many at once: one claim and one push request per batch. */
const BATCH = 200;

/**
 * Ingests the contested cases of `complaints` and decides each by its recommendation, as
 * the holder of `tokens.decider`, with the decision id the complaint names. Throws, naming the
 * case, when the service does not accept one. Returns how many it decided.
 */
export async function decideContested(serviceUrl: string, tokens: { platform: string; decider: string }, complaints: readonly CaseInput[], rb: Rulebook): Promise<number> {
  const post = async (path: string, token: string, body: unknown): Promise<unknown> => {
    const res = await fetch(new URL(path, serviceUrl), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`deciding the contested cases: ${path} answered ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res.json();
  };
  const contested = contestedDecisions(complaints);
  const clientId = crypto.randomUUID();
  let mutationId = 0;
  for (let i = 0; i < contested.length; i += BATCH) {
    const batch = contested.slice(i, i + BATCH);
    await post(routes.ingestCases, tokens.platform, { cases: batch.map((x) => x.case) });
    const leases = LeaseResponse.parse(await post(routes.claim, tokens.decider, { caseIds: batch.map((x) => x.case.id) })).results;
    const commands: DecisionCommand[] = [];
    for (const x of batch) {
      const lease = leases.find((r) => r.caseId === x.case.id);
      if (!lease?.granted) throw new Error(`deciding the contested cases: the claim of ${x.case.id} was refused (${lease ? lease.reason : 'no answer'})`);
      const rec = recommend({ ...x.case, version: 1, lastDecision: null } as Case, x.facts, rb);
      // The complaint says the platform refunded the order in full at the merchant's cost; where
      // the rulebook would have done otherwise (a window passed, goods not returnable), that
      // refund was a departure, and says so.
      const departs = x.case.kind === 'refund_dispute' && rec.body.kind === 'refund_dispute' && rec.body.outcome.type !== 'full_refund';
      commands.push({
        decisionId: x.decisionId, mutationId: ++mutationId, caseId: x.case.id, baseVersion: 1, leaseEpoch: lease.lease.epoch, decidedAt: Date.now(),
        body: departs ? { kind: 'refund_dispute', outcome: { type: 'full_refund' } } : rec.body, ruleRef: rec.ruleRef, reason: '依规则处理。', rulebookVersion: rb.version, facts: x.facts,
        ...(departs ? { justification: '客服按买家所述到货破损，全额退款，由商家承担。' } : {}),
      });
    }
    const answers = PushResponse.parse(await post(routes.decisions, tokens.decider, { clientId, decisions: commands })).results;
    for (const [j, a] of answers.entries()) {
      // A complaint contests a decision in effect: one held for approval would be refused.
      if (a.status !== 'accepted' || (a.effect ?? 'in_effect') !== 'in_effect') {
        throw new Error(`the contested decision on ${commands[j]?.caseId} was not put in effect: ${JSON.stringify(a)}`);
      }
    }
  }
  return mutationId;
}
