/**
 * Decisions are commands. Each is applied in its own transaction, at most once per
 * (clientId, mutationId): the answer is stored with its effects and returned verbatim when the
 * same mutation arrives again, from this instance or another. A decision is re-checked against
 * the rulebook version it cites; one that needs a supervisor is held (`awaiting_approval`)
 * and takes effect only when another supervisor approves it (approvals.ts).
 */
import { canDecide, refusal, type AppealCase, type Refusal, type Case, type CaseEvent, type CaseInput, type DecisionSummary, type StaffMember } from '../shared/domain';
import type { ApprovalCommand, DecisionCommand, PushRequest, PushResult } from '../shared/sync/protocol';
import type { Db, Queryable } from './db/db';
import { adjudicate, appealAsRecorded, barredFromAppeal, contestedProblem, type Adjudication, type ContestedRecord } from './adjudicate';
import { applyApproval } from './approvals';
import { appendAudit } from './audit';
import { appendFeed, caseOf, caseTransaction, lockCases, updateCases, upsertChange, type CaseRow } from './cases';
import { invalidAmount } from './decision-rules';
import { appealOf, decisionRecord, insertDecisionRecord } from './decision-records';
import { forbidden } from './errors';
import { asEntries, ledgerRecords, writeLedger } from './ledger';
import { bindClient, conflictOf, previousAnswer, refusedWith, rejected, storeAnswer, type Accepted, type Conflict, type Rejected } from './push-answers';
import type { RulebookShelf } from './rulebooks';

export interface DecisionContext {
  rulebooks: RulebookShelf;
}

type Item = { type: 'decision'; command: DecisionCommand } | { type: 'approval'; command: ApprovalCommand };

/** Decisions and approvals in mutation-id order; each list keeps its own order among equals. */
function inMutationOrder(req: PushRequest): Item[] {
  const decisions: Item[] = req.decisions.map((command) => ({ type: 'decision', command }));
  const approvals: Item[] = (req.approvals ?? []).map((command) => ({ type: 'approval', command }));
  const out: Item[] = [];
  let i = 0;
  let j = 0;
  while (i < decisions.length || j < approvals.length) {
    const a = decisions[i];
    const b = approvals[j];
    if (a && (!b || a.command.mutationId <= b.command.mutationId)) {
      out.push(a);
      i++;
    } else if (b) {
      out.push(b);
      j++;
    }
  }
  return out;
}

export async function pushDecisions(db: Db, staff: StaffMember, req: PushRequest, ctx: DecisionContext): Promise<PushResult[]> {
  // The whole batch is refused before anything is applied when it holds a kind the role may not decide.
  const i = req.decisions.findIndex((d) => !canDecide(staff.role, d.body.kind));
  const refused = req.decisions[i];
  if (refused) {
    throw forbidden(`decisions[${i}].body.kind: a ${staff.role} may not decide a ${refused.body.kind}; nothing in this batch was applied`);
  }
  const items = inMutationOrder(req);
  const owner = await bindClient(db, req.clientId, staff.id);
  if (owner !== staff.id) {
    return items.map((item) => rejected(item.command, 'forbidden', `client ${req.clientId} belongs to another staff member; a console uses its own client id`));
  }
  const results: PushResult[] = [];
  // One at a time, in order: a conflict or rejection never blocks the commands behind it.
  for (const item of items) {
    results.push(item.type === 'decision'
      ? await applyDecision(db, staff, req.clientId, item.command, ctx)
      : await applyApproval(db, staff, req.clientId, item.command));
  }
  return results;
}

type Judgement =
  | { result: Rejected | Conflict }
  | { result: Accepted; adjudication: Extract<Adjudication, { ok: true }>; contests: string | null };

async function applyDecision(db: Db, staff: StaffMember, clientId: string, d: DecisionCommand, ctx: DecisionContext): Promise<PushResult> {
  return caseTransaction(db, async (tx) => {
    const prior = await previousAnswer(tx, clientId, d);
    if (prior) return prior;
    const { rows, now } = await lockCases(tx, [d.caseId]);
    const row = rows.get(d.caseId);
    const judged = await judge(tx, row, staff, d, now, ctx);
    if ('adjudication' in judged && row) await accept(tx, row, staff, clientId, d, now, judged);
    await storeAnswer(tx, clientId, d, staff, judged.result, now);
    return judged.result;
  });
}

async function judge(tx: Queryable, row: CaseRow | undefined, staff: StaffMember, d: DecisionCommand, now: number, ctx: DecisionContext): Promise<Judgement> {
  const refuse = (code: Rejected['code'], ...refusals: Refusal[]): Judgement => ({ result: refusedWith(d, code, ...refusals) });
  if (!row || row.deleted) return refuse('not_found', refusal('case_not_found', { caseId: d.caseId }, `no case ${d.caseId}`));
  if (d.body.kind !== row.kind) {
    return refuse('invalid', refusal('decision_kind_mismatch', { caseKind: row.kind, decisionKind: d.body.kind }, `body.kind: case ${row.id} is a ${row.kind}, not a ${d.body.kind}`));
  }
  // A held decision stands until a supervisor answers it: a second decision meets it as already decided.
  if (row.status === 'decided' || row.status === 'awaiting_approval') return { result: conflictOf(row, d, 'already_decided', now) };
  if (row.status === 'withdrawn') return refuse('case_closed', refusal('case_withdrawn', { caseId: row.id }, `case ${row.id} was withdrawn by the platform`));
  if (d.baseVersion !== row.version) return { result: conflictOf(row, d, 'case_changed', now) };
  const holder = row.lease_holder_id;
  if (d.leaseEpoch !== row.lease_epoch || (holder !== null && holder !== staff.id)) return { result: conflictOf(row, d, 'lease_lost', now) };
  const c: Case = caseOf(row);

  let contested: ContestedRecord | null = null;
  if (c.kind === 'appeal') {
    const found = await appealContext(tx, c, staff, d);
    if ('refusal' in found) return { result: found.refusal };
    contested = found.contested;
  }
  const bad = invalidAmount(c.kind === 'appeal' && contested ? appealAsRecorded(c, contested.record) : c, d.body);
  if (bad) return refuse('invalid', bad);
  const adjudication = adjudicate(c, d, ctx.rulebooks, contested);
  if (!adjudication.ok) return { result: rejected(d, 'invalid', adjudication.message, adjudication.refusals) };
  return {
    result: { status: 'accepted', decisionId: d.decisionId, mutationId: d.mutationId, caseVersion: row.version + 1, effect: adjudication.approvalGrounds.length > 0 ? 'awaiting_approval' : 'in_effect' },
    adjudication,
    contests: c.kind === 'appeal' ? c.detail.contested.decisionId : null,
  };
}

/**
 * An appeal is judged against the service's own record of the contested decision when it has
 * one (else against what the case says): never by the person who made it (or approved it),
 * only while that decision is in effect, and only once.
 */
async function appealContext(tx: Queryable, c: AppealCase, staff: StaffMember, d: DecisionCommand): Promise<{ refusal: Rejected } | { contested: ContestedRecord | null }> {
  // Locked: two appeals of one decision (on different appeal cases) are judged one after the other.
  const record = await decisionRecord(tx, c.detail.contested.decisionId, { forUpdate: true });
  const own = barredFromAppeal(c, record).find((b) => b.id === staff.id);
  if (own) {
    const decisionId = c.detail.contested.decisionId;
    const message = `an appeal is decided by someone other than who ${own.as} the contested decision ${decisionId} (${own.name})`;
    return { refusal: refusedWith(d, 'forbidden', refusal(own.as === 'approved' ? 'appeal_by_approver' : 'appeal_by_author', { decisionId, name: own.name }, message)) };
  }
  if (!record) return { contested: null };
  const problem = contestedProblem(c, record);
  if (problem) return { refusal: refusedWith(d, 'invalid', problem) };
  const earlier = await appealOf(tx, record.decisionId, d.decisionId);
  if (earlier) {
    return {
      refusal: refusedWith(d, 'invalid', refusal('already_appealed', { decisionId: record.decisionId, appealCaseId: earlier.caseId },
        `detail.contested.decisionId: decision ${record.decisionId} was already decided on appeal (decision ${earlier.decisionId}, case ${earlier.caseId})`)),
    };
  }
  return { contested: { record, ledger: asEntries(await ledgerRecords(tx, { decisionId: record.decisionId })) } };
}

/**
 * The case becomes decided (or awaiting approval), with its decision record, ledger entries
 * (only once in effect), history event, released lease, feed row and log entry, in the
 * caller's transaction.
 */
async function accept(tx: Queryable, row: CaseRow, staff: StaffMember, clientId: string, d: DecisionCommand, now: number, j: Extract<Judgement, { adjudication: unknown }>): Promise<void> {
  const a = j.adjudication;
  const held = a.approvalGrounds.length > 0;
  const decidedBy = { id: staff.id, name: staff.name };
  const grounds = [...new Set(a.approvalGrounds.map((g) => g.ref))];
  const summary: DecisionSummary = {
    decisionId: d.decisionId, caseId: row.id, decidedBy, decidedAt: d.decidedAt, body: d.body, ruleRef: d.ruleRef, reason: d.reason,
    rulebookVersion: a.rulebook.version,
    departure: a.departure,
    ...(d.justification !== undefined ? { justification: d.justification } : {}),
    ...(held ? { approval: { state: 'pending' as const, grounds } } : {}),
  };
  const detail = `${d.body.outcome.type} under ${d.ruleRef}${a.departure ? ' (departs from the recommendation)' : ''}`;
  const event: CaseEvent = held
    ? { at: now, actor: staff.name, event: 'awaiting_approval', detail: `${detail}; needs a supervisor's approval (${grounds.join(', ')})`.slice(0, 500) }
    : { at: now, actor: staff.name, event: 'decided', detail: detail.slice(0, 500) };
  const next: CaseRow = {
    ...row,
    status: held ? 'awaiting_approval' : 'decided',
    version: row.version + 1,
    last_decision: JSON.stringify(summary),
    service_events: JSON.stringify([...(JSON.parse(row.service_events) as CaseEvent[]), event]),
    updated_at: now,
    lease_holder_id: null,
    lease_holder_name: null,
    lease_expires_at: null,
    lease_mode: null,
  };
  const input = JSON.parse(row.input) as CaseInput;
  await updateCases(tx, [next]);
  await insertDecisionRecord(tx, {
    decisionId: d.decisionId, caseId: row.id, kind: row.kind, decidedById: staff.id, state: held ? 'awaiting_approval' : 'in_effect', summary, facts: a.facts,
    caseInput: input, pendingLedger: held ? a.ledger : [], recordedAt: now, effectiveAt: held ? null : now, contests: j.contests,
  });
  if (!held) await writeLedger(tx, a.ledger, { decisionId: d.decisionId, caseId: row.id, merchantId: input.merchant.id, rulebookVersion: a.rulebook.version, at: now });
  await appendFeed(tx, [upsertChange(next)], now);
  await appendAudit(tx, [{
    actor: decidedBy,
    action: 'decision',
    caseId: row.id,
    payload: {
      decision: summary, facts: a.facts, ledger: held ? [] : a.ledger, ...(held ? { heldForApproval: { grounds: a.approvalGrounds, ledgerOnApproval: a.ledger } } : {}),
      clientId, mutationId: d.mutationId, baseVersion: d.baseVersion, leaseEpoch: d.leaseEpoch, caseVersion: next.version,
    },
  }], now);
}
