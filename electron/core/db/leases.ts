/** SQL of the leases this reviewer holds (as the case service granted them). */
import type { ReadableDB, WritableDB } from './handles';
import type { LeaseInfo } from '../../../shared/sync/protocol';

export interface MyLease {
  caseId: string;
  epoch: number;
  expiresAt: number;
  grantedAt: number;
  mode: 'online' | 'offline';
}

interface LeaseRow { case_id: string; epoch: number; expires_at: number; granted_at: number; mode: 'online' | 'offline' }
const toLease = (r: LeaseRow): MyLease => ({ caseId: r.case_id, epoch: r.epoch, expiresAt: r.expires_at, grantedAt: r.granted_at, mode: r.mode });

export function saveMyLease(db: WritableDB, caseId: string, lease: LeaseInfo, grantedAt: number): void {
  db.prepare(`INSERT INTO my_leases (case_id, epoch, expires_at, granted_at, mode) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (case_id) DO UPDATE SET epoch = excluded.epoch, expires_at = excluded.expires_at, granted_at = excluded.granted_at, mode = excluded.mode`)
    .run(caseId, lease.epoch, lease.expiresAt, grantedAt, lease.mode);
}

export function dropMyLease(db: WritableDB, caseId: string): void {
  db.prepare('DELETE FROM my_leases WHERE case_id = ?').run(caseId);
}

export function getMyLease(db: ReadableDB, caseId: string): MyLease | null {
  const r = db.prepare('SELECT * FROM my_leases WHERE case_id = ?').get(caseId) as LeaseRow | undefined;
  return r ? toLease(r) : null;
}

/** Online leases past half their term: the heartbeat renews these. */
export function leasesDueForRenewal(db: ReadableDB, now: number, limit: number): MyLease[] {
  const rows = db.prepare(`SELECT * FROM my_leases WHERE mode = 'online' AND expires_at > ? AND granted_at + (expires_at - granted_at) / 2 <= ?
    ORDER BY expires_at LIMIT ?`).all(now, now, limit) as LeaseRow[];
  return rows.map(toLease);
}

/** Forgets leases that have run out: they can no longer back a decision. */
export function dropExpiredLeases(db: WritableDB, now: number): number {
  return db.prepare('DELETE FROM my_leases WHERE expires_at <= ?').run(now).changes;
}

/**
 * For applying a page: when the feed says someone else now holds a case under a newer epoch,
 * my lease on it is gone. Call the returned function inside the page's transaction.
 */
export function supersededLeaseDropper(db: WritableDB, myStaffId: string | null): (caseId: string, lease: { holderId: string; epoch: number }) => void {
  const drop = db.prepare('DELETE FROM my_leases WHERE case_id = ? AND epoch < ?');
  return (caseId, lease) => {
    if (lease.holderId !== myStaffId) drop.run(caseId, lease.epoch);
  };
}
