/**
 * The service's own record of each decision it accepted (table `decisions`): the summary the
 * case carries, the facts and rulebook version it was checked with, the case as decided, and
 * whether it is in effect, held for approval, or was sent back. Appeals are checked against
 * it, approvals change it, statements of reasons are written from it.
 */
import type { CaseInput, CaseKind, DecisionSummary } from '../shared/domain';
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
}

const COLUMNS = 'decision_id, case_id, kind, decided_by_id, state, summary, facts, case_input, pending_ledger, recorded_at, effective_at, contests';

function recordOf(r: Row): DecisionRecord {
  return {
    decisionId: r.decision_id,
    caseId: r.case_id,
    kind: r.kind,
    decidedById: r.decided_by_id,
    state: r.state,
    summary: JSON.parse(r.summary) as DecisionSummary,
    facts: r.facts === null ? null : (JSON.parse(r.facts) as CaseFacts),
    caseInput: JSON.parse(r.case_input) as CaseInput,
    pendingLedger: JSON.parse(r.pending_ledger) as LedgerEntry[],
    recordedAt: r.recorded_at,
    effectiveAt: r.effective_at,
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
  const rows = await q.query<Row>(`SELECT ${COLUMNS} FROM decisions WHERE decision_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [decisionId]);
  const row = rows[0];
  return row ? recordOf(row) : null;
}

export async function updateDecisionRecord(tx: Queryable, decisionId: string, change: { state: DecisionState; summary: DecisionSummary; effectiveAt: number | null }): Promise<void> {
  await tx.query(`UPDATE decisions SET state = $2, summary = $3, effective_at = $4 WHERE decision_id = $1`, [decisionId, change.state, JSON.stringify(change.summary), change.effectiveAt]);
}

/** Another appeal decision, in effect or held, on the decision `contested`. */
export async function appealOf(q: Queryable, contested: string, except: string): Promise<{ decisionId: string; caseId: string } | null> {
  const rows = await q.query<{ decision_id: string; case_id: string }>(
    `SELECT decision_id, case_id FROM decisions WHERE contests = $1 AND kind = 'appeal' AND decision_id <> $2 AND state IN ('in_effect', 'awaiting_approval') LIMIT 1`,
    [contested, except],
  );
  const row = rows[0];
  return row ? { decisionId: row.decision_id, caseId: row.case_id } : null;
}
