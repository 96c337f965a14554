/**
 * The packaging configuration, checked with electron-builder's own code: its schema
 * validation, and a real `--linux dir` layout against a stub Electron (no downloads).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutPackage, packageOf, type PackageLayout } from './package-layout';
import { ROOT } from './paths';

// electron-builder's internals, loaded the way its CLI does (they are CommonJS and untyped here).
interface BuilderConfig {
  files?: unknown;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  linux?: { target?: unknown };
  win?: { target?: unknown };
  mac?: { target?: unknown };
  [key: string]: unknown;
}
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled?: boolean) => unknown };

const EXPECTED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  // The renderer is served from app://docket/, never file://.
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');
    const targets = (t: unknown) => JSON.stringify(t);
    expect(targets(config.linux?.target)).toContain('AppImage');
    expect(targets(config.linux?.target)).toContain('deb');
    expect(targets(config.win?.target)).toContain('nsis');
    expect(targets(config.mac?.target)).toContain('dmg');
  });

  it('sets the Electron fuses that close the doors a packaged app does not need', async () => {
    const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
    expect(config.electronFuses).toEqual(EXPECTED_FUSES);
    await expect(validateConfiguration({ ...config, electronFuses: { ...EXPECTED_FUSES, runAsNodee: false } } as BuilderConfig, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('would be refused by that validation if it were wrong (the check is real)', async () => {
    const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
    await expect(validateConfiguration({ ...config, linux: { target: 'AppImage', notAnOption: true } } as BuilderConfig, new DebugLogger(false))).rejects.toThrow(/does not match the API schema[\s\S]*configuration\.linux/);
  });
});

describe('package layout (electron-builder --linux dir, stub Electron)', () => {
  let layout: PackageLayout;
  const renderer = mkdtempSync(join(tmpdir(), 'docket-pkg-renderer-'));

  beforeAll(async () => {
    // A representative renderer build: the check is about what packaging takes from it.
    mkdirSync(join(renderer, 'assets'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><script type="module" src="./assets/index.js"></script>');
    writeFileSync(join(renderer, 'assets', 'index.js'), 'console.log("docket")');
    writeFileSync(join(renderer, 'assets', 'index.js.map'), '{}');
    writeFileSync(join(renderer, 'assets', 'index.css'), 'body{}');
    writeFileSync(join(renderer, 'assets', 'stray.test.js'), 'test()');
    layout = await layoutPackage({ rendererDir: renderer });
  }, 180_000);
  afterAll(() => {
    layout?.close();
    rmSync(renderer, { recursive: true, force: true });
  });

  it('holds the main and preload bundles, the renderer and package.json pointing at main', () => {
    for (const p of ['/package.json', '/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/renderer/index.html', '/dist/renderer/assets/index.js', '/dist/renderer/assets/index.css']) {
      expect(layout.asar, p).toContain(p);
    }
    expect(layout.main).toBe('dist/electron/main.cjs');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).main).toBe(layout.main);
  });

  it('ships the rulebook data the core loads, and none of its code or tests', () => {
    expect(layout.asar.filter((p) => p.startsWith('/resources/rulebook/'))).toEqual(['/resources/rulebook/rulebook-2026.11.json']);
  });

  it('flips the fuses in the packaged executable (a stub carrying Electron 45\'s default fuse wire)', () => {
    expect(layout.fuses).toEqual({
      RunAsNode: 'disabled',
      EnableCookieEncryption: 'enabled',
      EnableNodeOptionsEnvironmentVariable: 'disabled',
      EnableNodeCliInspectArguments: 'disabled',
      EnableEmbeddedAsarIntegrityValidation: 'enabled',
      OnlyLoadAppFromAsar: 'enabled',
      GrantFileProtocolExtraPrivileges: 'disabled',
      // Not configured: left as Electron ships it.
      LoadBrowserProcessSpecificV8Snapshot: 'disabled',
    });
  });

  it('unpacks the worker scripts, which worker threads load from the file system', () => {
    expect(layout.unpacked).toContain('/dist/electron/feed-worker.cjs');
    expect(layout.unpacked).toContain('/dist/electron/derived-worker.cjs');
  });

  it("unpacks better-sqlite3's prebuilt N-API binary for this platform, and no other", () => {
    expect(layout.unpacked).toContain('/node_modules/better-sqlite3/prebuilds/linux-x64.node');
    expect(layout.unpacked.filter((p) => /(darwin|win32)-.*\.node$/.test(p))).toEqual([]);
    // Nothing native is left inside the archive, where the OS could not load it.
    const nodeFiles = layout.asar.filter((p) => p.endsWith('.node'));
    expect(nodeFiles.every((p) => layout.unpacked.includes(p))).toBe(true);
    // Not rebuilt: the unpacked binary is the very file the tests load under Node.
    const shipped = readFileSync(join(layout.outDir, 'linux-unpacked', 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node'));
    expect(shipped.equals(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node')))).toBe(true);
  });

  it('ships every package the main bundle requires, and nothing the bundles already contain', () => {
    const runtime = layout.mainRequires.map(packageOf).filter((p) => p !== 'electron');
    for (const pkg of runtime) expect(layout.asar, `main requires ${pkg}`).toContain(`/node_modules/${pkg}/package.json`);
    const shipped = [...new Set(layout.asar.filter((p) => p.startsWith('/node_modules/')).map((p) => packageOf(p.slice('/node_modules/'.length))))];
    expect(shipped.sort()).toEqual([...new Set(runtime)].sort());
  });

  it('carries no sources, tests, source maps or build configuration', () => {
    // The rulebook data is the one thing from resources/ that ships (checked above).
    const isRulebookData = (p: string) => p === '/resources' || p === '/resources/rulebook' || /^\/resources\/rulebook\/rulebook-[^/]+\.json$/.test(p);
    const leaks = layout.asar.filter((p) => !isRulebookData(p) && /\.(test|spec)\.|\.tsx?$|\.map$|^\/(electron|shared|server|renderer|scripts|e2e|resources|bench|integration)(\/|$)|electron-builder|package-lock|tsconfig/.test(p));
    expect(leaks).toEqual([]);
  });
});
