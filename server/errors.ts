import type { z } from 'zod';

/** An answer other than 2xx, with the `{error, message}` body of `ServiceError`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'invalid', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);

/** `decisions[0].body.outcome.amountFen` */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** A message that names the bad field(s), e.g. `decisions[0].reason: a decision needs a written reason`. */
export function describeZodError(err: z.ZodError, what: string): string {
  const parts = err.issues.slice(0, 3).map((i) => `${fieldPath(i.path) || what}: ${i.message}`);
  const more = err.issues.length > 3 ? ` (and ${err.issues.length - 3} more problems)` : '';
  return `${parts.join('; ')}${more}`;
}

/** Validates with a contract schema; a failure is a 400 naming the field, and nothing has happened yet. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(describeZodError(r.error, what));
  return r.data;
}
