/**
 * Offline checkout: a reviewer about to leave the network claims a batch of cases in offline
 * mode (a long lease, bounded per reviewer by the service) and takes their evidence along in
 * the evidence cache, so the cases can be read and decided with no service in reach.
 */
import type { ReadableDB, WritableDB } from './db/handles';
import type { CheckoutStatus, QueueFilter, QueueSortColumn } from '../../shared/api';
import type { CaseKind, StaffMember } from '../../shared/domain';
import { MAX_OFFLINE_CHECKOUT, type LeaseAnswer } from '../../shared/sync/protocol';
import { getCase } from './db/cases';
import { getMyLease } from './db/leases';
import { queuePage } from './db/queue';
import { evidenceOfCases } from './evidence';
import type { EvidencePrefetch } from './evidence-prefetch';
import { ConsoleError } from './errors';
import { claimCases } from './sync/leases';
import type { ServiceClient } from './sync/service';

export interface CheckoutContext {
  db: WritableDB;
  client: ServiceClient;
  prefetch: EvidencePrefetch;
  now: () => number;
}

export interface NextOfQueue {
  kind: CaseKind;
  filter: QueueFilter;
  sort: { column: QueueSortColumn; direction: 'asc' | 'desc' };
  count: number;
}

export interface CheckoutResult {
  answers: LeaseAnswer[];
  evidence: { fetched: number; failed: number };
  status: CheckoutStatus;
}


export function checkoutStatus(db: ReadableDB, now: number): CheckoutStatus {
  const r = db.prepare(`SELECT count(*) AS held, min(expires_at) AS expiresAt FROM my_leases WHERE mode = 'offline' AND expires_at > ?`).get(now) as { held: number; expiresAt: number | null };
  return { held: r.held, expiresAt: r.expiresAt, limit: MAX_OFFLINE_CHECKOUT };
}

/**
 * The next `count` cases of a queue, in its order and filter, that a checkout can take: open,
 * with no decision of mine waiting or in conflict, held by nobody else, and not checked out already.
 */
export function nextCheckoutCandidates(db: WritableDB, staff: StaffMember, q: NextOfQueue, now: number): string[] {
  const picked: string[] = [];
  const filter: QueueFilter = { ...q.filter, status: ['open'] };
  let after: string | undefined;
  for (;;) {
    const page = queuePage(db, { kind: q.kind, sort: q.sort, filter, offset: 0, limit: 500, ...(after === undefined ? {} : { after }) }, { now });
    for (const row of page.rows) {
      if (row.pending || row.inConflict) continue;
      const lease = getCase(db, row.id)?.lease ?? null;
      if (lease && lease.expiresAt > now && lease.holder.id !== staff.id) continue;
      const mine = getMyLease(db, row.id);
      if (mine && mine.mode === 'offline' && mine.expiresAt > now) continue;
      picked.push(row.id);
      if (picked.length === q.count) return picked;
    }
    if (page.anchor === null || page.rows.length === 0) return picked;
    after = page.anchor;
  }
}

/** Claims `caseIds` for offline work and fetches the evidence of each case granted into the cache. */
export async function checkOut(ctx: CheckoutContext, caseIds: string[]): Promise<CheckoutResult> {
  const { db, client, now } = ctx;
  if (caseIds.length === 0) throw new ConsoleError('not_found', 'nothing to check out: no open case in this queue and filter that nobody else holds');
  const before = checkoutStatus(db, now());
  const renewing = caseIds.filter((id) => getMyLease(db, id)?.mode === 'offline').length;
  if (before.held - renewing + caseIds.length > MAX_OFFLINE_CHECKOUT) {
    throw new ConsoleError('invalid_input', `an offline checkout holds at most ${MAX_OFFLINE_CHECKOUT} cases: you hold ${before.held} and asked for ${caseIds.length - renewing} more`);
  }
  const answers = await claimCases(db, client, caseIds, 'offline', now);
  // All of it comes along, photos, chat captures and video: the checkout is for reading offline.
  // One blob the service cannot give now does not undo the checkout: the count says so.
  const granted = answers.filter((a) => a.granted).map((a) => a.caseId);
  ctx.prefetch.forgetFailures();
  const { fetched, failed } = await ctx.prefetch.fetchAll([...evidenceOfCases(db, granted).keys()]);
  return { answers, evidence: { fetched, failed }, status: checkoutStatus(db, now()) };
}
