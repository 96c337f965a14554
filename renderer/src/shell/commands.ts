import { useEffect, useRef } from 'react';
import { matchBindings, type Command } from './keymap';

/** Returning false passes the key on; anything else (including nothing) consumes it. */
type Handler = (arg: number | null) => unknown;

/** Handlers registered by whatever is on screen; the most recent registration of a command wins. */
const handlers = new Map<Command, Handler[]>();

export function registerCommand(command: Command, handler: Handler): () => void {
  const list = handlers.get(command) ?? [];
  list.push(handler);
  handlers.set(command, list);
  return () => {
    const l = handlers.get(command);
    if (!l) return;
    const i = l.lastIndexOf(handler);
    if (i >= 0) l.splice(i, 1);
  };
}

/** Registers a command handler while the component is mounted and `enabled`. */
export function useCommand(command: Command, handler: Handler, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    return registerCommand(command, (arg) => latest.current(arg));
  }, [command, enabled]);
}

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return false;
}

/** The one document-level key handler: keymap → the newest registered handler. */
export function installKeyboard(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.isComposing) return; // an IME (pinyin) is composing: the keys are text.
    // Per command in keymap order, newest handler first; a handler that returns false passes the
    // key to the one below it (e.g. Escape closes a dialog if one is open, else leaves the field).
    for (const hit of matchBindings(e, isTypingTarget(e.target))) {
      for (const handler of [...(handlers.get(hit.command) ?? [])].reverse()) {
        if (handler(hit.arg) === false) continue;
        e.preventDefault();
        e.stopPropagation();
        return;
      }
    }
  };
  document.addEventListener('keydown', onKey, true);
  return () => document.removeEventListener('keydown', onKey, true);
}
