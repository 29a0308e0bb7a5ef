/**
 * A TCP proxy in front of an engine that passes, refuses, hangs or answers garbage on
 * demand: the engines cannot be made to fail portably, the proxy can. Modes apply at once,
 * to open connections too (a hanging proxy swallows what a kept-alive socket sends).
 */
import net from 'node:net';

export type FaultMode = 'pass' | 'refuse' | 'hang' | 'garbage';

export interface FaultProxy {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  mode: FaultMode;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

const GARBAGE = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\n{"broken\r\n';

export async function startFaultProxy(upstreamUrl: string, mode: FaultMode = 'pass'): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const proxy: { mode: FaultMode } = { mode };
  const server = net.createServer((client) => {
    connections += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (proxy.mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const target = net.connect(Number(upstream.port), upstream.hostname);
    sockets.add(target);
    target.on('close', () => {
      sockets.delete(target);
      client.destroy();
    });
    target.on('error', () => client.destroy());
    client.on('close', () => target.destroy());
    client.on('data', (chunk) => {
      if (proxy.mode === 'hang') return;
      if (proxy.mode === 'garbage') {
        client.end(GARBAGE);
        return;
      }
      if (proxy.mode === 'refuse') {
        client.resetAndDestroy();
        return;
      }
      target.write(chunk);
    });
    target.on('data', (chunk) => {
      if (proxy.mode === 'pass') client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get mode() {
      return proxy.mode;
    },
    set mode(next: FaultMode) {
      proxy.mode = next;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
