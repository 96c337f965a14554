/** SQL of the replicated cases: written only by the sync engine, read by queries and handlers. */
import type { ReadableDB, WritableDB } from './handles';
import { Case, DecisionSummary, type CaseKind, type CaseStatus } from '../../../shared/domain';
import { LeaseInfo, type FeedUpsert } from '../../../shared/sync/protocol';
import { NO_SEVERITY, categoryCodes, kindCodes, regionCodes, severityCodes, statusCodes } from './codes';

/** The flat columns of one case, in the order of the insert statement. */
export type CaseRowValues = [
  id: string, kind: number, status: number, priority: number, createdAt: number, updatedAt: number, slaDueAt: number,
  category: number, region: number, severity: number, amountFen: number, merchantId: string, merchantName: string,
  buyerId: string | null, title: string, version: number, lastDecidedAt: number | null,
  leaseHolderName: string | null, leaseExpiresAt: number | null, lease: string | null,
];

export function caseRowValues(c: Case, lease: LeaseInfo | null): CaseRowValues {
  return [
    c.id, kindCodes.code(c.kind), statusCodes.code(c.status), c.priority, c.createdAt, c.updatedAt, c.slaDueAt,
    categoryCodes.code(c.category), regionCodes.code(c.region),
    c.kind === 'violation' ? severityCodes.code(c.detail.severity) : NO_SEVERITY,
    c.amountFen, c.merchant.id, c.merchant.name, c.buyer?.id ?? null, c.title, c.version, c.lastDecision?.decidedAt ?? null,
    lease?.holder.name ?? null, lease?.expiresAt ?? null, lease ? JSON.stringify(lease) : null,
  ];
}

const COLUMNS = 'id, kind, status, priority, created_at, updated_at, sla_due_at, category, region, severity, amount_fen, merchant_id, merchant_name, buyer_id, title, version, last_decided_at, lease_holder_name, lease_expires_at, lease';
const UPDATES = COLUMNS.split(', ').filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ');

export interface CaseWriter {
  /** `body`: a JSON object with the case under `case` (the validated feed line as received, as text or UTF-8 bytes). */
  upsertRow(row: CaseRowValues, body: string | Uint8Array): void;
  upsert(u: FeedUpsert): void;
  remove(caseId: string): void;
}

/** Prepared statements for applying feed lines; call inside the page's transaction. */
export function caseWriter(db: WritableDB): CaseWriter {
  const upsertCase = db.prepare(`INSERT INTO cases (${COLUMNS}) VALUES (${COLUMNS.split(', ').map(() => '?').join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${UPDATES} RETURNING seq`).pluck();
  // Bytes bind as a blob: CAST stores them as the same text without decoding them in JavaScript.
  const upsertBody = db.prepare('INSERT INTO case_bodies (seq, body) VALUES (?, CAST(? AS TEXT)) ON CONFLICT (seq) DO UPDATE SET body = excluded.body');
  const seqOf = db.prepare('SELECT seq FROM cases WHERE id = ?').pluck();
  const deleteCase = db.prepare('DELETE FROM cases WHERE seq = ?');
  const deleteBody = db.prepare('DELETE FROM case_bodies WHERE seq = ?');
  return {
    upsertRow(row, body) {
      const seq = upsertCase.get(...row) as number;
      upsertBody.run(seq, body);
    },
    upsert(u) {
      this.upsertRow(caseRowValues(u.case, u.lease), JSON.stringify({ case: u.case }));
    },
    remove(caseId) {
      const seq = seqOf.get(caseId) as number | undefined;
      if (seq === undefined) return;
      deleteCase.run(seq);
      deleteBody.run(seq);
    },
  };
}

/** Drops every replicated case of one partition (must-refetch). Call inside a transaction. */
export function deletePartitionCases(db: WritableDB, kind: CaseKind): number {
  const code = kindCodes.code(kind);
  db.prepare('DELETE FROM case_bodies WHERE seq IN (SELECT seq FROM cases WHERE kind = ?)').run(code);
  return db.prepare('DELETE FROM cases WHERE kind = ?').run(code).changes;
}

/** The case inside a stored body (`{"case": …}`, or a whole feed line). */
function bodyCase(body: string): unknown {
  return (JSON.parse(body) as { case?: unknown }).case;
}

export function countCases(db: ReadableDB): number {
  return db.prepare('SELECT count(*) FROM cases').pluck().get() as number;
}

export interface StoredCase {
  case: Case;
  lease: LeaseInfo | null;
}

export function getCase(db: ReadableDB, caseId: string): StoredCase | null {
  const row = db.prepare('SELECT b.body, c.lease FROM cases c JOIN case_bodies b ON b.seq = c.seq WHERE c.id = ?').get(caseId) as
    | { body: string; lease: string | null }
    | undefined;
  if (!row) return null;
  // Rows were validated on arrival; parsing again guards against a damaged file, and drops any
  // field the feed line carried that the contract does not know.
  return { case: Case.parse(bodyCase(row.body)), lease: row.lease ? LeaseInfo.parse(JSON.parse(row.lease)) : null };
}

/** A case's kind, status and version (what deciding checks first), without parsing the whole case. */
export interface CaseHeader {
  kind: CaseKind;
  status: CaseStatus;
  version: number;
}

export function caseHeader(db: ReadableDB, caseId: string): CaseHeader | null {
  const row = db.prepare('SELECT kind, status, version FROM cases WHERE id = ?').get(caseId) as { kind: number; status: number; version: number } | undefined;
  return row ? { kind: kindCodes.value(row.kind), status: statusCodes.value(row.status), version: row.version } : null;
}

export type PriorDecision = DecisionSummary & { caseTitle: string };

/** Earlier decisions on the same merchant or buyer, newest first, from the replicated cases' last decisions. */
export function priorDecisions(db: ReadableDB, c: Case, limit = 50): PriorDecision[] {
  const rows = db.prepare(`
    SELECT c.title, b.body FROM cases c JOIN case_bodies b ON b.seq = c.seq
    WHERE c.seq IN (
      SELECT seq FROM cases WHERE merchant_id = ? AND last_decided_at IS NOT NULL
      UNION SELECT seq FROM cases WHERE buyer_id = ? AND last_decided_at IS NOT NULL
    ) AND c.id <> ?
    ORDER BY c.last_decided_at DESC, c.seq DESC LIMIT ?`).all(c.merchant.id, c.buyer?.id ?? null, c.id, limit) as { title: string; body: string }[];
  const out: PriorDecision[] = [];
  for (const r of rows) {
    const last = (bodyCase(r.body) as { lastDecision?: unknown } | undefined)?.lastDecision;
    const parsed = DecisionSummary.safeParse(last);
    if (parsed.success) out.push({ ...parsed.data, caseTitle: r.title });
  }
  return out;
}
