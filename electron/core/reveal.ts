/**
 * `case.reveal`: asks the case service for the original of a field it masked, for a reason, and
 * hands it to the caller — nothing else. The value is never written to the console's database,
 * its outbox, a preference or a trace line, and never put into an error message: the service
 * logs the reveal, the console only passes it through. Offline there is nothing to reveal from
 * (the console holds no originals), so the reveal is refused with a message saying so.
 */
import { refusal, revealRefusal, type StaffMember } from '../../shared/domain';
import type { ChannelInput, ChannelOutput } from '../../shared/api';
import type { ReadableDB } from './db/handles';
import { getCase } from './db/cases';
import { getMyLease } from './db/leases';
import { ConsoleError, notInConsole, refused } from './errors';
import { OfflineError, ServiceRefusal, type ServiceClient } from './sync/service';

/** How long the renderer shows a revealed value before masking it again. */
export const REVEAL_SHOWN_MS = 30_000;

export async function revealField(db: ReadableDB, client: ServiceClient, staff: StaffMember, input: ChannelInput<'case.reveal'>, now: number): Promise<ChannelOutput<'case.reveal'>> {
  const stored = getCase(db, input.caseId);
  if (!stored) throw notInConsole(input.caseId);
  // The service decides; this only spares a round trip the service would refuse anyway.
  const lease = getMyLease(db, input.caseId);
  const why = revealRefusal(staff.role, stored.case.kind, lease !== null && lease.expiresAt > now);
  if (why === 'role') throw refused('forbidden', refusal('reveal_not_allowed', { role: staff.role }, `a ${staff.role} may not reveal personal data; an arbiter deciding the case or a supervisor may`));
  if (why === 'lease') throw refused('forbidden', refusal('reveal_lease_required', { caseId: input.caseId }, `claim case ${input.caseId} first: personal data is revealed only for the case you are deciding`));
  try {
    const r = await client.reveal(input.caseId, input.field, input.reason);
    return { field: r.field, value: r.value, kinds: r.kinds, auditSeq: r.auditSeq, showForMs: REVEAL_SHOWN_MS };
  } catch (e) {
    if (e instanceof OfflineError) {
      throw refused('offline', refusal('reveal_offline', {}, 'personal data is revealed only by the case service, which cannot be reached now; the console keeps no unmasked data. Try again when online'));
    }
    if (e instanceof ServiceRefusal && e.status === 403) {
      throw refused('forbidden', e.code === 'lease_required'
        ? refusal('reveal_lease_required', { caseId: input.caseId }, e.message)
        : refusal('reveal_not_allowed', { role: staff.role }, e.message));
    }
    if (e instanceof ServiceRefusal && e.status === 404) throw refused('not_found', refusal('reveal_no_such_field', { field: input.field }, e.message));
    if (e instanceof ServiceRefusal) throw new ConsoleError('invalid_input', e.message);
    throw e;
  }
}
