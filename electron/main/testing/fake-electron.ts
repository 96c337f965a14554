/**
 * Fakes of the Electron objects the shell uses (see electron-api.ts), recording what the
 * shell did to them. Tests only: requiring the real `electron` here would try to download
 * its binary.
 */
import type { BrowserWindowConstructorOptions, CustomScheme, MenuItemConstructorOptions } from 'electron';
import type { ConsoleCore } from '../../core/console';
import type { EvidenceFile } from '../../core/evidence';
import { answerEvidence } from '../../core/evidence-serve';
import { consoleApi, isChannel, type EventName } from '../../../shared/api/contract';
import { fail, ok, type Result } from '../../../shared/api/result';
import type { AppLike, FrameLike, IpcInvokeEventLike, IpcMainLike, Preventable, ProtocolLike, SessionLike, ShellElectron, WebContentsLike, WindowLike } from '../electron-api';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
}

export function preventable<T extends object>(fields: T): T & Preventable & { prevented: boolean } {
  const e = { ...fields, prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
}

let nextId = 1;
export class FakeWebContents extends Emitter implements WebContentsLike {
  readonly id = nextId++;
  readonly mainFrame: { url: string; parent: null };
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  destroyed = false;
  constructor(url = 'app://docket/index.html') {
    super();
    this.mainFrame = { url, parent: null };
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.windowOpenHandler = handler;
  }
  /** An IPC event as main would see it from this contents' main frame (or the given frame). */
  ipcEvent(frame: FrameLike | null = this.mainFrame): IpcInvokeEventLike {
    return { sender: this, senderFrame: frame };
  }
}

export class FakeWindow extends Emitter implements WindowLike {
  static created: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string[] = [];
  shown = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
    this.webContents.mainFrame.url = url;
  }
  show() {
    this.shown = true;
  }
  focus() {}
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return false;
  }
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`); // as Electron does
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, ...args)` would resolve to. */
  async invoke(channel: string, event: IpcInvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, ...args);
  }
}

export class FakeSession implements SessionLike {
  permissionRequest: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
  permissionCheck: Parameters<SessionLike['setPermissionCheckHandler']>[0] | null = null;
  devicePermission: Parameters<SessionLike['setDevicePermissionHandler']>[0] | null = null;
  beforeRequest: Parameters<SessionLike['webRequest']['onBeforeRequest']>[0] | null = null;
  setPermissionRequestHandler(h: NonNullable<FakeSession['permissionRequest']>) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: NonNullable<FakeSession['permissionCheck']>) {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: NonNullable<FakeSession['devicePermission']>) {
    this.devicePermission = h;
  }
  readonly webRequest = {
    onBeforeRequest: (h: NonNullable<FakeSession['beforeRequest']>) => {
      this.beforeRequest = h;
    },
  };
}

export class FakeProtocol implements ProtocolLike {
  privileged: CustomScheme[] = [];
  handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: CustomScheme[]) {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    this.handlers.set(scheme, handler);
  }
}

export class FakeApp extends Emitter implements AppLike {
  isPackaged = true;
  gotLock = true;
  quitCalls = 0;
  exitCode: number | null = null;
  constructor(readonly userData: string) {
    super();
  }
  requestSingleInstanceLock() {
    return this.gotLock;
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    this.quitCalls++;
    const e = preventable({});
    this.emit('before-quit', e);
  }
  exit(code = 0) {
    this.exitCode = code;
  }
  getPath() {
    return this.userData;
  }
}

export interface FakeElectron extends ShellElectron {
  app: FakeApp;
  ipcMain: FakeIpcMain;
  protocol: FakeProtocol;
  session: { defaultSession: FakeSession };
  menus: MenuItemConstructorOptions[][];
  errors: { title: string; content: string }[];
}

export function fakeElectron(userData = '/nonexistent/userData'): FakeElectron {
  FakeWindow.created = [];
  const menus: MenuItemConstructorOptions[][] = [];
  const errors: { title: string; content: string }[] = [];
  return {
    app: new FakeApp(userData),
    BrowserWindow: FakeWindow,
    ipcMain: new FakeIpcMain(),
    protocol: new FakeProtocol(),
    session: { defaultSession: new FakeSession() },
    Menu: { buildFromTemplate: (t) => (menus.push(t), t), setApplicationMenu: () => undefined },
    dialog: { showErrorBox: (title, content) => errors.push({ title, content }) },
    menus,
    errors,
  };
}

/**
 * A console core that validates input against the contract as the real one does, records
 * calls and lets tests emit events.
 */
export function fakeCore() {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let closed = 0;
  /** Files the fake serves as evidence, by path (`/<sha256>`); answered by the real range code. */
  const evidence = new Map<string, EvidenceFile>();
  const core: ConsoleCore = {
    async invoke(channel: string, input: unknown): Promise<Result<unknown>> {
      if (!isChannel(channel)) return fail('unknown_channel', channel);
      const parsed = consoleApi[channel].input.safeParse(input);
      if (!parsed.success) return fail('invalid_input', parsed.error.message);
      calls.push({ channel, input: parsed.data });
      return ok({ channel });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    async evidenceFile(path, range) {
      return answerEvidence(evidence.get(path) ?? null, range, path);
    },
    async close() {
      closed++;
    },
  };
  return {
    core,
    calls,
    evidence,
    emit: (event: EventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)),
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    closedCount: () => closed,
  };
}
