/** SQL of per-user preferences (saved filters, column layouts): JSON values by key. */
import type { ReadableDB, WritableDB } from './handles';

export function getPref(db: ReadableDB, staffId: string, key: string): unknown {
  const raw = db.prepare('SELECT value FROM prefs WHERE staff_id = ? AND key = ?').pluck().get(staffId, key) as string | undefined;
  return raw === undefined ? null : (JSON.parse(raw) as unknown);
}

export function setPref(db: WritableDB, staffId: string, key: string, value: unknown, now: number): void {
  db.prepare(`INSERT INTO prefs (staff_id, key, value, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (staff_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(staffId, key, JSON.stringify(value ?? null), now);
}
