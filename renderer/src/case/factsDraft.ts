import { SEVERITIES, type CaseKind, type Severity } from '../../../shared/domain';
import { CaseFacts } from '../../../shared/rulebook/facts';
import { parseYuanToFen } from '../format/money';

/**
 * The facts editor: what the reviewer establishes from the evidence, per kind of case, as
 * form fields. Each field maps to one key of the kind's `CaseFacts`; the editor's state is
 * text and flags, turned into facts (and checked with the contract's schema) in one place.
 */
export type FactField =
  /** A checkbox; `initial` is the rulebook's default ("nothing further established"). */
  | { key: string; type: 'flag'; initial: boolean }
  /** Yes / no / "as the case says" (the key is left out). */
  | { key: string; type: 'tri' }
  /** The severity as re-graded, or the case's own. */
  | { key: 'severity'; type: 'severity' }
  /** A whole number (hours, counts); empty leaves the key out. */
  | { key: string; type: 'int'; min: number; max: number }
  /** Money typed in yuan, sent in fen; empty leaves the key out. */
  | { key: string; type: 'yuan' }
  /** A share typed in percent (two decimals), sent in basis points; empty leaves the key out. */
  | { key: string; type: 'percent' };

const flag = (key: string, initial = false): FactField => ({ key, type: 'flag', initial });

export const FACT_FIELDS: Record<CaseKind, readonly FactField[]> = {
  violation: [flag('violationConfirmed', true), { key: 'severity', type: 'severity' }, { key: 'harm', type: 'tri' }, { key: 'priorOffences', type: 'int', min: 0, max: 100_000 }],
  refund_dispute: [
    flag('notReceived'), flag('qualityDefect'), flag('arrivedDamaged'), flag('buyerCausedDamage'), flag('worn'), flag('allergyReaction'), flag('plantDied'),
    flag('falseLiveClaim'), flag('merchantAtFault'), flag('falseEvidence'),
    { key: 'reportedWithinHours', type: 'int', min: 0, max: 24 * 3650 }, { key: 'damagedShareBp', type: 'percent' }, { key: 'establishedLossFen', type: 'yuan' },
  ],
  merchant_complaint: [
    flag('ruleBroken', true), { key: 'priorNotice', type: 'tri' }, flag('worn'), flag('returnedDamaged'), flag('buyerCausedDamage'), flag('arrivedDamaged'),
    flag('merchantEvidenceCredible'), flag('depositObligationsOpen', true), { key: 'establishedAmountFen', type: 'yuan' },
  ],
  appeal: [flag('violationEstablished', true)],
};

/** Every fact key the editor may show (the i18n test checks each has a label). */
export const FACT_KEYS: readonly string[] = [...new Set(Object.values(FACT_FIELDS).flatMap((fs) => fs.map((f) => f.key)))];

export type TriState = 'case' | 'yes' | 'no';

export interface FactsDraft {
  kind: CaseKind;
  flags: Record<string, boolean>;
  tri: Record<string, TriState>;
  severity: Severity | '';
  /** Numbers as typed (hours, counts, yuan, percent). */
  text: Record<string, string>;
}

export function emptyFactsDraft(kind: CaseKind): FactsDraft {
  const flags: Record<string, boolean> = {};
  for (const f of FACT_FIELDS[kind]) if (f.type === 'flag') flags[f.key] = f.initial;
  return { kind, flags, tri: {}, severity: '', text: {} };
}

export const isSeverity = (v: string): v is Severity => (SEVERITIES as readonly string[]).includes(v);

export type FactsResult = { ok: true; facts: CaseFacts } | { ok: false; invalid: string[] };

/** The facts to send with `case.recommend`, `case.check` and `case.decide`, or the fields that are not numbers in range. */
export function factsFromDraft(d: FactsDraft): FactsResult {
  const out: Record<string, unknown> = { kind: d.kind };
  const invalid: string[] = [];
  for (const f of FACT_FIELDS[d.kind]) {
    const typed = (d.text[f.key] ?? '').trim();
    switch (f.type) {
      case 'flag':
        out[f.key] = d.flags[f.key] ?? f.initial;
        break;
      case 'tri': {
        const v = d.tri[f.key] ?? 'case';
        if (v !== 'case') out[f.key] = v === 'yes';
        break;
      }
      case 'severity':
        if (d.severity !== '') out.severity = d.severity;
        break;
      case 'int':
        if (typed === '') break;
        if (/^\d{1,7}$/.test(typed) && Number(typed) >= f.min && Number(typed) <= f.max) out[f.key] = Number(typed);
        else invalid.push(f.key);
        break;
      case 'yuan':
      case 'percent': {
        if (typed === '') break;
        // Percent with two decimals is basis points exactly, the same digit arithmetic as yuan → fen.
        const p = parseYuanToFen(typed.replace(/%$/, ''));
        if (p.ok && p.fen >= 1 && (f.type === 'yuan' || p.fen <= 10_000)) out[f.key] = p.fen;
        else invalid.push(f.key);
        break;
      }
    }
  }
  if (invalid.length > 0) return { ok: false, invalid };
  const parsed = CaseFacts.safeParse(out);
  return parsed.success ? { ok: true, facts: parsed.data } : { ok: false, invalid: parsed.error.issues.map((i) => String(i.path[0] ?? 'kind')) };
}
