import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../../shared/api/contract';
import { IPC_EVENT_CHANNEL } from '../../shared/api/contract';
import { createBridge, exposeDocket, type DocketBridge, type IpcRendererLike } from './bridge';

type Handler = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const handlers = new Map<string, Set<Handler>>();
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push({ channel, args });
      return { ok: true, value: 'from main' };
    },
    on(channel, listener) {
      handlers.set(channel, (handlers.get(channel) ?? new Set()).add(listener));
    },
    removeListener(channel, listener) {
      handlers.get(channel)?.delete(listener);
    },
  };
  /** What main's `webContents.send(channel, message)` delivers; the first argument is Electron's event object. */
  const deliver = (channel: string, message: unknown) => handlers.get(channel)?.forEach((h) => h({ sender: 'ipcRenderer itself' }, message));
  const count = (channel: string) => handlers.get(channel)?.size ?? 0;
  return { ipc, invoked, deliver, count };
}

let fake: ReturnType<typeof fakeIpcRenderer>;
let bridge: DocketBridge;
beforeEach(() => {
  fake = fakeIpcRenderer();
  bridge = createBridge(fake.ipc, CHANNELS, EVENT_NAMES);
});

describe('exposeDocket', () => {
  it('exposes one frozen object with invoke and on, and nothing else', () => {
    const exposeInMainWorld = vi.fn();
    exposeDocket({ exposeInMainWorld }, fake.ipc, CHANNELS, EVENT_NAMES);
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, DocketBridge];
    expect(key).toBe('docket');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(() => Object.assign(api, { invoke: () => 'hijacked' })).toThrow();
  });
});

describe('invoke', () => {
  it('passes an allowed channel and its input to main', async () => {
    expect(await bridge.invoke('queue.page', { kind: 'violation', offset: 0, limit: 50 })).toEqual({ ok: true, value: 'from main' });
    expect(fake.invoked).toEqual([{ channel: 'queue.page', args: [{ kind: 'violation', offset: 0, limit: 50 }] }]);
  });

  it('refuses any channel outside the contract without reaching main', async () => {
    for (const channel of ['fs.readFile', 'docket:event', '__proto__', 'constructor', 'toString', '', 42, null]) {
      expect(await bridge.invoke(channel as string, {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(fake.invoked).toEqual([]);
  });
});

describe('on', () => {
  it('delivers only the payload of the named event, never the IPC event object', () => {
    const got: unknown[] = [];
    bridge.on('sync.status', (p) => got.push(p));
    fake.deliver(IPC_EVENT_CHANNEL, { event: 'sync.status', payload: { pending: 3 } });
    fake.deliver(IPC_EVENT_CHANNEL, { event: 'data.changed', payload: { kinds: ['violation'] } });
    fake.deliver(IPC_EVENT_CHANNEL, { event: 'not.an.event', payload: 1 });
    fake.deliver(IPC_EVENT_CHANNEL, 'garbage');
    expect(got).toEqual([{ pending: 3 }]);
  });

  it('refuses events outside the contract and non-function listeners', () => {
    expect(() => bridge.on('fs.changed', () => undefined)).toThrow(/no such event/);
    expect(() => bridge.on('__proto__', () => undefined)).toThrow(/no such event/);
    expect(() => bridge.on('sync.status', 'alert(1)' as unknown as () => void)).toThrow(TypeError);
    expect(fake.count(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it('unsubscribes, and drops its IPC listener when nobody listens', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = bridge.on('conflicts.changed', (p) => a.push(p));
    const offB = bridge.on('conflicts.changed', (p) => b.push(p));
    expect(fake.count(IPC_EVENT_CHANNEL)).toBe(1);
    offA();
    fake.deliver(IPC_EVENT_CHANNEL, { event: 'conflicts.changed', payload: { count: 1 } });
    expect(a).toEqual([]);
    expect(b).toEqual([{ count: 1 }]);
    offB();
    expect(fake.count(IPC_EVENT_CHANNEL)).toBe(0);
    // A stale unsubscribe must not remove a later subscriber.
    const c: unknown[] = [];
    bridge.on('conflicts.changed', (p) => c.push(p));
    offA();
    fake.deliver(IPC_EVENT_CHANNEL, { event: 'conflicts.changed', payload: { count: 2 } });
    expect(c).toEqual([{ count: 2 }]);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const got: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    bridge.on('sync.status', () => {
      throw new Error('renderer bug');
    });
    bridge.on('sync.status', (p) => got.push(p));
    fake.deliver(IPC_EVENT_CHANNEL, { event: 'sync.status', payload: 'x' });
    expect(got).toEqual(['x']);
    spy.mockRestore();
  });
});
