/**
 * `npm run build`: the renderer through Vite (renderer/vite.config.ts) into dist/renderer,
 * and esbuild bundles of the Electron main process and preload into dist/electron.
 *   tsx scripts/build.ts [--electron-only | --renderer-only]
 */
import { build as esbuild, type Plugin } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNELS, EVENT_NAMES, IPC_EVENT_CHANNEL } from '../shared/api/contract';
import { ELECTRON_DIST, MAIN_BUNDLE, PRELOAD_BUNDLE, RENDERER_DIST, ROOT } from './paths';

/** Native or heavy packages the main bundle loads from node_modules at run time. */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'pg', '@electric-sql/pglite', 'sharp'];

/**
 * The preload needs only the channel and event names and the IPC channel events travel on.
 * This swaps the contract module for those, computed from the contract at build time, so no
 * zod (or anything else) ends up in the sandboxed preload.
 */
export function allowlistPlugin(): Plugin {
  return {
    name: 'docket-preload-allowlist',
    setup(b) {
      b.onResolve({ filter: /\/shared\/api\/contract(\.ts)?$/ }, () => ({ path: 'contract-allowlist', namespace: 'docket-allowlist' }));
      b.onLoad({ filter: /.*/, namespace: 'docket-allowlist' }, () => ({
        contents: `export const CHANNELS = ${JSON.stringify(CHANNELS)};\nexport const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};\nexport const IPC_EVENT_CHANNEL = ${JSON.stringify(IPC_EVENT_CHANNEL)};\n`,
        loader: 'js',
      }));
    },
  };
}

export interface ElectronBuildOptions {
  outDir?: string;
  minify?: boolean;
}

/**
 * The main process: CJS for Node, native and heavy packages left to node_modules. The core's
 * worker threads are bundled the same way beside `main.cjs`, where the core looks for them
 * (worker-script.ts): `feed-worker.cjs` validates bootstrap pages off the main thread,
 * `derived-worker.cjs` counts the queues while the indexes are rebuilt after a bootstrap.
 */
export async function buildMain(outfile: string, minify = false, entry = 'electron/main/index.ts'): Promise<void> {
  await esbuild({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: MAIN_EXTERNALS,
    sourcemap: true,
    minify,
    // ESM sources may use import.meta; in a CJS bundle it would be empty.
    define: { 'import.meta.url': '__docketImportMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
    banner: { js: 'const __docketImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'warning',
  });
}

/**
 * The preload: one CJS file for a sandboxed renderer, whose `require` knows little more
 * than `electron`; so browser platform and `electron` the only external.
 */
export async function buildPreload(outfile: string, minify = false): Promise<void> {
  await esbuild({
    entryPoints: [join(ROOT, 'electron/preload/index.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    plugins: [allowlistPlugin()],
    sourcemap: false,
    minify,
    logLevel: 'warning',
  });
}

/** Bundles main and preload into `outDir` (dist/electron by default). */
export async function buildElectron(opts: ElectronBuildOptions = {}): Promise<{ main: string; preload: string; feedWorker: string; derivedWorker: string }> {
  const outDir = opts.outDir ?? ELECTRON_DIST;
  const main = join(outDir, 'main.cjs');
  const preload = join(outDir, 'preload.cjs');
  const feedWorker = join(outDir, 'feed-worker.cjs');
  const derivedWorker = join(outDir, 'derived-worker.cjs');
  await buildMain(main, opts.minify);
  await buildMain(feedWorker, opts.minify, 'electron/core/sync/feed-worker.ts');
  await buildMain(derivedWorker, opts.minify, 'electron/core/db/derived-worker.ts');
  await buildPreload(preload, opts.minify);
  return { main, preload, feedWorker, derivedWorker };
}

/** Vite build of the renderer with its own config (written by the renderer, not here). */
export async function buildRenderer(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const oldestOutput = (outputs: string[]) => Math.min(...outputs.map((o) => (existsSync(o) ? statSync(o).mtimeMs : 0)));

/** What is missing or older than its sources. */
export function staleParts(root = ROOT): { renderer: boolean; electron: boolean } {
  const shared = newestMtime(join(root, 'shared'));
  const rendererSrc = Math.max(shared, newestMtime(join(root, 'renderer')));
  const electronSrc = Math.max(shared, newestMtime(join(root, 'electron')));
  return {
    renderer: oldestOutput([join(root, 'dist/renderer/index.html')]) < rendererSrc,
    electron: oldestOutput(['main.cjs', 'preload.cjs', 'feed-worker.cjs', 'derived-worker.cjs'].map((f) => join(root, 'dist/electron', f))) < electronSrc,
  };
}

/** Builds what is stale; used by `npm start` and `npm run web`. */
export async function buildIfNeeded(parts: { renderer: boolean; electron: boolean }): Promise<void> {
  const stale = staleParts();
  if (parts.renderer && stale.renderer) {
    console.log('Building the renderer (vite)…');
    await buildRenderer();
  }
  if (parts.electron && stale.electron) {
    console.log('Bundling the Electron main process and preload (esbuild)…');
    await buildElectron();
  }
}

async function main(argv: string[]): Promise<void> {
  const electronOnly = argv.includes('--electron-only');
  const rendererOnly = argv.includes('--renderer-only');
  if (!electronOnly) {
    await buildRenderer();
    console.log(`renderer → ${RENDERER_DIST}`);
  }
  if (!rendererOnly) {
    await buildElectron();
    console.log(`main → ${MAIN_BUNDLE}\npreload → ${PRELOAD_BUNDLE}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
