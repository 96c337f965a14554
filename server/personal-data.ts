/**
 * The originals of free text in which ingest masked personal data (phones, ID numbers, bank
 * cards, addresses). Cases, the feed, decision records and statements hold only the masked
 * text; this table is the one place the originals are kept, keyed by case and field, for the
 * audited reveal (a later feature). Nothing that answers a console reads it.
 */
import type { MaskedField } from '../shared/privacy';
import type { Queryable } from './db/db';
import { inBatches } from './cases';

export interface CasePersonalData {
  caseId: string;
  fields: readonly MaskedField[];
}

/** Replaces what is kept for these cases with what their latest ingest masked (nothing, for a case with none). */
export async function replacePersonalData(tx: Queryable, cases: readonly CasePersonalData[], now: number): Promise<void> {
  if (cases.length === 0) return;
  await tx.query('DELETE FROM case_personal_data WHERE case_id = ANY($1::text[])', [cases.map((c) => c.caseId)]);
  const rows = cases.flatMap((c) => c.fields.map((f) => [c.caseId, f.field, f.original, f.kinds, now] as const));
  await inBatches(tx, rows, ['text', 'text', 'text', 'text[]', 'bigint'], (values) => `INSERT INTO case_personal_data (case_id, field, original, kinds, recorded_at) VALUES ${values}`);
}
