/**
 * A transport carries console API calls and events between the renderer and the core.
 * Two exist: Electron IPC (through the preload's `window.docket`) and web mode (HTTP + WebSocket).
 * Both speak untyped JSON; the typed client on top parses every answer with the contract.
 */
export interface Transport {
  readonly mode: 'ipc' | 'web';
  /** Resolves to the raw `Result` JSON of the call; never rejects for an API error. */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to a core event; returns the unsubscribe function. */
  on(event: string, cb: (payload: unknown) => void): () => void;
  /** Called when the event stream came back after a break (events may have been missed). */
  onReconnect(cb: () => void): () => void;
  /** Where the page reads an evidence file (or its thumbnail) from the console's cache, for `<img>` and `<video>`. */
  evidenceUrl(sha256: string, variant: 'blob' | 'thumb'): string;
}

/** What Electron's preload exposes, frozen, on `window.docket`. */
export interface DocketBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    docket?: DocketBridge;
  }
}
