import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLaunchArgs } from './cli-args';
import { findElectronBinary } from './electron-binary';
import { defaultDataDir, ROOT } from './paths';

describe('parseLaunchArgs', () => {
  it('defaults to the demo, signed in as a supervisor', () => {
    expect(parseLaunchArgs([])).toMatchObject({ as: 'supervisor', count: 3000, fresh: false, server: null, token: null, port: 0 });
  });

  it('reads the demo options', () => {
    expect(parseLaunchArgs(['--as', 'arbiter', '--count', '500', '--fresh', '--port', '4310'])).toMatchObject({ as: 'arbiter', count: 500, fresh: true, port: 4310 });
  });

  it('takes a real service with its token, and refuses half of it', () => {
    expect(parseLaunchArgs(['--server', 'https://cases.example.com', '--token', 't'])).toMatchObject({ server: 'https://cases.example.com', token: 't' });
    expect(() => parseLaunchArgs(['--server', 'https://cases.example.com'])).toThrow(/--token/);
    expect(() => parseLaunchArgs(['--token', 't'])).toThrow(/--server/);
    expect(() => parseLaunchArgs(['--server', 'ftp://x', '--token', 't'])).toThrow(/http/);
  });

  it('refuses nonsense', () => {
    expect(() => parseLaunchArgs(['--count', '-3'])).toThrow(/--count/);
    expect(() => parseLaunchArgs(['--count', 'many'])).toThrow(/--count/);
    expect(() => parseLaunchArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseLaunchArgs(['--unknown'])).toThrow();
  });
});

describe('defaultDataDir', () => {
  it('follows each platform and DOCKET_DATA_DIR', () => {
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe('/home/a/.local/share/docket');
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux', '/home/a')).toBe('/xdg/docket');
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/Docket');
    expect(defaultDataDir({ DOCKET_DATA_DIR: '/d' }, 'linux', '/home/a')).toBe('/d');
  });
});

describe('findElectronBinary', () => {
  const root = mkdtempSync(join(tmpdir(), 'docket-electron-bin-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const pkg = join(root, 'node_modules', 'electron');

  it('says why when the package, path.txt or the binary is missing', () => {
    expect(findElectronBinary(root, {})).toMatchObject({ ok: false, reason: expect.stringContaining('not installed') });
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{}');
    expect(findElectronBinary(root, {})).toMatchObject({ ok: false, reason: expect.stringContaining('path.txt') });
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(findElectronBinary(root, {})).toMatchObject({ ok: false, reason: expect.stringContaining('does not exist') });
  });

  it('finds an executable binary in dist/ or under ELECTRON_OVERRIDE_DIST_PATH', () => {
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(join(pkg, 'dist', 'electron'), '#!/bin/sh\n');
    expect(findElectronBinary(root, {})).toMatchObject({ ok: false, reason: expect.stringContaining('not executable') });
    chmodSync(join(pkg, 'dist', 'electron'), 0o755);
    expect(findElectronBinary(root, {})).toEqual({ ok: true, path: join(pkg, 'dist', 'electron') });
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'nowhere') })).toMatchObject({ ok: false });
  });

  it('reports this machine truthfully', () => {
    // Here the binary cannot be downloaded; elsewhere it may exist. Either way no throw.
    const found = findElectronBinary(ROOT);
    expect(typeof found.ok).toBe('boolean');
  });
});
