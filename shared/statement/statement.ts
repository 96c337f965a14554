/**
 * `statementJson`: the statement of reasons of a decision (schema.ts), from the decision
 * record, the case as decided and the rulebook the decision was checked against. Every text in
 * it comes from the rulebook's clauses and fact templates or from the templates here, filled
 * with structured fields: free text people wrote (statements, chat, the reviewer's reason) and
 * people's names and ids stay out, so the statement holds no personal data.
 */
import type { Case, DecisionSummary, ViolationSource } from '../domain';
import { clause, defaultFacts, hasClause, ledgerEntries, recommend, type CaseFacts, type LedgerEntry, type Rulebook } from '../rulebook';
import { describeDecision } from './describe';
import { redressRoutes } from './redress';
import { STATEMENT_SCHEMA, StatementOfReasons, type Bilingual } from './schema';

export interface StatementInput {
  decision: DecisionSummary;
  /** The case as it was when decided. */
  case: Case;
  /** The rulebook of `decision.rulebookVersion` (the service's current one for records from before versions were recorded). */
  rulebook: Rulebook;
  /** The facts the decision was checked with; `defaultFacts(kind)` when absent. */
  facts?: CaseFacts;
  /** When the decision took effect; defaults to the approval time or the decision time. */
  effectiveAt?: number | null;
  /** The ledger entries written for it, when the caller has them; otherwise computed. */
  money?: readonly LedgerEntry[];
}

const SOURCES: Record<ViolationSource, Bilingual> = {
  automated: { zh: '平台自动化识别系统发现', en: 'found by the platform\'s automated detection' },
  user_report: { zh: '用户举报', en: 'a user report' },
  sampling: { zh: '平台抽检', en: 'the platform\'s sampling inspection' },
  rights_holder: { zh: '品牌或权利人投诉', en: 'a complaint by a brand or rights holder' },
};

function sourceOf(c: Case): Bilingual {
  switch (c.kind) {
    case 'violation': return SOURCES[c.detail.source];
    case 'refund_dispute': return { zh: '买家售后申请，买卖双方协商未果，平台介入处理', en: 'a buyer\'s after-sale request the parties could not settle, brought to the platform' };
    case 'merchant_complaint': return { zh: '商家对平台处理提出的投诉', en: 'the merchant\'s complaint about a platform action' };
    case 'appeal': return c.detail.appellant.type === 'creator'
      ? { zh: '创作者对处罚决定提出的申诉', en: 'the creator\'s appeal against a penalty' }
      : { zh: '商家对处罚决定提出的申诉', en: 'the merchant\'s appeal against a penalty' };
  }
}

function automationOf(c: Case): StatementOfReasons['automation'] {
  const automated = c.kind === 'violation' && c.detail.source === 'automated';
  const score = automated && c.kind === 'violation' ? c.detail.modelScore : null;
  const detection: Bilingual = automated
    ? { zh: `本案线索由自动化系统识别${score === null ? '' : `（模型评分${score.toFixed(2)}）`}`, en: `The case was detected by automated means${score === null ? '' : ` (model score ${score.toFixed(2)})`}` }
    : { zh: '本案线索并非由自动化系统识别', en: 'The case was not detected by automated means' };
  return {
    detection: automated ? 'automated' : 'not_automated',
    modelScore: score,
    decision: 'not_automated',
    description: {
      zh: `${detection.zh}；本决定由平台工作人员依据平台规则人工审核作出，规则系统仅提供建议，未以自动化方式作出决定。`,
      en: `${detection.en}; the decision was made by platform staff on review under the platform's rules. The rulebook only recommends; the decision was not automated.`,
    },
  };
}

function statusOf(d: DecisionSummary): StatementOfReasons['status'] {
  if (d.approval?.state === 'pending') return 'awaiting_approval';
  if (d.approval?.state === 'rejected') return 'sent_back';
  return 'in_effect';
}

export function statementJson(input: StatementInput): StatementOfReasons {
  const { decision: d, case: c, rulebook: rb } = input;
  if (d.caseId !== c.id) throw new Error(`decision ${d.decisionId} is on case ${d.caseId}, not ${c.id}`);
  if (d.rulebookVersion !== undefined && d.rulebookVersion !== rb.version) throw new Error(`decision ${d.decisionId} was checked against rulebook ${d.rulebookVersion}, not ${rb.version}`);
  const facts = input.facts ?? defaultFacts(c.kind);
  const status = statusOf(d);
  const departure = d.departure ?? false;
  const recommendation = recommend(c, facts, rb);
  const described = describeDecision(c, d.body);
  const effectiveAt = status !== 'in_effect' ? null : (input.effectiveAt ?? (d.approval?.state === 'approved' ? d.approval.at : d.decidedAt));
  const money = status === 'sent_back' ? [] : [...(input.money ?? ledgerEntries(c, d.body, rb, d.ruleRef))];
  const known = hasClause(rb, d.ruleRef) ? clause(rb, d.ruleRef) : null;
  // The recommendation's other clauses explain the decision only when the decision follows it.
  const related = departure ? [] : recommendation.clauses.filter((x) => x.ref !== d.ruleRef).map((x) => ({ ref: x.ref, text: { zh: x.text_zh, en: x.text_en } }));
  return StatementOfReasons.parse({
    schema: STATEMENT_SCHEMA,
    decisionId: d.decisionId,
    caseId: c.id,
    caseKind: c.kind,
    decidedAt: d.decidedAt,
    effectiveAt,
    status,
    decision: { type: d.body.outcome.type, ...described },
    facts: { source: sourceOf(c), established: recommendation.facts },
    automation: automationOf(c),
    ground: {
      rulebookVersion: rb.version,
      rulebookTitle: { zh: rb.title_zh, en: rb.title_en },
      ruleRef: d.ruleRef,
      clause: known ? { zh: known.text_zh, en: known.text_en } : null,
      related,
      departure,
    },
    money,
    fourEyes: { required: d.approval !== undefined, state: d.approval?.state ?? 'not_required' },
    // Redress runs from when the decision took effect; a pending decision's from when it was made.
    redress: redressRoutes(c.kind, effectiveAt ?? d.decidedAt),
  });
}
