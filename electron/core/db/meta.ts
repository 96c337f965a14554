/** The `meta` key/value table: the stable client id, the next mutation id, the signed-in staff member. */
import { randomUUID } from 'node:crypto';
import type { ReadableDB, WritableDB } from './handles';
import { StaffMember } from '../../../shared/domain';

export type MetaKey = 'client_id' | 'next_mutation_id' | 'staff' | 'derived' | 'evidence_cache_limit' | 'audit_key';

export function getMeta(db: ReadableDB, key: MetaKey): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: WritableDB, key: MetaKey, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** The id this console sends with every push; created once, kept for the life of the database. */
export function clientId(db: WritableDB): string {
  const existing = getMeta(db, 'client_id');
  if (existing) return existing;
  const id = randomUUID();
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('client_id', id);
  return getMeta(db, 'client_id') ?? id;
}

/** Takes the next mutation id. Call inside the transaction that writes the decision, so ids never repeat. */
export function takeMutationId(db: WritableDB): number {
  const next = Number(getMeta(db, 'next_mutation_id') ?? '1');
  setMeta(db, 'next_mutation_id', String(next + 1));
  return next;
}

export function storedStaff(db: ReadableDB): StaffMember | null {
  const raw = getMeta(db, 'staff');
  if (!raw) return null;
  const parsed = StaffMember.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

export function storeStaff(db: WritableDB, staff: StaffMember): void {
  setMeta(db, 'staff', JSON.stringify(staff));
}
