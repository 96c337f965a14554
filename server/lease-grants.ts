/**
 * The lease history (table `lease_grants`): one row per (case, epoch) with its holder, when it
 * was granted, until when it ran and how it ended. The case row shows only the lease as it is
 * now, and a release clears its holder; a decision is judged against the lease of the epoch it
 * carries, so only the reviewer who held that lease can decide under it, and only within it.
 */
import { refusal, type Refusal } from '../shared/domain';
import { MAX_CLOCK_SKEW_MS } from '../shared/sync/protocol';
import type { CaseRow } from './cases';
import type { Queryable } from './db/db';

export interface LeaseGrant {
  caseId: string;
  epoch: number;
  holderId: string;
  mode: 'online' | 'offline';
  /** Null for a lease that was live when the history began. */
  grantedAt: number | null;
  expiresAt: number;
  endedAt: number | null;
  endedBy: 'release' | 'decision' | null;
}

interface Row {
  case_id: string;
  epoch: number;
  holder_id: string;
  mode: 'online' | 'offline';
  granted_at: number | null;
  expires_at: number;
  ended_at: number | null;
  ended_by: 'release' | 'decision' | null;
}

export const grantKey = (caseId: string, epoch: number): string => `${caseId}\u0000${epoch}`;

/** The grants of these (case, epoch) pairs, keyed by `grantKey`. */
export async function leaseGrants(q: Queryable, wanted: ReadonlyArray<{ caseId: string; epoch: number }>): Promise<Map<string, LeaseGrant>> {
  const out = new Map<string, LeaseGrant>();
  if (wanted.length === 0) return out;
  const rows = await q.query<Row>(
    `SELECT g.case_id, g.epoch, g.holder_id, g.mode, g.granted_at, g.expires_at, g.ended_at, g.ended_by
     FROM lease_grants g JOIN unnest($1::text[], $2::int[]) AS w(case_id, epoch) ON g.case_id = w.case_id AND g.epoch = w.epoch`,
    [wanted.map((w) => w.caseId), wanted.map((w) => w.epoch)],
  );
  for (const r of rows) {
    out.set(grantKey(r.case_id, r.epoch), {
      caseId: r.case_id, epoch: r.epoch, holderId: r.holder_id, mode: r.mode, grantedAt: r.granted_at === null ? null : Number(r.granted_at),
      expiresAt: Number(r.expires_at), endedAt: r.ended_at === null ? null : Number(r.ended_at), endedBy: r.ended_by,
    });
  }
  return out;
}

/** Records the leases of these rows as held: a new epoch is granted now, the holder's own epoch gets its new expiry and mode. */
export async function recordHeld(tx: Queryable, rows: readonly CaseRow[], now: number): Promise<void> {
  const held = rows.filter((r) => r.lease_holder_id !== null && r.lease_mode !== null && r.lease_expires_at !== null);
  if (held.length === 0) return;
  await tx.query(
    `INSERT INTO lease_grants (case_id, epoch, holder_id, mode, granted_at, expires_at)
     SELECT u.case_id, u.epoch, u.holder_id, u.mode, $6, u.expires_at
     FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[]) AS u(case_id, epoch, holder_id, mode, expires_at)
     ON CONFLICT (case_id, epoch) DO UPDATE SET expires_at = EXCLUDED.expires_at, mode = EXCLUDED.mode`,
    [held.map((r) => r.id), held.map((r) => r.lease_epoch), held.map((r) => r.lease_holder_id), held.map((r) => r.lease_mode), held.map((r) => r.lease_expires_at), now],
  );
}

/** Ends leases: released by their holder, or ended by the decision made under them. */
export async function recordEnded(tx: Queryable, ended: ReadonlyArray<{ caseId: string; epoch: number }>, now: number, by: 'release' | 'decision'): Promise<void> {
  if (ended.length === 0) return;
  await tx.query(
    `UPDATE lease_grants g SET ended_at = $3, ended_by = $4
     FROM unnest($1::text[], $2::int[]) AS u(case_id, epoch)
     WHERE g.case_id = u.case_id AND g.epoch = u.epoch AND g.ended_at IS NULL`,
    [ended.map((e) => e.caseId), ended.map((e) => e.epoch), now, by],
  );
}

/**
 * The window a console time must fall in for a command made under `grant`: from its start to
 * its end (release, decision or expiry), each widened by the allowed clock skew, and never later
 * than the service's clock plus that skew.
 */
export function leaseWindow(grant: LeaseGrant, now: number): { earliestAt: number; latestAt: number } {
  const end = grant.endedAt ?? grant.expiresAt;
  return { earliestAt: grant.grantedAt === null ? 0 : grant.grantedAt - MAX_CLOCK_SKEW_MS, latestAt: Math.min(end, now) + MAX_CLOCK_SKEW_MS };
}

/** Why a console time is refused, or null when it lies within `[earliestAt, latestAt]`. */
export function outOfBounds(decidedAt: number, window: { earliestAt: number; latestAt: number }, within: string): Refusal | null {
  if (decidedAt >= window.earliestAt && decidedAt <= window.latestAt) return null;
  const iso = (ms: number) => new Date(ms).toISOString();
  const side = decidedAt < window.earliestAt ? `before ${iso(window.earliestAt)}` : `after ${iso(window.latestAt)}`;
  return refusal('decided_at_out_of_bounds', { decidedAt, ...window },
    `decidedAt: ${iso(decidedAt)} is ${side}; the case service keeps a console's time only within ${within}, widened by the ${MAX_CLOCK_SKEW_MS / 60_000} minutes of clock skew it allows, and never later than its own clock allows`);
}

/** The console's time is kept, as "decided offline at", when the command reached the service later than clock skew explains. */
export function offlineTime(consoleAt: number, now: number): { decidedOfflineAt?: number } {
  return now - consoleAt > MAX_CLOCK_SKEW_MS ? { decidedOfflineAt: consoleAt } : {};
}
