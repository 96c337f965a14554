/**
 * The rulebook version decisions are judged by is chosen when the service starts. A version
 * other than the one the decision log last recorded is logged as a `rulebook_change` entry.
 */
import { appendAudit } from './audit';
import type { Db } from './db/db';
import { LOCK_AUDIT_APPEND } from './db/migrations';
import { ADMIN_ACTOR } from './staff';

export async function logRulebookVersion(db: Db, version: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Under the append lock: two instances starting together log one change, not two.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_AUDIT_APPEND]);
    const [last] = await tx.query<{ payload: string }>(`SELECT payload FROM audit_log WHERE action = 'rulebook_change' ORDER BY seq DESC LIMIT 1`);
    const from = last ? ((JSON.parse(last.payload) as { to?: unknown }).to ?? null) : null;
    if (from === version) return false;
    const [now] = await tx.query<{ now: number }>('SELECT docket_now_ms() AS now');
    await appendAudit(tx, [{ actor: ADMIN_ACTOR, action: 'rulebook_change', caseId: null, payload: { from, to: version } }], Number(now?.now));
    return true;
  });
}
