import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../testing/tmp';
import { MIGRATIONS, migrate, schemaVersion } from './migrations';

const tmp = tempDir();
afterAll(() => tmp.remove());

it('10 gives the evidence cache a last use (from the fetch time for blobs already there) and thumbnail sizes', () => {
  const db = new Database(tmp.file('m10.db'));
  const before = MIGRATIONS.filter((m) => m.version < 10).at(-1)?.version ?? 0;
  migrate(db, before);
  db.prepare('INSERT INTO evidence_cache (sha256, media_type, bytes, fetched_at) VALUES (?, ?, ?, ?)').run('a'.repeat(64), 'image/jpeg', 1234, 5_000);
  expect(migrate(db, 10)).toContain(10);
  expect(schemaVersion(db)).toBe(10);
  expect(db.prepare('SELECT sha256, bytes, fetched_at, used_at, thumb_bytes FROM evidence_cache').all()).toEqual([{ sha256: 'a'.repeat(64), bytes: 1234, fetched_at: 5_000, used_at: 5_000, thumb_bytes: null }]);
  const plan = db.prepare('EXPLAIN QUERY PLAN SELECT sha256 FROM evidence_cache ORDER BY used_at').all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toContain('evidence_cache_by_use');
  db.close();
});
