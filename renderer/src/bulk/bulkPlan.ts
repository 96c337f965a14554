import type { BulkChoice, BulkPreviewItem, CaseRow } from '../../../shared/api';
import { DecisionJustification, DecisionReason, type DecisionBody } from '../../../shared/domain';
import { validateDraft, type DecisionDraft, type DraftField, type FieldError } from '../case/decisionForm';

export type SkipReason = 'not_open' | 'held_by_other' | 'pending' | 'in_conflict';

export interface BulkPlan {
  change: CaseRow[];
  skip: { row: CaseRow; reason: SkipReason }[];
}

/** The row carries the holder as the core shows it (an id or a name); either identifies me. */
export function isMe(holder: string, me: { id: string; name: string }): boolean {
  return holder === me.id || holder === me.name;
}

/**
 * Which selected cases a bulk decision would change, and which it would leave alone and why,
 * shown to the reviewer before anything is claimed or decided.
 */
export function planBulk(rows: readonly CaseRow[], me: { id: string; name: string }, now: number): BulkPlan {
  const plan: BulkPlan = { change: [], skip: [] };
  for (const row of rows) {
    const heldByOther = row.leaseHolder !== null && !isMe(row.leaseHolder, me) && (row.leaseExpiresAt === null || row.leaseExpiresAt > now);
    const reason: SkipReason | null =
      row.status !== 'open' ? 'not_open' : row.pending ? 'pending' : row.inConflict ? 'in_conflict' : heldByOther ? 'held_by_other' : null;
    if (reason) plan.skip.push({ row, reason });
    else plan.change.push(row);
  }
  return plan;
}

/** Splits ids into batches the claim channel accepts (at most 200 per call). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type BulkMode = 'recommended' | 'common';

export interface BulkDraft {
  mode: BulkMode;
  /** The common decision's fields; unused when each case gets its own recommendation. */
  decision: DecisionDraft;
  /** Recorded on each case the common decision departs from. */
  justification: string;
}

export type BulkRequest =
  | { ok: true; choice: BulkChoice; reason: string }
  | { ok: false; errors: Partial<Record<DraftField | 'justification', FieldError>> };


/**
 * The bulk choice as the core takes it, or what is wrong with the form. The reason is asked in
 * both modes; the justification is optional (only departures need it, and the preview says which).
 */
export function bulkRequest(d: BulkDraft): BulkRequest {
  const reason = DecisionReason.safeParse(d.decision.reason);
  const reasonError: FieldError | null = reason.success ? null : { key: d.decision.reason.trim().length > 2000 ? 'reasonLong' : 'reasonShort' };
  const justificationText = d.justification.trim();
  const justification = justificationText === '' ? null : DecisionJustification.safeParse(d.justification);
  const justificationError: FieldError | null = justification && !justification.success ? { key: justificationText.length > 2000 ? 'reasonLong' : 'reasonShort' } : null;
  if (d.mode === 'recommended') {
    if (!reason.success || reasonError) return { ok: false, errors: { reason: reasonError ?? { key: 'reasonShort' } } };
    return { ok: true, choice: { mode: 'recommended' }, reason: reason.data };
  }
  const r = validateDraft('violation', d.decision);
  if (!r.ok || justificationError) return { ok: false, errors: { ...(r.ok ? {} : r.errors), ...(justificationError ? { justification: justificationError } : {}) } };
  const choice: BulkChoice = { mode: 'common', body: r.body, ruleRef: r.ruleRef, ...(justification?.success ? { justification: justification.data } : {}) };
  return { ok: true, choice, reason: r.reason };
}

/** The preview split as the run treats it: the cases it decides, and those it leaves out with the check's reasons. */
export function splitPreview(items: readonly BulkPreviewItem[]): { decide: BulkPreviewItem[]; refused: BulkPreviewItem[] } {
  return { decide: items.filter((i) => i.ok), refused: items.filter((i) => !i.ok) };
}

/** The money a decision moves, in fen, when its outcome names an amount (a fine, a refund, a new fine). */
export function decisionMoneyFen(body: DecisionBody): number | null {
  const o: Record<string, unknown> = body.outcome;
  const fen = o.amountFen ?? o.fineFen;
  return typeof fen === 'number' ? fen : null;
}
