import type { DocketBridge, Transport } from './transport';

/** Electron: the preload bridge already speaks `Result`; IPC has no reconnects. */
export function createIpcTransport(bridge: DocketBridge): Transport {
  return {
    mode: 'ipc',
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (event, cb) => bridge.on(event, cb),
    onReconnect: () => () => undefined,
    // The shell's privileged scheme (electron/main/evidence-protocol.ts).
    evidenceUrl: (sha256, variant) => `evidence://docket/${sha256}${variant === 'thumb' ? '/thumb' : ''}`,
  };
}
