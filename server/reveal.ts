/**
 * The audited reveal of personal data (issue 15 §4): the original of one field that ingest
 * masked (`case_personal_data`), to someone who needs it for the case at hand
 * (`revealRefusal`, shared/domain/reveal.ts), for a written reason. The reveal is written to the
 * decision log in the same transaction that reads the original — the field, the kinds of data
 * and the reason, never the value — so no original leaves the service unlogged.
 */
import { canRead, revealRefusal, type StaffMember } from '../shared/domain';
import type { RevealRequest, RevealResponse } from '../shared/sync/protocol';
import { appendAudit } from './audit';
import { caseTransaction, liveLease, lockCases } from './cases';
import type { Db } from './db/db';
import { forbidden, HttpError, notFound } from './errors';

export async function revealPersonalData(db: Db, staff: StaffMember, caseId: string, req: RevealRequest): Promise<RevealResponse> {
  return caseTransaction(db, async (tx) => {
    // Locked: a lease taken over meanwhile is seen, and the reveal is judged by who holds the case now.
    const { rows, now } = await lockCases(tx, [caseId]);
    const row = rows.get(caseId);
    const roleMay = staff.role === 'arbiter' || staff.role === 'supervisor';
    if (!roleMay) throw forbidden(`a ${staff.role} may not reveal personal data; an arbiter deciding the case or a supervisor may`);
    if (!row || row.deleted || !canRead(staff.role, row.kind)) throw notFound(`no case ${caseId} a ${staff.role} may read`);
    const lease = liveLease(row, now);
    const refused = revealRefusal(staff.role, row.kind, lease?.holder.id === staff.id);
    if (refused === 'role') throw forbidden(`a ${staff.role} may not reveal personal data of a ${row.kind}`);
    if (refused === 'lease') {
      throw new HttpError(403, 'lease_required', `reveal: you do not hold case ${caseId}${lease ? ` (${lease.holder.name} does)` : ''}; claim it first: personal data is revealed only for the case you are deciding`);
    }
    const [found] = await tx.query<{ original: string; kinds: string[] }>('SELECT original, kinds FROM case_personal_data WHERE case_id = $1 AND field = $2', [caseId, req.field]);
    if (!found) throw notFound(`field: case ${caseId} has no masked personal data at ${req.field}`);
    await appendAudit(tx, [{
      actor: { id: staff.id, name: staff.name },
      action: 'reveal',
      caseId,
      payload: { field: req.field, kinds: found.kinds, reason: req.reason, role: staff.role, ...(lease ? { leaseEpoch: lease.epoch } : {}) },
    }], now);
    // The entry just appended: appends are serialized by a lock held until this transaction commits.
    const [entry] = await tx.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM audit_log');
    if (!entry) throw new Error('the reveal was not logged');
    return { caseId, field: req.field, value: found.original, kinds: found.kinds, auditSeq: entry.seq, revealedAt: now };
  });
}
