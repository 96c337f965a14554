/** Staff accounts and bearer tokens. Tokens are random and stored only as their sha256. */
import { createHash, randomBytes } from 'node:crypto';
import { StaffMember, type Role } from '../shared/domain/staff';
import type { Queryable } from './db/db';
import { parseOr400 } from './errors';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Creates or updates the staff member and issues a new token (older tokens stay valid). */
export async function provisionStaff(db: Queryable, input: { id: string; name: string; role: Role }): Promise<string> {
  const s = parseOr400(StaffMember, input, 'staff');
  const token = `dkt_${randomBytes(32).toString('base64url')}`;
  await db.query(
    `WITH s AS (
       INSERT INTO staff (id, name, role, created_at) VALUES ($1, $2, $3, docket_now_ms())
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role
       RETURNING id
     )
     INSERT INTO staff_tokens (token_sha256, staff_id, created_at) SELECT $4, id, docket_now_ms() FROM s`,
    [s.id, s.name, s.role, hashToken(token)],
  );
  return token;
}

/** The staff member a bearer token belongs to, or null. */
export async function staffByToken(db: Queryable, token: string): Promise<StaffMember | null> {
  const rows = await db.query<StaffMember>(
    `SELECT s.id, s.name, s.role FROM staff_tokens t JOIN staff s ON s.id = t.staff_id WHERE t.token_sha256 = $1`,
    [hashToken(token)],
  );
  return rows[0] ?? null;
}
