import { z } from 'zod';

/** Largest amount the platform handles in one entry: ¥100,000,000.00, in fen. */
export const MAX_FEN = 10_000_000_000;

/** Money is always integer fen (1/100 yuan), never floating point. */
export const Fen = z.number().int('amounts are integer fen').min(0, 'amounts cannot be negative').max(MAX_FEN, 'amount is implausibly large');
export type Fen = z.infer<typeof Fen>;

/** One time convention everywhere: UTC milliseconds since the epoch. */
export const UtcMillis = z.number().int().min(0).max(8_640_000_000_000);
export type UtcMillis = z.infer<typeof UtcMillis>;

/** Identifiers the platform assigns: short, printable, no separators that need escaping. */
export const EntityId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'ids are letters, digits and _ . : -');
export type EntityId = z.infer<typeof EntityId>;

/** Free text from people (statements, reasons, titles), bounded so a hostile page cannot bloat the database. */
export const text = (max: number) => z.string().max(max, `text longer than ${max} characters`);

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');
export type Sha256Hex = z.infer<typeof Sha256Hex>;
