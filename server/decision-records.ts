/**
 * The service's own record of each decision it accepted (table `decisions`): the summary the
 * case carries, the facts and rulebook version it was checked with, the case as decided, and
 * whether it is in effect, held for approval, or was sent back. Appeals are checked against
 * it, statements of reasons are written from it. The row never changes (a trigger refuses
 * UPDATE, DELETE and TRUNCATE): a supervisor's answer to a held decision is a row of
 * `decision_answers`, and the record read back is the decision with its answer, if any.
 */
import type { CaseInput, CaseKind, DecisionApproval, DecisionSummary } from '../shared/domain';
import type { CaseFacts, LedgerEntry } from '../shared/rulebook';
import { inBatches } from './cases';
import type { Queryable } from './db/db';

export type DecisionState = 'in_effect' | 'awaiting_approval' | 'sent_back';

export interface DecisionRecord {
  decisionId: string;
  caseId: string;
  kind: CaseKind;
  decidedById: string;
  state: DecisionState;
  summary: DecisionSummary;
  /** Null for decisions accepted before the service checked them against a rulebook. */
  facts: CaseFacts | null;
  caseInput: CaseInput;
  /** What a held decision writes to the ledger when it takes effect. */
  pendingLedger: LedgerEntry[];
  recordedAt: number;
  effectiveAt: number | null;
  /** For an appeal or a merchant complaint: the decision it contests. */
  contests: string | null;
}

interface Row {
  decision_id: string;
  case_id: string;
  kind: CaseKind;
  decided_by_id: string;
  state: DecisionState;
  summary: string;
  facts: string | null;
  case_input: string;
  pending_ledger: string;
  recorded_at: number;
  effective_at: number | null;
  contests: string | null;
  /** The answer's columns (decision_answers), null while unanswered. */
  answer_state: DecisionState | null;
  answer_approval: string | null;
  answer_effective_at: number | null;
}

const COLUMNS = 'decision_id, case_id, kind, decided_by_id, state, summary, facts, case_input, pending_ledger, recorded_at, effective_at, contests';

/** The record's columns with its answer's over them. */
const READ = `${COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')}, a.state AS answer_state, a.approval AS answer_approval, a.effective_at AS answer_effective_at
  FROM decisions d LEFT JOIN decision_answers a ON a.decision_id = d.decision_id`;

function recordOf(r: Row): DecisionRecord {
  const summary = JSON.parse(r.summary) as DecisionSummary;
  const answered = r.answer_state !== null && r.answer_approval !== null;
  return {
    decisionId: r.decision_id,
    caseId: r.case_id,
    kind: r.kind,
    decidedById: r.decided_by_id,
    state: answered ? (r.answer_state as DecisionState) : r.state,
    summary: answered ? { ...summary, approval: JSON.parse(r.answer_approval as string) as DecisionApproval } : summary,
    facts: r.facts === null ? null : (JSON.parse(r.facts) as CaseFacts),
    caseInput: JSON.parse(r.case_input) as CaseInput,
    pendingLedger: JSON.parse(r.pending_ledger) as LedgerEntry[],
    recordedAt: r.recorded_at,
    effectiveAt: answered ? r.answer_effective_at : r.effective_at,
    contests: r.contests,
  };
}

export async function insertDecisionRecords(tx: Queryable, recs: readonly DecisionRecord[]): Promise<void> {
  await inBatches(
    tx,
    recs.map((rec) => [rec.decisionId, rec.caseId, rec.kind, rec.decidedById, rec.state, JSON.stringify(rec.summary), rec.facts === null ? null : JSON.stringify(rec.facts),
      JSON.stringify(rec.caseInput), JSON.stringify(rec.pendingLedger), rec.recordedAt, rec.effectiveAt, rec.contests]),
    ['uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'uuid'],
    (values) => `INSERT INTO decisions (${COLUMNS}) VALUES ${values}`,
  );
}

/** `forUpdate` locks the record until the transaction ends (approvals of one decision serialize on it). */
export async function decisionRecord(q: Queryable, decisionId: string, { forUpdate = false } = {}): Promise<DecisionRecord | null> {
  const rows = await q.query<Row>(`SELECT ${READ} WHERE d.decision_id = $1${forUpdate ? ' FOR UPDATE OF d' : ''}`, [decisionId]);
  const row = rows[0];
  return row ? recordOf(row) : null;
}

/**
 * A supervisor's answer to a held decision, appended once (a second answer collides on the
 * primary key): the decision record itself stays as it was recorded.
 */
export async function answerHeldDecision(tx: Queryable, decisionId: string, answer: { state: Exclude<DecisionState, 'awaiting_approval'>; approval: DecisionApproval; effectiveAt: number | null; at: number }): Promise<void> {
  await tx.query(`INSERT INTO decision_answers (decision_id, state, approval, effective_at, at) VALUES ($1, $2, $3, $4, $5)`,
    [decisionId, answer.state, JSON.stringify(answer.approval), answer.effectiveAt, answer.at]);
}

/** Another appeal decision, in effect or held, on the decision `contested`. */
export async function appealOf(q: Queryable, contested: string, except: string): Promise<{ decisionId: string; caseId: string } | null> {
  const rows = await q.query<{ decision_id: string; case_id: string }>(
    `SELECT d.decision_id, d.case_id FROM decisions d LEFT JOIN decision_answers a ON a.decision_id = d.decision_id
     WHERE d.contests = $1 AND d.kind = 'appeal' AND d.decision_id <> $2 AND coalesce(a.state, d.state) IN ('in_effect', 'awaiting_approval') LIMIT 1`,
    [contested, except],
  );
  const row = rows[0];
  return row ? { decisionId: row.decision_id, caseId: row.case_id } : null;
}
