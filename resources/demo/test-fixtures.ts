/** Shared by the demo generator's tests: a fixed clock and a small evidence pool. */
import { generateEvidencePool } from './evidence';
import type { EvidencePool } from './evidence';

/** 2025-11-20 08:00 UTC: tests never depend on the wall clock. */
export const TEST_NOW = Date.UTC(2025, 10, 20, 8, 0, 0);

let pool: Promise<EvidencePool> | null = null;

/** Two images per theme: enough for every theme and for the typical complaints' second photos. */
export function smallPool(): Promise<EvidencePool> {
  pool ??= generateEvidencePool({ seed: 11, size: 48 });
  return pool;
}
