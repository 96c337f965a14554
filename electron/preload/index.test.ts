import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../../shared/api/contract';
import type { DocketBridge } from './bridge';

// The real `electron` cannot load outside Electron: the entry is run against fakes.
const exposed = vi.hoisted(() => [] as { key: string; api: unknown }[]);
const invoked = vi.hoisted(() => [] as string[]);
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) },
  ipcRenderer: { invoke: async (channel: string) => (invoked.push(channel), { ok: true, value: null }), on: () => undefined, removeListener: () => undefined },
}));

describe('preload entry', () => {
  it('exposes window.docket with the allowlists taken from the contract', async () => {
    await import('./index');
    expect(exposed.map((e) => e.key)).toEqual(['docket']);
    const api = exposed[0]?.api as DocketBridge;
    for (const channel of CHANNELS) await api.invoke(channel, {});
    expect(invoked).toEqual(CHANNELS);
    expect(await api.invoke('not.a.channel', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    for (const event of EVENT_NAMES) expect(typeof api.on(event, () => undefined)).toBe('function');
  });
});
