/**
 * Decisions are commands. Each is applied in its own transaction, at most once per
 * (clientId, mutationId): the answer is stored with its effects and returned verbatim when the
 * same mutation arrives again, from this instance or another.
 */
import { canDecide, type Case, type CaseEvent, type DecisionSummary, type StaffMember } from '../shared/domain';
import type { DecisionCommand, PushRequest, PushResult } from '../shared/sync/protocol';
import type { Db, Queryable } from './db/db';
import { appendAudit } from './audit';
import { appendFeed, caseOf, caseTransaction, liveLease, lockCases, updateCases, upsertChange, type CaseRow } from './cases';
import { forbidden } from './errors';
import { invalidAmount } from './decision-rules';

type Rejected = Extract<PushResult, { status: 'rejected' }>;
type Conflict = Extract<PushResult, { status: 'conflict' }>;

const rejected = (d: DecisionCommand, code: Rejected['code'], message: string): Rejected => ({ status: 'rejected', decisionId: d.decisionId, mutationId: d.mutationId, code, message });

export async function pushDecisions(db: Db, staff: StaffMember, req: PushRequest): Promise<PushResult[]> {
  // The whole batch is refused before anything is applied when it holds a kind the role may not decide.
  const i = req.decisions.findIndex((d) => !canDecide(staff.role, d.body.kind));
  const refused = req.decisions[i];
  if (refused) {
    throw forbidden(`decisions[${i}].body.kind: a ${staff.role} may not decide a ${refused.body.kind}; nothing in this batch was applied`);
  }
  const owner = await bindClient(db, req.clientId, staff.id);
  if (owner !== staff.id) {
    return req.decisions.map((d) => rejected(d, 'forbidden', `client ${req.clientId} belongs to another staff member; a console uses its own client id`));
  }
  const results: PushResult[] = [];
  // One at a time, in order: a conflict or rejection never blocks the decisions behind it.
  for (const d of req.decisions) results.push(await applyDecision(db, staff, req.clientId, d));
  return results;
}

/** A client id belongs to the staff member who first pushed with it. */
async function bindClient(db: Db, clientId: string, staffId: string): Promise<string | undefined> {
  await db.query(`INSERT INTO push_clients (client_id, staff_id, first_seen) VALUES ($1, $2, docket_now_ms()) ON CONFLICT (client_id) DO NOTHING`, [clientId, staffId]);
  const rows = await db.query<{ staff_id: string }>(`SELECT staff_id FROM push_clients WHERE client_id = $1`, [clientId]);
  return rows[0]?.staff_id;
}

async function applyDecision(db: Db, staff: StaffMember, clientId: string, d: DecisionCommand): Promise<PushResult> {
  return caseTransaction(db, async (tx) => {
    const prior = await previousAnswer(tx, clientId, d);
    if (prior) return prior;
    const { rows, now } = await lockCases(tx, [d.caseId]);
    const row = rows.get(d.caseId);
    const result = judge(row, staff, d, now);
    if (result.status === 'accepted' && row) await accept(tx, row, staff, clientId, d, now);
    // A concurrent duplicate that got here first makes this insert fail; the transaction then
    // runs again and returns that answer from previousAnswer.
    await tx.query(
      `INSERT INTO push_answers (client_id, mutation_id, decision_id, staff_id, answer, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [clientId, d.mutationId, d.decisionId, staff.id, JSON.stringify(result), now],
    );
    return result;
  });
}

async function previousAnswer(tx: Queryable, clientId: string, d: DecisionCommand): Promise<PushResult | null> {
  const rows = await tx.query<{ client_id: string; mutation_id: number; decision_id: string; answer: string }>(
    `SELECT client_id, mutation_id, decision_id, answer FROM push_answers WHERE (client_id = $1 AND mutation_id = $2) OR decision_id = $3`,
    [clientId, d.mutationId, d.decisionId],
  );
  const same = rows.find((r) => r.client_id === clientId.toLowerCase() && r.mutation_id === d.mutationId);
  if (same) {
    if (same.decision_id === d.decisionId.toLowerCase()) return JSON.parse(same.answer) as PushResult;
    return rejected(d, 'duplicate_id', `mutation ${d.mutationId} of this client was already used for decision ${same.decision_id}`);
  }
  const other = rows[0];
  if (other) return rejected(d, 'duplicate_id', `decision ${d.decisionId} was already sent as mutation ${other.mutation_id} of client ${other.client_id}`);
  return null;
}

function judge(row: CaseRow | undefined, staff: StaffMember, d: DecisionCommand, now: number): PushResult {
  if (!row || row.deleted) return rejected(d, 'not_found', `no case ${d.caseId}`);
  if (d.body.kind !== row.kind) return rejected(d, 'invalid', `body.kind: case ${row.id} is a ${row.kind}, not a ${d.body.kind}`);
  const current = (): Conflict['current'] => ({
    decision: row.last_decision ? (JSON.parse(row.last_decision) as DecisionSummary) : null,
    caseVersion: row.version,
    lease: liveLease(row, now),
  });
  const conflict = (reason: Conflict['reason']): Conflict => ({ status: 'conflict', decisionId: d.decisionId, mutationId: d.mutationId, reason, current: current() });
  if (row.status === 'decided') return conflict('already_decided');
  if (row.status === 'withdrawn') return rejected(d, 'case_closed', `case ${row.id} was withdrawn by the platform`);
  if (d.baseVersion !== row.version) return conflict('case_changed');
  const holder = row.lease_holder_id;
  if (d.leaseEpoch !== row.lease_epoch || (holder !== null && holder !== staff.id)) return conflict('lease_lost');
  const c: Case = caseOf(row);
  if (c.kind === 'appeal' && c.detail.contested.decidedBy.id === staff.id) {
    return rejected(d, 'forbidden', `an appeal is decided by someone other than who made the contested decision (${c.detail.contested.decidedBy.name})`);
  }
  const bad = invalidAmount(c, d.body);
  if (bad) return rejected(d, 'invalid', bad);
  return { status: 'accepted', decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: row.version + 1 };
}

/** The case becomes decided, with its history event, released lease, feed row and log entry, in the caller's transaction. */
async function accept(tx: Queryable, row: CaseRow, staff: StaffMember, clientId: string, d: DecisionCommand, now: number): Promise<void> {
  const decidedBy = { id: staff.id, name: staff.name };
  const summary: DecisionSummary = { decisionId: d.decisionId, caseId: row.id, decidedBy, decidedAt: d.decidedAt, body: d.body, ruleRef: d.ruleRef, reason: d.reason };
  const event: CaseEvent = { at: now, actor: staff.name, event: 'decided', detail: `${d.body.outcome.type} under ${d.ruleRef}` };
  const next: CaseRow = {
    ...row,
    status: 'decided',
    version: row.version + 1,
    last_decision: JSON.stringify(summary),
    service_events: JSON.stringify([...(JSON.parse(row.service_events) as CaseEvent[]), event]),
    updated_at: now,
    lease_holder_id: null,
    lease_holder_name: null,
    lease_expires_at: null,
    lease_mode: null,
  };
  await updateCases(tx, [next]);
  await appendFeed(tx, [upsertChange(next)], now);
  await appendAudit(tx, [{
    actor: decidedBy,
    action: 'decision',
    caseId: row.id,
    payload: { decision: summary, clientId, mutationId: d.mutationId, baseVersion: d.baseVersion, leaseEpoch: d.leaseEpoch, caseVersion: next.version },
  }], now);
}
