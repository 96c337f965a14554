import { z } from 'zod';
import { Refusal } from '../domain/refusals';

/** Errors keep their shape across IPC and HTTP: a code the UI can switch on and words it can show. */
export const API_ERROR_CODES = ['invalid_input', 'unknown_channel', 'not_found', 'forbidden', 'offline', 'conflict', 'server_error', 'internal'] as const;
export const ApiError = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  /** A decision refused by the rulebook: the reasons as codes with parameters, beside `message`. */
  refusals: z.array(Refusal).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ApiError['code'], message: string, refusals?: Refusal[]): Result<never> => ({ ok: false, error: { code, message, ...(refusals ? { refusals } : {}) } });
