/**
 * The whole preload: one frozen object with `invoke(channel, input)` and
 * `on(event, cb) → unsubscribe`, refusing any name outside the contract's allowlists.
 * The page never sees `ipcRenderer` or an IPC event object (whose `sender` would be it).
 */
import { IPC_EVENT_CHANNEL } from '../../shared/api/contract';
import type { Result } from '../../shared/api/result';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export interface DocketBridge {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

// Built by hand: importing `fail` from shared/api/result would pull zod into the preload.
const refused = (message: string): Result<never> => ({ ok: false, error: { code: 'unknown_channel', message } });

export function createBridge(ipc: IpcRendererLike, channels: readonly string[], events: readonly string[]): DocketBridge {
  const allowedChannels = new Set(channels);
  const allowedEvents = new Set(events);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let subscribed = false;

  // One IPC listener for all events, added on first use, dispatching by name.
  const onIpcEvent = (_event: unknown, message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string' || !allowedEvents.has(event)) return;
    for (const cb of [...(listeners.get(event) ?? [])]) {
      try {
        cb(payload);
      } catch (e) {
        // One failing listener must not starve the others.
        console.error(e);
      }
    }
  };

  return Object.freeze({
    invoke(channel: string, input?: unknown): Promise<unknown> {
      if (typeof channel !== 'string' || !allowedChannels.has(channel)) {
        return Promise.resolve(refused(`no such channel: ${String(channel).slice(0, 80)}`));
      }
      return ipc.invoke(channel, input);
    },
    on(event: string, cb: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !allowedEvents.has(event)) throw new Error(`no such event: ${String(event).slice(0, 80)}`);
      if (typeof cb !== 'function') throw new TypeError('listener must be a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb);
      if (!subscribed) {
        ipc.on(IPC_EVENT_CHANNEL, onIpcEvent);
        subscribed = true;
      }
      return () => {
        set.delete(cb);
        if (set.size === 0 && listeners.get(event) === set) listeners.delete(event);
        if (listeners.size === 0 && subscribed) {
          ipc.removeListener(IPC_EVENT_CHANNEL, onIpcEvent);
          subscribed = false;
        }
      };
    },
  });
}

/** Puts the bridge on `window.docket`: the only thing the preload exposes. */
export function exposeDocket(contextBridge: ContextBridgeLike, ipc: IpcRendererLike, channels: readonly string[], events: readonly string[]): void {
  contextBridge.exposeInMainWorld('docket', createBridge(ipc, channels, events));
}
