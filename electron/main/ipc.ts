/**
 * Binds the console API to Electron IPC: one `ipcMain.handle` per contract channel, each
 * checking who is calling before the core sees the input. Answers are always a `Result`
 * (never a thrown error) so the renderer gets the same shape as in web mode.
 */
import type { ConsoleCore } from '../core/console';
import { CHANNELS, EVENT_NAMES, IPC_EVENT_CHANNEL } from '../../shared/api/contract';
import { fail, type Result } from '../../shared/api/result';
import type { IpcInvokeEventLike, IpcMainLike, WebContentsLike } from './electron-api';
import { isAppUrl } from './harden';

export type ShellCore = Pick<ConsoleCore, 'invoke' | 'on'>;

/**
 * A call is trusted only from the one window's contents, from its main frame, showing the
 * app's own page. Anything else (a second contents, a subframe, a page that got navigated
 * elsewhere) is refused.
 */
export function isTrustedSender(event: IpcInvokeEventLike, window: () => WebContentsLike | null): boolean {
  const contents = window();
  if (!contents || contents.isDestroyed() || event.sender !== contents) return false;
  const frame = event.senderFrame;
  // `parent === null`: the top frame. (Compared by shape: WebFrameMain wrappers are not
  // guaranteed to be the same object as `contents.mainFrame`.)
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/** Registers every channel; returns the function that removes them again. */
export function bindConsoleIpc(ipcMain: IpcMainLike, core: ShellCore, window: () => WebContentsLike | null): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, ...args): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, window)) return fail('forbidden', 'call from an unknown window or page');
      if (args.length > 1) return fail('invalid_input', 'one input argument expected');
      try {
        return await core.invoke(channel, args[0]);
      } catch (e) {
        // The core promises never to throw; keep the Result shape if it ever does.
        return fail('internal', e instanceof Error ? e.message : String(e));
      }
    });
  }
  return () => CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Forwards every core event to the window; returns the unsubscribe function. */
export function forwardEvents(core: ShellCore, window: () => WebContentsLike | null): () => void {
  const offs = EVENT_NAMES.map((event) =>
    core.on(event, (payload) => {
      const contents = window();
      if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { event, payload });
    }),
  );
  return () => offs.forEach((off) => off());
}
