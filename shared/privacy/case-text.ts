/**
 * Masks personal data in every free-text field of a case as the platform sends it. Every
 * string is free text except identifiers (`id`, `…Id`) and content hashes: those are the
 * platform's own keys, and a 19-digit order id may pass a card check by chance.
 */
import type { CaseInput } from '../domain';
import { maskPersonalData, type PersonalDataKind } from './mask';

/** A field whose text was masked: its path in the case (`detail.chat[3].text`) and its original text. */
export interface MaskedField {
  field: string;
  original: string;
  kinds: PersonalDataKind[];
}

const isKey = (key: string) => key === 'id' || key === 'sha256' || key === 'phoneMasked' || /Id$/.test(key);

function maskValue(value: unknown, path: string, key: string, out: MaskedField[]): unknown {
  if (typeof value === 'string') {
    if (isKey(key)) return value;
    const masked = maskPersonalData(value);
    if (masked.findings.length === 0) return value;
    out.push({ field: path, original: value, kinds: [...new Set(masked.findings.map((f) => f.kind))] });
    return masked.text;
  }
  if (Array.isArray(value)) return value.map((v, i) => maskValue(v, `${path}[${i}]`, key, out));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = maskValue(v, path === '' ? k : `${path}.${k}`, k, out);
    return copy;
  }
  return value;
}

export interface MaskedCase<T> {
  input: T;
  /** Empty when the case held no personal data (then `input` is an equal copy). */
  fields: MaskedField[];
}

export function maskCaseText<T extends CaseInput>(input: T): MaskedCase<T> {
  const fields: MaskedField[] = [];
  const masked = maskValue(input, '', '', fields) as T;
  return { input: masked, fields };
}
