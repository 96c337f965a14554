import { createIpcTransport } from './ipcTransport';
import { browserTokenEnv, takeToken } from './token';
import type { Transport } from './transport';
import { createWebTransport } from './webTransport';

/** Picks the transport at start-up: the preload bridge in Electron, HTTP/WS in a browser. */
export function selectTransport(): Transport | { error: 'no_token' } {
  if (window.docket) return createIpcTransport(window.docket);
  const token = takeToken(browserTokenEnv());
  if (!token) return { error: 'no_token' };
  return createWebTransport({ token, baseUrl: window.location.origin });
}
