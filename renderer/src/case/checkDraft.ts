/**
 * The decision form's verdict on a draft: its own checks of what was typed (`validateDraft`),
 * then the shared judgement the console and the case service make (`judgeDecision`), so the
 * form refuses exactly what they would refuse, with the same codes.
 */
import { DecisionJustification, type Case, type Refusal } from '../../../shared/domain';
import { judgeDecision, type CaseFacts, type Judgement, type Rulebook } from '../../../shared/rulebook';
import { validateDraft, type DecisionDraft, type DraftField, type FieldError, type ValidDecision } from './decisionForm';

export type DraftCheck =
  | { ok: true; decision: ValidDecision; justification: string | undefined; judgement: Extract<Judgement, { ok: true }> }
  /** `errors`: per field (what was typed, and the amounts the case bounds); `refusals`: the judgement's, empty when the draft is not yet a decision. */
  | { ok: false; errors: Partial<Record<DraftField, FieldError>>; refusals: Refusal[] };

export interface DraftContext {
  /** What the reviewer established; the defaults of the case's kind when null. */
  facts: CaseFacts | null;
  /** The justification as typed; only a valid one is sent. */
  justification: string;
  rulebook: Rulebook;
}

/** The field a refusal about an amount belongs to, in the form's words. */
function fieldError(r: Refusal): [DraftField, FieldError] | null {
  const n = (k: string): number => Number(r.params[k]);
  switch (r.code) {
    case 'amount_above_paid': return ['amountYuan', { key: 'overPaid', values: { amount: n('paidFen') } }];
    case 'amount_above_contested': return ['amountYuan', { key: 'overContested', values: { amount: n('contestedFen') } }];
    case 'imposed_fine_not_lower': return ['fineYuan', { key: 'notLower', values: { amount: n('contestedFen') } }];
    case 'imposed_days_not_shorter': return ['suspendDays', { key: 'notShorter', values: { days: n('contestedDays') } }];
    default: return null;
  }
}

export function checkDraft(c: Case, draft: DecisionDraft, ctx: DraftContext): DraftCheck {
  const typed = validateDraft(c.kind, draft);
  if (!typed.ok) return { ok: false, errors: typed.errors, refusals: [] };
  const just = DecisionJustification.safeParse(ctx.justification);
  const justification = just.success ? just.data : undefined;
  const judgement = judgeDecision(c, { body: typed.body, ruleRef: typed.ruleRef, justification, facts: ctx.facts ?? undefined }, ctx.rulebook);
  if (!judgement.ok) {
    const errors: Partial<Record<DraftField, FieldError>> = {};
    for (const r of judgement.refusals) {
      const e = fieldError(r);
      if (e) errors[e[0]] = e[1];
    }
    return { ok: false, errors, refusals: judgement.refusals };
  }
  return { ok: true, decision: typed, justification: judgement.departure ? justification : undefined, judgement };
}
