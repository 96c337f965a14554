import { z } from 'zod';
import { QueueFilter } from '../../../shared/api';
import type { CaseKind } from '../../../shared/domain';
import { normalizeFilter } from './gridQuery';

/** A reviewer's named filter, kept per user and kind through `prefs.get/set`. */
export const SavedFilter = z.object({ name: z.string().trim().min(1).max(40), filter: QueueFilter });
export type SavedFilter = z.infer<typeof SavedFilter>;
export const MAX_SAVED_FILTERS = 20;

export const savedFiltersKey = (kind: CaseKind) => `filters.${kind}`;
export const lastFilterKey = (kind: CaseKind) => `filters.${kind}.last`;

/** Reads what prefs hold, keeping the valid entries only (prefs are `unknown` by contract). */
export function parseSavedFilters(value: unknown): SavedFilter[] {
  if (!Array.isArray(value)) return [];
  const out: SavedFilter[] = [];
  for (const item of value) {
    const p = SavedFilter.safeParse(item);
    if (p.success && !out.some((f) => f.name === p.data.name)) out.push({ name: p.data.name, filter: normalizeFilter(p.data.filter) });
  }
  return out.slice(0, MAX_SAVED_FILTERS);
}

/** Adds or replaces by name; the newest first; bounded. */
export function upsertSavedFilter(list: readonly SavedFilter[], entry: SavedFilter): SavedFilter[] {
  const next = [{ name: entry.name.trim(), filter: normalizeFilter(entry.filter) }, ...list.filter((f) => f.name !== entry.name.trim())];
  return next.slice(0, MAX_SAVED_FILTERS);
}

export function removeSavedFilter(list: readonly SavedFilter[], name: string): SavedFilter[] {
  return list.filter((f) => f.name !== name);
}

export function parseLastFilter(value: unknown): QueueFilter {
  const p = QueueFilter.safeParse(value);
  return p.success ? normalizeFilter(p.data) : {};
}
