/**
 * Lays out the Linux package without downloading anything and reports what went into it:
 *   electron-builder --linux dir -c.npmRebuild=false -c.electronDist=<stub>
 * The stub stands in for the Electron distribution (which cannot be downloaded everywhere),
 * so this checks `files`, asar and asarUnpack, not Electron itself. The stub carries a fuse
 * wire as Electron's executable does (sentinel, version, length, one byte per fuse, in the
 * states Electron 45 ships), so the fuses electron-builder flips can be read back from it.
 *   npm run package:check   (uses dist/ from `npm run build`)
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildElectron } from './build';
import { RENDERER_DIST, ROOT } from './paths';

export interface PackageLayout {
  /** Paths inside app.asar, e.g. `/dist/electron/main.cjs` (unpacked entries included). */
  asar: string[];
  /** Paths under app.asar.unpacked, same form. */
  unpacked: string[];
  /** Every package the main bundle requires at run time (not Node built-ins). */
  mainRequires: string[];
  /** Each fuse of the packaged executable, by its @electron/fuses name. */
  fuses: Record<string, 'enabled' | 'disabled' | 'removed'>;
  /** The packaged package.json's `main`. */
  main: string;
  outDir: string;
  close(): void;
}

export interface LayoutOptions {
  /** The built renderer to package; default dist/renderer. */
  rendererDir?: string;
  log?: (line: string) => void;
}

const require = createRequire(import.meta.url);
const asarLib = require('@electron/asar') as { listPackage(archive: string, opts: { isPack: boolean }): string[] };
// electron-builder's own fuse library (a dependency of app-builder-lib), read the way it writes.
const fusesLib = require('@electron/fuses') as {
  getCurrentFuseWire(binary: string): Promise<Record<string, number | string>>;
  FuseV1Options: Record<number, string>;
};

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's fuse wire as it ships (v1, eight fuses): RunAsNode on, cookie encryption off,
 * NODE_OPTIONS on, inspect arguments on, asar integrity off, only-from-asar off, browser V8
 * snapshot off, file:// privileges on. '1' is on, '0' off.
 */
const SHIPPED_FUSE_WIRE = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]);

async function readFuses(binary: string): Promise<PackageLayout['fuses']> {
  const wire = await fusesLib.getCurrentFuseWire(binary);
  const fuses: PackageLayout['fuses'] = {};
  for (const [index, state] of Object.entries(wire)) {
    if (index === 'version') continue;
    fuses[fusesLib.FuseV1Options[Number(index)] ?? `fuse ${index}`] = state === 0x31 ? 'enabled' : state === 0x30 ? 'disabled' : 'removed';
  }
  return fuses;
}

function walk(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [`/${relative(base, p).split('\\').join('/')}`];
  });
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

export async function layoutPackage(opts: LayoutOptions = {}): Promise<PackageLayout> {
  const log = opts.log ?? (() => undefined);
  const work = mkdtempSync(join(tmpdir(), 'docket-package-'));
  const close = () => rmSync(work, { recursive: true, force: true });
  try {
    const project = join(work, 'project');
    mkdirSync(project);
    // A staging copy of the project: exactly what packaging reads, with the real
    // node_modules linked in, and no source or test files that could leak in.
    for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(join(ROOT, f), join(project, f));
    cpSync(join(ROOT, 'resources', 'packaging'), join(project, 'resources', 'packaging'), { recursive: true });
    // The whole rulebook folder (code and tests too), so the check sees that only its data ships.
    cpSync(join(ROOT, 'resources', 'rulebook'), join(project, 'resources', 'rulebook'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    log('bundling main and preload…');
    await buildElectron({ outDir: join(project, 'dist', 'electron') });
    const rendererDir = opts.rendererDir ?? RENDERER_DIST;
    if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`${rendererDir}/index.html is missing: run \`npm run build\` first`);
    cpSync(rendererDir, join(project, 'dist', 'renderer'), { recursive: true });

    // The stand-in Electron distribution: an executable named `electron`.
    const stub = join(work, 'electron-stub');
    mkdirSync(stub);
    writeFileSync(join(stub, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stub Electron: packaging layout check only" >&2\nexit 1\n# '), SHIPPED_FUSE_WIRE, Buffer.from('\n')]));
    chmodSync(join(stub, 'electron'), 0o755);

    const outDir = join(work, 'out');
    const cli = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
    log('electron-builder --linux dir (stub Electron, no rebuild)…');
    await run(process.execPath, [cli, '--linux', 'dir', '--x64', '--projectDir', project, '-c.npmRebuild=false', `-c.electronDist=${stub}`, `-c.directories.output=${outDir}`], project, {
      ...process.env,
      // Anything that tries to download fails at once instead of succeeding quietly.
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      ELECTRON_BUILDER_CACHE: join(work, 'cache'),
      ELECTRON_CACHE: join(work, 'cache'),
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    });

    const resources = join(outDir, 'linux-unpacked', 'resources');
    const asar = asarLib.listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.split('\\').join('/'));
    const unpacked = walk(join(resources, 'app.asar.unpacked'));
    const mainCode = readFileSync(join(project, 'dist', 'electron', 'main.cjs'), 'utf8');
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const mainRequires = [...new Set([...mainCode.matchAll(/\brequire\(["']([^"'./][^"']*)["']\)/g)].map((m) => m[1] ?? ''))].filter((m) => m && !builtins.has(m)).sort();
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { main?: string };
    const fuses = await readFuses(join(outDir, 'linux-unpacked', 'docket'));
    return { asar, unpacked, mainRequires, fuses, main: pkg.main ?? '', outDir, close };
  } catch (e) {
    close();
    throw e;
  }
}

/** The package name a bare specifier loads: `@scope/name/sub` → `@scope/name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

async function main(): Promise<void> {
  const layout = await layoutPackage({ log: (l) => console.log(l) });
  try {
    console.log(`\napp.asar (${layout.asar.length} entries):`);
    for (const p of layout.asar.filter((p) => !p.includes('/node_modules/better-sqlite3/lib/'))) console.log(`  ${p}`);
    console.log(`\napp.asar.unpacked:\n${layout.unpacked.map((p) => `  ${p}`).join('\n')}`);
    console.log(`\nmain bundle requires at run time: ${layout.mainRequires.join(', ')}`);
    console.log(`\nfuses of the packaged executable:\n${Object.entries(layout.fuses).map(([f, s]) => `  ${f}: ${s}`).join('\n')}`);
  } finally {
    layout.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
