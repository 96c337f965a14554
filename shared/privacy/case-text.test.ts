import { describe, expect, it } from 'vitest';
import type { CaseInput } from '../domain';
import { appealCase, complaintCase, refundCase, violationCase } from '../rulebook/test-fixtures';
import { maskCaseText } from './case-text';

const PHONE = '13812345678';

/** The case with a phone number appended to every string (ids and hashes too: the masker must leave those). */
function planted(value: unknown): unknown {
  if (typeof value === 'string') return `${value} ${PHONE}`;
  if (Array.isArray(value)) return value.map(planted);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, planted(v)]));
  return value;
}

function strings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

const asInput = (c: object): CaseInput => {
  const { version: _v, lastDecision: _d, ...rest } = c as Record<string, unknown>;
  return rest as unknown as CaseInput;
};

describe('maskCaseText', () => {
  const cases = [violationCase(), refundCase(), complaintCase(), appealCase({ type: 'warning' } as never)].map(asInput);

  it.each(cases.map((c) => [c.kind, c] as const))('masks a phone in every free-text field of a %s and keeps each original by its path', (_kind, c) => {
    const dirty = planted(c) as CaseInput;
    const { input, fields } = maskCaseText(dirty);
    for (const [path, text] of strings(input)) {
      const isKey = /(^|\.)(id|sha256|phoneMasked|\w+Id)$/.test(path);
      expect(text.includes(PHONE), path).toBe(isKey);
    }
    const byPath = new Map(strings(dirty));
    expect(fields.length).toBeGreaterThan(5);
    for (const f of fields) {
      expect(f.original).toBe(byPath.get(f.field));
      expect(f.kinds).toEqual(['phone']);
    }
  });

  it('returns an equal case and no fields when there is nothing to mask', () => {
    const c = cases[1] as CaseInput;
    expect(maskCaseText(c)).toEqual({ input: c, fields: [] });
  });
});
