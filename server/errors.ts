import type { z } from 'zod';
import { describeIssues } from '../shared/validation/issues';

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

/** Validates with a contract schema; a failure is a 400 naming the field, and nothing has happened yet. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(describeIssues(r.error, what));
  return r.data;
}
