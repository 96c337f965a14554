/**
 * Leases: a reviewer claims cases before deciding them. The epoch increases on every change
 * of holder; a lease change is a feed row (the case with its new lease) but not a new case
 * version. Taking over an expired lease from someone else is written to the decision log.
 * Every epoch is kept in the lease history (`lease-grants.ts`) with its holder and times.
 */
import { canDecide, readableKinds, type StaffMember } from '../shared/domain';
import { MAX_OFFLINE_CHECKOUT, type ClaimRequest, type LeaseAnswer, type LeaseInfo } from '../shared/sync/protocol';
import type { Db, Queryable } from './db/db';
import { appendAudit, type AuditAppend } from './audit';
import { appendFeed, caseTransaction, leaseOf, liveLease, lockCases, updateCases, upsertChange, type CaseRow } from './cases';
import { forbidden, HttpError } from './errors';
import { recordEnded, recordHeld } from './lease-grants';
import { awaitsSupervisor } from './escalations';

export interface LeaseDurations {
  online: number;
  offline: number;
}

/** Cases no one may claim: decided, withdrawn, or holding a decision that awaits a supervisor. */
const CLOSED = new Set(['decided', 'awaiting_approval', 'withdrawn']);

type Answer = (row: CaseRow, now: number) => { answer: LeaseAnswer; changed?: CaseRow; audit?: AuditAppend };

/**
 * Runs a lease operation over the cases in one transaction: answers in request order,
 * changed rows written back with one feed row each. 403 (nothing changes) when the role may
 * not decide one of the cases.
 */
async function leaseOperation(db: Db, staff: StaffMember, caseIds: readonly string[], answer: Answer, check?: (tx: Queryable, results: Map<string, ReturnType<Answer>>, now: number) => Promise<void>): Promise<LeaseAnswer[]> {
  if (readableKinds(staff.role).every((k) => !canDecide(staff.role, k))) {
    throw forbidden(`a ${staff.role} account decides no cases and so holds no leases`);
  }
  return caseTransaction(db, async (tx) => {
    const { rows, now } = await lockCases(tx, caseIds);
    for (const row of rows.values()) {
      if (!row.deleted && !canDecide(staff.role, row.kind)) {
        throw forbidden(`caseIds: case ${row.id} is a ${row.kind}, which a ${staff.role} may not decide or claim`);
      }
    }
    const results = new Map<string, ReturnType<Answer>>();
    for (const id of new Set(caseIds)) {
      const row = rows.get(id);
      results.set(id, row && !row.deleted ? answer(row, now) : { answer: { caseId: id, granted: false, reason: 'not_found', lease: null } });
    }
    if (check) await check(tx, results, now);
    const changed = [...results.values()].flatMap((r) => (r.changed ? [r.changed] : []));
    await updateCases(tx, changed);
    // The history of each epoch: granted or extended, or released (only a release clears the holder).
    await recordHeld(tx, changed, now);
    await recordEnded(tx, changed.filter((r) => r.lease_holder_id === null).map((r) => ({ caseId: r.id, epoch: r.lease_epoch })), now, 'release');
    await appendFeed(tx, changed.map(upsertChange), now);
    await appendAudit(tx, [...results.values()].flatMap((r) => (r.audit ? [r.audit] : [])), now);
    return caseIds.map((id) => results.get(id)?.answer ?? { caseId: id, granted: false, reason: 'not_found', lease: null });
  });
}

function granted(row: CaseRow): { answer: LeaseAnswer; changed: CaseRow } {
  const lease = leaseOf(row);
  if (!lease) throw new Error(`granted a lease on ${row.id} without a holder`);
  return { answer: { caseId: row.id, granted: true, lease }, changed: row };
}

export function claimLeases(db: Db, staff: StaffMember, req: ClaimRequest, durations: LeaseDurations): Promise<LeaseAnswer[]> {
  const ms = durations[req.mode];
  return leaseOperation(
    db,
    staff,
    req.caseIds,
    (row, now) => {
      if (CLOSED.has(row.status)) return { answer: { caseId: row.id, granted: false, reason: 'decided', lease: null } };
      const live = liveLease(row, now);
      if (live && live.holder.id !== staff.id) return { answer: { caseId: row.id, granted: false, reason: 'held', lease: live } };
      // Escalated to the supervisors: held for them, whoever asks.
      if (awaitsSupervisor(row) && staff.role !== 'supervisor') return { answer: { caseId: row.id, granted: false, reason: 'held', lease: null } };
      const previous = leaseOf(row);
      const sameHolder = row.lease_holder_id === staff.id;
      const next: CaseRow = {
        ...row,
        lease_holder_id: staff.id,
        lease_holder_name: staff.name,
        lease_epoch: sameHolder ? row.lease_epoch : row.lease_epoch + 1,
        lease_expires_at: now + ms,
        lease_mode: req.mode,
      };
      const audit: AuditAppend | undefined =
        previous && !sameHolder
          ? {
              actor: { id: staff.id, name: staff.name },
              action: 'lease_steal',
              caseId: row.id,
              payload: { from: previous.holder, fromEpoch: previous.epoch, expiredAt: previous.expiresAt, epoch: next.lease_epoch, mode: req.mode },
            }
          : undefined;
      return { ...granted(next), ...(audit ? { audit } : {}) };
    },
    async (tx, results, now) => {
      if (req.mode !== 'offline') return;
      const asked = [...results.values()].filter((r) => r.answer.granted).length;
      const [held] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cases WHERE lease_holder_id = $1 AND lease_mode = 'offline' AND lease_expires_at > $2 AND NOT (id = ANY($3::text[]))`,
        [staff.id, now, [...results.keys()]],
      );
      if ((held?.n ?? 0) + asked > MAX_OFFLINE_CHECKOUT) {
        throw new HttpError(409, 'offline_limit', `an offline checkout holds at most ${MAX_OFFLINE_CHECKOUT} cases: you hold ${held?.n ?? 0} and asked for ${asked} more`);
      }
    },
  );
}

/** The holder extends its lease (a heartbeat); an expired lease nobody took over is extended too. */
export function renewLeases(db: Db, staff: StaffMember, caseIds: readonly string[], durations: LeaseDurations): Promise<LeaseAnswer[]> {
  return leaseOperation(db, staff, caseIds, (row, now) => {
    if (CLOSED.has(row.status)) return { answer: { caseId: row.id, granted: false, reason: 'decided', lease: null } };
    if (row.lease_holder_id !== staff.id || !row.lease_mode) return { answer: { caseId: row.id, granted: false, reason: 'not_holder', lease: liveLease(row, now) } };
    return granted({ ...row, lease_expires_at: now + durations[row.lease_mode] });
  });
}

/** The holder gives the case back. The answer carries the lease as it ended (`expiresAt` = now). */
export function releaseLeases(db: Db, staff: StaffMember, caseIds: readonly string[]): Promise<LeaseAnswer[]> {
  return leaseOperation(db, staff, caseIds, (row, now) => {
    const lease = leaseOf(row);
    if (!lease || lease.holder.id !== staff.id) return { answer: { caseId: row.id, granted: false, reason: CLOSED.has(row.status) ? 'decided' : 'not_holder', lease: liveLease(row, now) } };
    const ended: LeaseInfo = { ...lease, expiresAt: Math.min(lease.expiresAt, now) };
    const next: CaseRow = { ...row, lease_holder_id: null, lease_holder_name: null, lease_expires_at: null, lease_mode: null };
    return { answer: { caseId: row.id, granted: true, lease: ended }, changed: next };
  });
}
