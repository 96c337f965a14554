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

describe('the case service and its token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docket-token-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tokenFile = (name: string, text: string, mode: number) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  };

  it('accepts http:// only for a service on this machine', () => {
    expect(parseLaunchArgs(['--server', 'http://127.0.0.1:8080', '--token', 't'])).toMatchObject({ server: 'http://127.0.0.1:8080' });
    expect(parseLaunchArgs(['--server', 'http://localhost:8080', '--token', 't'])).toMatchObject({ server: 'http://localhost:8080' });
    expect(parseLaunchArgs(['--server', 'http://[::1]:8080', '--token', 't'])).toMatchObject({ server: 'http://[::1]:8080' });
    expect(() => parseLaunchArgs(['--server', 'http://cases.example.com', '--token', 't'])).toThrow(/http:\/\/ is accepted only for a case service on this machine.*use https:\/\/cases\.example\.com/);
    expect(() => parseLaunchArgs(['--server', 'http://192.168.1.20:8080', '--token', 't'])).toThrow(/use https:\/\//);
  });

  it('reads the token from --token-file, else DOCKET_TOKEN, and says where it came from', () => {
    const file = tokenFile('ok', 'dkt_from_file\n', 0o600);
    expect(parseLaunchArgs(['--server', 'https://cases.example.com', '--token-file', file], {})).toMatchObject({ token: 'dkt_from_file', tokenSource: 'file' });
    expect(parseLaunchArgs(['--server', 'https://cases.example.com'], { DOCKET_TOKEN: 'dkt_env' })).toMatchObject({ token: 'dkt_env', tokenSource: 'environment' });
    expect(parseLaunchArgs(['--server', 'https://cases.example.com', '--token-file', file], { DOCKET_TOKEN: 'dkt_env' })).toMatchObject({ token: 'dkt_from_file' });
    expect(parseLaunchArgs(['--server', 'https://cases.example.com', '--token', 't'], {})).toMatchObject({ token: 't', tokenSource: 'argument' });
  });

  it('refuses a token file others can read, an empty one, both flags at once, and a token without --server', () => {
    expect(() => parseLaunchArgs(['--server', 'https://c.example.com', '--token-file', tokenFile('open', 'dkt_x', 0o644)], {})).toThrow(/other users can read or change it.*chmod 600/);
    expect(() => parseLaunchArgs(['--server', 'https://c.example.com', '--token-file', tokenFile('empty', '\n', 0o600)], {})).toThrow(/is empty/);
    expect(() => parseLaunchArgs(['--server', 'https://c.example.com', '--token-file', join(dir, 'missing')], {})).toThrow(/cannot read it \(ENOENT\)/);
    expect(() => parseLaunchArgs(['--server', 'https://c.example.com', '--token', 't', '--token-file', tokenFile('both', 'x', 0o600)], {})).toThrow(/not both/);
    expect(() => parseLaunchArgs(['--token-file', tokenFile('alone', 'x', 0o600)], {})).toThrow(/only go with --server/);
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
