/** Lease claim, heartbeat renewal and release through the case service, mirrored in `my_leases`. */
import type { WritableDB } from '../db/handles';
import type { LeaseAnswer } from '../../../shared/sync/protocol';
import { MAX_CLAIM_BATCH } from '../../../shared/sync/protocol';
import { dropExpiredLeases, dropMyLease, leasesDueForRenewal, saveMyLease } from '../db/leases';
import type { ServiceClient } from './service';

export async function claimCases(db: WritableDB, client: ServiceClient, caseIds: string[], mode: 'online' | 'offline', now: () => number): Promise<LeaseAnswer[]> {
  const { results } = await client.claim({ caseIds, mode });
  const at = now();
  db.transaction(() => {
    for (const r of results) if (r.granted) saveMyLease(db, r.caseId, r.lease, at);
  }).immediate();
  return results;
}

export async function releaseCases(db: WritableDB, client: ServiceClient, caseIds: string[]): Promise<LeaseAnswer[]> {
  const { results } = await client.release({ caseIds });
  db.transaction(() => {
    // Released, or not mine any more: either way I no longer hold it.
    for (const r of results) if (r.granted || r.reason === 'not_holder' || r.reason === 'not_found') dropMyLease(db, r.caseId);
  }).immediate();
  return results;
}

/** The heartbeat: renews online leases past half their term; forgets the ones that are gone. */
export async function renewDueLeases(db: WritableDB, client: ServiceClient, now: () => number): Promise<number> {
  dropExpiredLeases(db, now());
  const due = leasesDueForRenewal(db, now(), MAX_CLAIM_BATCH);
  if (due.length === 0) return 0;
  const { results } = await client.renew({ caseIds: due.map((l) => l.caseId) });
  const at = now();
  db.transaction(() => {
    for (const r of results) {
      if (r.granted) saveMyLease(db, r.caseId, r.lease, at);
      else dropMyLease(db, r.caseId);
    }
  }).immediate();
  return results.filter((r) => r.granted).length;
}
