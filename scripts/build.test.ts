import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENT_NAMES, IPC_EVENT_CHANNEL } from '../shared/api/contract';
import { buildPreload } from './build';

const out = mkdtempSync(join(tmpdir(), 'docket-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('preload bundle', () => {
  it('is one CJS file that requires only electron, with no zod inside', async () => {
    const file = join(out, 'preload.cjs');
    await buildPreload(file);
    const code = readFileSync(file, 'utf8');
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/zod|ZodError/);
    expect(code.length).toBeLessThan(20_000);
  });

  it('runs in a bare context like a sandboxed preload and exposes the contract allowlist', async () => {
    const file = join(out, 'preload-run.cjs');
    await buildPreload(file);
    const exposed: { key: string; api: { invoke(c: string, i: unknown): Promise<unknown>; on(e: string, cb: (p: unknown) => void): () => void } }[] = [];
    const invoked: string[] = [];
    const listenedOn: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: never) => exposed.push({ key, api }) },
      ipcRenderer: { invoke: async (c: string) => (invoked.push(c), null), on: (c: string) => listenedOn.push(c), removeListener: () => undefined },
    };
    const module = { exports: {} };
    // Only `electron` can be required, as in Electron's sandbox; no process, no Buffer.
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`preload required ${name}`);
      return electron;
    };
    runInNewContext(readFileSync(file, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console }, { filename: file });
    expect(exposed.map((e) => e.key)).toEqual(['docket']);
    for (const channel of CHANNELS) await exposed[0]?.api.invoke(channel, {});
    expect(invoked).toEqual(CHANNELS);
    expect(await exposed[0]?.api.invoke('not.a.channel', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(EVENT_NAMES.length).toBeGreaterThan(0);
    exposed[0]?.api.on(EVENT_NAMES[0] as string, () => undefined);
    expect(listenedOn).toEqual([IPC_EVENT_CHANNEL]);
  });
});
