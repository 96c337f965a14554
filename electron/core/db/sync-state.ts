/** SQL of the per-partition pull state: cursor, bootstrapped, last pull. */
import type { ReadableDB, WritableDB } from './handles';
import type { CaseKind } from '../../../shared/domain';

export interface PartitionState {
  kind: CaseKind;
  cursor: string | null;
  bootstrapped: boolean;
  lastPullAt: number | null;
  refetches: number;
}

interface Row { kind: CaseKind; cursor: string | null; bootstrapped: number; last_pull_at: number | null; refetches: number }

export function partitionState(db: ReadableDB, kind: CaseKind): PartitionState {
  const r = db.prepare('SELECT * FROM sync_state WHERE kind = ?').get(kind) as Row | undefined;
  if (!r) return { kind, cursor: null, bootstrapped: false, lastPullAt: null, refetches: 0 };
  return { kind, cursor: r.cursor, bootstrapped: r.bootstrapped === 1, lastPullAt: r.last_pull_at, refetches: r.refetches };
}

export function allPartitionStates(db: ReadableDB): PartitionState[] {
  const rows = db.prepare('SELECT * FROM sync_state ORDER BY kind').all() as Row[];
  return rows.map((r) => ({ kind: r.kind, cursor: r.cursor, bootstrapped: r.bootstrapped === 1, lastPullAt: r.last_pull_at, refetches: r.refetches }));
}

/** Stores the cursor of an applied page. Call inside the page's transaction. */
export function advanceCursor(db: WritableDB, kind: CaseKind, cursor: string, caughtUp: boolean, now: number): void {
  db.prepare(`INSERT INTO sync_state (kind, cursor, bootstrapped, last_pull_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (kind) DO UPDATE SET cursor = excluded.cursor, last_pull_at = excluded.last_pull_at,
      bootstrapped = max(sync_state.bootstrapped, excluded.bootstrapped)`).run(kind, cursor, caughtUp ? 1 : 0, now);
}

/** Forgets a partition's position (must-refetch): it bootstraps again from the start. Call inside a transaction. */
export function resetPartition(db: WritableDB, kind: CaseKind): void {
  db.prepare(`INSERT INTO sync_state (kind, cursor, bootstrapped, refetches) VALUES (?, NULL, 0, 1)
    ON CONFLICT (kind) DO UPDATE SET cursor = NULL, bootstrapped = 0, refetches = sync_state.refetches + 1`).run(kind);
}
