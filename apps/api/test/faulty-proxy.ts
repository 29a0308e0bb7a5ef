/**
 * A TCP proxy in front of an engine that passes traffic, refuses connections or hangs
 * on demand: engines cannot be made to hang portably, a proxy can.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'hang';

export class FaultyProxy {
  private mode: ProxyMode = 'pass';
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private port = 0;

  private constructor(private readonly target: URL) {}

  /** Listens on a free loopback port in front of `target` (http://host:port). */
  static async start(target: string): Promise<FaultyProxy> {
    const proxy = new FaultyProxy(new URL(target));
    await proxy.listen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * pass: forward; hang: accept connections and never answer; refuse: no listener (ECONNREFUSED).
   * Every open connection is cut on a change, so no pooled connection outlives the old mode.
   */
  async setMode(mode: ProxyMode): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (mode === 'refuse' && this.server) await this.closeListener();
    if (mode !== 'refuse' && !this.server) await this.listen();
    this.mode = mode;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await this.closeListener();
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  private async closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'hang') return; // read nothing, answer nothing
    const upstream = connect(Number(this.target.port), this.target.hostname);
    this.track(upstream);
    client.pipe(upstream).pipe(client);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', cut);
    upstream.on('close', cut);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
