import type { CaseRow } from '../../../shared/api';

export type SkipReason = 'not_open' | 'held_by_other' | 'pending' | 'in_conflict';

export interface BulkPlan {
  change: CaseRow[];
  skip: { row: CaseRow; reason: SkipReason }[];
}

/** The row carries the holder as the core shows it (an id or a name); either identifies me. */
export function isMe(holder: string, me: { id: string; name: string }): boolean {
  return holder === me.id || holder === me.name;
}

/**
 * Which selected cases a bulk decision would change, and which it would leave alone and why,
 * shown to the reviewer before anything is claimed or decided.
 */
export function planBulk(rows: readonly CaseRow[], me: { id: string; name: string }, now: number): BulkPlan {
  const plan: BulkPlan = { change: [], skip: [] };
  for (const row of rows) {
    const heldByOther = row.leaseHolder !== null && !isMe(row.leaseHolder, me) && (row.leaseExpiresAt === null || row.leaseExpiresAt > now);
    const reason: SkipReason | null =
      row.status !== 'open' ? 'not_open' : row.pending ? 'pending' : row.inConflict ? 'in_conflict' : heldByOther ? 'held_by_other' : null;
    if (reason) plan.skip.push({ row, reason });
    else plan.change.push(row);
  }
  return plan;
}

/** Splits ids into batches the claim channel accepts (at most 200 per call). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
