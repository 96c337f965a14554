/** Small measuring helpers: percentiles, timers, and the resident memory of a process. */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of sorted samples (p95 of fewer than 20 samples is their maximum). */
function rank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export function distribution(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: round(rank(sorted, 50)),
    p95: round(rank(sorted, 95)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.length ? sum / sorted.length : Number.NaN),
  };
}

export const round = (x: number, digits = 2): number => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

export const now = (): number => performance.now();

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = now();
  const value = await fn();
  return { value, ms: now() - t0 };
}

type Pid = number | 'self';

function status(pid: Pid): string | null {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
}

function kib(pid: Pid, field: 'VmHWM' | 'VmRSS'): number | null {
  const m = status(pid)?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m?.[1] ? Number(m[1]) : null;
}

/** Peak resident memory (MiB) since start or since the last `resetPeakRss`; null off Linux. */
export function peakRssMiB(pid: Pid): number | null {
  const k = kib(pid, 'VmHWM');
  return k === null ? null : round(k / 1024, 1);
}

export function rssMiB(pid: Pid): number | null {
  const k = kib(pid, 'VmRSS');
  return k === null ? null : round(k / 1024, 1);
}

/** Resets the peak to the current RSS (Linux ≥ 4.0: "5" into clear_refs). Returns false if not possible. */
export function resetPeakRss(pid: Pid): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en');

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; null off Linux. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name); clock ticks, 100 a second on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
