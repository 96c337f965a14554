/**
 * A TCP proxy on 127.0.0.1 in front of the case service, for one console: `cut()` drops its
 * connections and stops listening (that console's network is down, others are unaffected),
 * `restore()` listens again on the same port.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Cleanup } from './fixtures';

export interface CuttableLink {
  /** The address to give the console instead of the service's. */
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
}

export async function startCuttableLink(cleanup: Cleanup, targetPort: number): Promise<CuttableLink> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const makeServer = () =>
    createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
      track(client);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

  let server: Server | null = makeServer();
  const port = await listen(server, 0);
  const link: CuttableLink = {
    url: `http://127.0.0.1:${port}`,
    async cut() {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      if (s) await close(s);
    },
    async restore() {
      if (server) return;
      const s = makeServer();
      await listen(s, port);
      server = s;
    },
  };
  cleanup.add(link, 'close the link proxy', (l) => l.cut());
  return link;
}
