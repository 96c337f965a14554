/**
 * Canonical JSON (RFC 8785, JCS): object members sorted by their names' UTF-16 code units, no
 * whitespace, strings and numbers as ECMAScript's JSON.stringify writes them, UTF-8. The same
 * value always gives the same bytes, on the service, in the console and in the verifier.
 * Values JSON cannot carry faithfully (undefined in an array, NaN, Infinity, functions, BigInt)
 * are refused rather than silently changed; an object member whose value is undefined is absent.
 */

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

function write(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(`${path || 'the value'} is ${String(value)}, which JSON cannot carry`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => {
      if (v === undefined) throw new CanonicalJsonError(`${path}[${i}] is undefined, which JSON cannot carry`);
      return write(v, `${path}[${i}]`);
    }).join(',')}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], path ? `${path}.${k}` : k)}`).join(',')}}`;
  }
  throw new CanonicalJsonError(`${path || 'the value'} is a ${typeof value}, which JSON cannot carry`);
}

export function canonicalJson(value: unknown): string {
  return write(value, '');
}

const encoder = new TextEncoder();

export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}
