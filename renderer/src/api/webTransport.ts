import type { Transport } from './transport';

export interface WebTransportOptions {
  token: string;
  /** Origin + path prefix of the web host, e.g. `http://127.0.0.1:4310`. */
  baseUrl: string;
  fetchImpl?: typeof fetch;
  webSocketImpl?: typeof WebSocket;
}

/** Reconnect delays: fast first retry, then back off to at most 10 s (with jitter). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 250 * 2 ** Math.min(attempt, 6));
  return Math.round(base * (0.75 + random() * 0.5));
}

function failure(code: string, message: string) {
  return { ok: false, error: { code, message } };
}

/**
 * Web mode: `POST /api/invoke` for calls, one WebSocket `/api/events` for every event,
 * reopened with backoff while anyone listens.
 */
export function createWebTransport(opts: WebTransportOptions): Transport {
  const fetchImpl = opts.fetchImpl ?? fetch.bind(globalThis);
  const WS = opts.webSocketImpl ?? WebSocket;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const reconnectListeners = new Set<() => void>();
  let socket: WebSocket | null = null;
  let attempt = 0;
  let everOpened = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const wsUrl = () => {
    const url = new URL('/api/events', opts.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', opts.token);
    return url.toString();
  };

  const open = () => {
    if (socket || listeners.size === 0) return;
    const ws = new WS(wsUrl());
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      if (everOpened) reconnectListeners.forEach((cb) => cb());
      everOpened = true;
    };
    ws.onmessage = (msg: MessageEvent) => {
      if (typeof msg.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(msg.data);
      } catch {
        return;
      }
      if (typeof parsed !== 'object' || parsed === null || !('event' in parsed)) return;
      const { event, payload } = parsed as { event: unknown; payload?: unknown };
      if (typeof event !== 'string') return;
      listeners.get(event)?.forEach((cb) => cb(payload));
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.size === 0) return;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        open();
      }, backoffDelay(attempt++));
    };
  };

  const closeIfIdle = () => {
    if (listeners.size > 0) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    socket?.close();
    socket = null;
  };

  return {
    mode: 'web',
    async invoke(channel, input) {
      let res: Response;
      try {
        res = await fetchImpl(new URL('/api/invoke', opts.baseUrl).toString(), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.token}` },
          body: JSON.stringify({ channel, input }),
        });
      } catch (e) {
        return failure('internal', `console host unreachable: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (res.status === 401 || res.status === 403) return failure('forbidden', `console host refused the session token (HTTP ${res.status})`);
      try {
        return await res.json();
      } catch {
        return failure('internal', `console host answered HTTP ${res.status} without JSON`);
      }
    },
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb);
      open();
      return () => {
        set.delete(cb);
        if (set.size === 0) listeners.delete(event);
        closeIfIdle();
      };
    },
    onReconnect(cb) {
      reconnectListeners.add(cb);
      return () => reconnectListeners.delete(cb);
    },
    // `<img>` and `<video>` cannot send a header: the host takes the token in the query, as for the event stream.
    evidenceUrl(sha256, variant) {
      const url = new URL(`/api/evidence/${sha256}${variant === 'thumb' ? '/thumb' : ''}`, opts.baseUrl);
      url.searchParams.set('token', opts.token);
      return url.toString();
    },
  };
}
