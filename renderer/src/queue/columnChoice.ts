import { z } from 'zod';
import type { CaseKind, Role } from '../../../shared/domain';

/** Every queue column a reviewer may show or hide; the title always shows. */
export const CHOOSABLE_COLUMNS = ['slaDueAt', 'priority', 'severity', 'amountFen', 'merchantName', 'status', 'leaseHolder', 'age', 'category', 'region', 'updatedAt'] as const;
export type ChoosableColumn = (typeof CHOOSABLE_COLUMNS)[number];

/** Columns that exist in a queue: severity belongs to violations. */
export function columnsOf(kind: CaseKind): ChoosableColumn[] {
  return CHOOSABLE_COLUMNS.filter((c) => c !== 'severity' || kind === 'violation');
}

/**
 * What each role needs at a glance, chosen to fit beside the case view at 1440 px (about 740 px
 * of grid): a moderator triages violations by deadline, severity and who holds them; an arbiter
 * weighs the money asked; a supervisor audits what changed. The rest is one click away.
 */
const ROLE_DEFAULTS: Record<Role, readonly ChoosableColumn[]> = {
  moderator: ['slaDueAt', 'priority', 'severity', 'merchantName', 'status', 'leaseHolder'],
  arbiter: ['slaDueAt', 'priority', 'amountFen', 'merchantName', 'status', 'leaseHolder'],
  supervisor: ['slaDueAt', 'priority', 'amountFen', 'status', 'leaseHolder', 'updatedAt'],
  platform: ['slaDueAt', 'priority', 'status', 'leaseHolder', 'age'],
};

export interface ColumnChoice {
  visible: ChoosableColumn[];
  /** Widths the reviewer dragged, in px. */
  widths: Partial<Record<ChoosableColumn | 'title', number>>;
}

export function defaultColumnChoice(role: Role, kind: CaseKind): ColumnChoice {
  const exists = columnsOf(kind);
  return { visible: ROLE_DEFAULTS[role].filter((c) => exists.includes(c)), widths: {} };
}

export const columnChoiceKey = (kind: CaseKind) => `grid.columns.${kind}`;

const Stored = z.object({ visible: z.array(z.string()), widths: z.record(z.string(), z.number().int().min(40).max(800)).optional() });

/** Reads what prefs hold (unknown by contract): unknown columns are dropped; nothing valid gives the role's defaults. */
export function parseColumnChoice(value: unknown, role: Role, kind: CaseKind): ColumnChoice {
  const p = Stored.safeParse(value);
  if (!p.success) return defaultColumnChoice(role, kind);
  const exists: readonly string[] = columnsOf(kind);
  const visible = columnsOf(kind).filter((c) => p.data.visible.includes(c) && exists.includes(c));
  const widths: ColumnChoice['widths'] = {};
  for (const [k, w] of Object.entries(p.data.widths ?? {})) if (k === 'title' || exists.includes(k)) widths[k as ChoosableColumn] = w;
  return { visible, widths };
}

/** Shows or hides one column, keeping the queue's column order. */
export function toggleColumn(choice: ColumnChoice, column: ChoosableColumn, kind: CaseKind): ColumnChoice {
  const on = new Set(choice.visible);
  if (on.has(column)) on.delete(column);
  else on.add(column);
  return { ...choice, visible: columnsOf(kind).filter((c) => on.has(c)) };
}
