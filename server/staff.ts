/**
 * Staff accounts and bearer tokens. Tokens are random and stored only as their sha256; each
 * expires (`DEFAULT_TOKEN_LIFETIME_MS` unless configured) and can be revoked. Issuing a new
 * token to a staff member revokes the ones they had. Every revocation goes into the decision log.
 */
import { createHash, randomBytes } from 'node:crypto';
import { StaffMember, type Role, type StaffRef } from '../shared/domain/staff';
import { appendAudit, type AuditAppend } from './audit';
import type { Db, Queryable } from './db/db';
import { parseOr400 } from './errors';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** 30 days: a console is re-provisioned monthly, and a lost laptop's token ends by itself. */
export const DEFAULT_TOKEN_LIFETIME_MS = 30 * 86_400_000;

/** Who revokes when no staff member does: the command line and provisioning. */
export const ADMIN_ACTOR: StaffRef = { id: 'case-service-admin', name: 'case service administrator' };

/** A token as listed: its id is the first 16 hex digits of its sha256, which gives nothing of the token away. */
export interface TokenInfo {
  tokenId: string;
  staffId: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
}

const nowMs = async (q: Queryable): Promise<number> => Number((await q.query<{ now: number }>('SELECT docket_now_ms() AS now'))[0]?.now);

/**
 * Creates or updates the staff member, revokes the tokens they had (logged) and issues a new
 * one that expires after `lifetimeMs`.
 */
export async function provisionStaff(db: Db, input: { id: string; name: string; role: Role }, lifetimeMs = DEFAULT_TOKEN_LIFETIME_MS): Promise<string> {
  const s = parseOr400(StaffMember, input, 'staff');
  const token = `dkt_${randomBytes(32).toString('base64url')}`;
  await db.transaction(async (tx) => {
    const now = await nowMs(tx);
    const [before] = await tx.query<{ role: Role }>('SELECT role FROM staff WHERE id = $1 FOR UPDATE', [s.id]);
    await tx.query(
      `INSERT INTO staff (id, name, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role`,
      [s.id, s.name, s.role, now],
    );
    const revoked = await revokeWithin(tx, { staffId: s.id }, ADMIN_ACTOR, 'a new token was issued', now, false);
    // A new staff member's role is a change too (from none): the log says who could do what, since when.
    const roleChange = before?.role === s.role ? [] : [{ actor: ADMIN_ACTOR, action: 'role_change' as const, caseId: null, payload: { staffId: s.id, name: s.name, from: before?.role ?? null, to: s.role } }];
    await tx.query(`INSERT INTO staff_tokens (token_sha256, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [hashToken(token), s.id, now, now + lifetimeMs]);
    await appendAudit(tx, [...revoked.entries, ...roleChange], now);
  });
  return token;
}

/** The tokens of a staff member, newest first, revoked and expired ones included. */
export async function listTokens(q: Queryable, staffId: string): Promise<TokenInfo[]> {
  const rows = await q.query<{ token_sha256: string; staff_id: string; created_at: number; expires_at: number; revoked_at: number | null; revoked_by: string | null }>(
    `SELECT token_sha256, staff_id, created_at, expires_at, revoked_at, revoked_by FROM staff_tokens WHERE staff_id = $1 ORDER BY created_at DESC, token_sha256`,
    [staffId],
  );
  return rows.map((r) => ({ tokenId: r.token_sha256.slice(0, 16), staffId: r.staff_id, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, revokedBy: r.revoked_by }));
}

/** Revokes a staff member's live tokens (or the one whose id is given); each is logged. The ids revoked. */
export async function revokeTokens(db: Db, which: { staffId: string; tokenId?: string }, by: StaffRef, reason: string): Promise<string[]> {
  return db.transaction(async (tx) => (await revokeWithin(tx, which, by, reason, await nowMs(tx), true)).ids);
}

/** Revokes; logs the revocations when `log`, else hands their entries back for the caller to log last. */
async function revokeWithin(tx: Queryable, which: { staffId: string; tokenId?: string }, by: StaffRef, reason: string, now: number, log: boolean): Promise<{ ids: string[]; entries: AuditAppend[] }> {
  const rows = await tx.query<{ token_sha256: string }>(
    `UPDATE staff_tokens SET revoked_at = $3, revoked_by = $4
     WHERE staff_id = $1 AND revoked_at IS NULL AND expires_at > $3 AND ($2::text IS NULL OR left(token_sha256, 16) = $2)
     RETURNING token_sha256`,
    [which.staffId, which.tokenId ?? null, now, by.id],
  );
  const ids = rows.map((r) => r.token_sha256.slice(0, 16)).sort();
  const entries = ids.map((tokenId) => ({ actor: by, action: 'token_revoke' as const, caseId: null, payload: { staffId: which.staffId, tokenId, reason } }));
  if (log) await appendAudit(tx, entries, now);
  return { ids, entries };
}

export type TokenCheck = { staff: StaffMember } | { refused: 'expired' | 'revoked'; at: number } | null;

/** The staff member a live bearer token belongs to; why it is refused when it expired or was revoked; null when unknown. */
export async function staffByToken(db: Queryable, token: string): Promise<TokenCheck> {
  const rows = await db.query<StaffMember & { expires_at: number; revoked_at: number | null; now: number }>(
    `SELECT s.id, s.name, s.role, t.expires_at, t.revoked_at, docket_now_ms() AS now FROM staff_tokens t JOIN staff s ON s.id = t.staff_id WHERE t.token_sha256 = $1`,
    [hashToken(token)],
  );
  const r = rows[0];
  if (!r) return null;
  if (r.revoked_at !== null) return { refused: 'revoked', at: r.revoked_at };
  if (r.expires_at <= r.now) return { refused: 'expired', at: r.expires_at };
  return { staff: { id: r.id, name: r.name, role: r.role } };
}
