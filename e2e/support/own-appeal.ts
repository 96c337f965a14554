/**
 * A conflict the console cannot foresee: a supervisor penalizes a violation, the merchant
 * appeals, and the same supervisor decides the appeal. The console lets it through (only the
 * case service knows who made the contested decision); the service refuses it with
 * `appeal_by_author`, and the supervisor's inbox holds the refusal.
 */
import { CaseInput } from '../../shared/domain';
import { routes } from '../../shared/sync/protocol';
import type { TestConsole } from './console';
import { rightDecision } from './rulebook';
import type { TestService } from './service';
import { readPartition } from './service-api';

/** Calls the console core as the renderer would, failing loudly on a refusal. */
export async function invokeCore<T>(c: TestConsole, channel: string, input: unknown): Promise<T> {
  const r = await c.core.invoke(channel as 'sync.now', input as Record<string, never>);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

export const OWN_APPEAL_ID = 'APL-e2e-own';

/**
 * Through the supervisor's console core: penalizes an open violation as the rulebook has it,
 * has the platform ingest the merchant's appeal of that decision, and decides the appeal as
 * the same supervisor; each step synced. Returns the contested decision's id.
 */
export async function decideAppealOfOwnDecision(service: TestService, sup: TestConsole): Promise<{ contestedDecisionId: string }> {
  const { id: supId, name } = service.staff(sup.staffId);
  const cases = await readPartition(service.url, service.token(supId), 'violation');
  const penalized = [...cases.values()].find((x) => x.status === 'open' && !rightDecision(x).needsApproval && ['fine', 'deduct_points', 'restrict_traffic'].includes(rightDecision(x).body.outcome.type));
  if (!penalized || penalized.kind !== 'violation') throw new Error('the demo has no open violation the ladder penalizes without approval');
  const right = rightDecision(penalized);
  await invokeCore(sup, 'case.claim', { caseIds: [penalized.id] });
  const own = await invokeCore<{ decisionId: string }>(sup, 'case.decide', { caseId: penalized.id, body: right.body, ruleRef: right.ruleRef, reason: '抽检证据确凿，依规处罚。' });
  await invokeCore(sup, 'sync.now', {});

  const outcome = right.body.kind === 'violation' ? right.body.outcome : { type: 'warning' as const };
  const appeal = CaseInput.parse({
    kind: 'appeal', id: OWN_APPEAL_ID, status: 'open', priority: 2, createdAt: Date.now() - 3_600_000, updatedAt: Date.now() - 3_600_000, slaDueAt: Date.now() + 86_400_000,
    category: penalized.category, region: penalized.region, title: '申诉｜处罚过重', amountFen: outcome.type === 'fine' ? outcome.amountFen : 0,
    merchant: penalized.merchant, buyer: null, evidence: [], history: [],
    detail: {
      appellant: { type: 'merchant', id: penalized.merchant.id, name: penalized.merchant.name }, statement: '首次违规，请求减轻处罚。',
      contested: {
        caseId: penalized.id, decisionId: own.decisionId, decidedBy: { id: supId, name }, decidedAt: Date.now() - 60_000, outcome, ruleRef: right.ruleRef,
        violation: { category: penalized.detail.violationCategory, severity: penalized.detail.severity, harm: penalized.detail.harm, subjectType: penalized.detail.subject.type, priorOffences: penalized.merchant.priorViolations },
      },
    },
  });
  const ingest = await fetch(service.url + routes.ingestCases, {
    method: 'POST', headers: { authorization: `Bearer ${service.token('platform')}`, 'content-type': 'application/json' }, body: JSON.stringify({ cases: [appeal] }),
  });
  if (ingest.status !== 200) throw new Error(`ingesting the appeal: HTTP ${ingest.status} ${await ingest.text()}`);
  await invokeCore(sup, 'sync.now', {});
  await invokeCore(sup, 'case.claim', { caseIds: [OWN_APPEAL_ID] });
  const rec = await invokeCore<{ recommendation: { body: unknown; ruleRef: string } }>(sup, 'case.recommend', { caseId: OWN_APPEAL_ID });
  await invokeCore(sup, 'case.decide', { caseId: OWN_APPEAL_ID, body: rec.recommendation.body, ruleRef: rec.recommendation.ruleRef, reason: '处罚与规则相符，维持。' });
  await invokeCore(sup, 'sync.now', {});
  return { contestedDecisionId: own.decisionId };
}
