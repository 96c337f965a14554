/**
 * Where the core is on disk, and the scripts of its worker threads. From sources this module
 * sits in `electron/core/`; from a bundle (the app's `main.cjs`, the integration tests'
 * `cli.mjs`) it is part of that one file, and each worker is a bundle of its own beside it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This module's file: from `import.meta` (ESM, sources) or `__filename` (a CommonJS bundle). */
export function coreFile(): string | null {
  try {
    return fileURLToPath(import.meta.url);
  } catch {
    return typeof __filename === 'string' ? __filename : null;
  }
}

/** Each worker's source, under `electron/core/`. */
const WORKER_SOURCES = {
  'feed-worker': 'sync/feed-worker.ts',
  'derived-worker': 'db/derived-worker.ts',
} as const;
export type WorkerName = keyof typeof WORKER_SOURCES;

/** A worker's script: its source (sources), or the `.cjs` / `.mjs` / `.js` bundle beside this one. Null when there is none. */
export function workerScript(name: WorkerName): string | null {
  const file = coreFile();
  if (!file) return null;
  const candidates = file.endsWith('.ts')
    ? [join(dirname(file), WORKER_SOURCES[name])]
    : ['.cjs', '.mjs', '.js'].map((ext) => join(dirname(file), `${name}${ext}`));
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Running from TypeScript sources (tests, `tsx`): the worker needs the same loader. */
export function workerExecArgv(script: string): string[] {
  return script.endsWith('.ts') ? ['--import', 'tsx'] : [];
}
