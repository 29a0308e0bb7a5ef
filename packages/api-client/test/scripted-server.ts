/**
 * A real HTTP server on loopback that answers each request with the next scripted reply and
 * records what arrived: the transport's retries, timeouts and error mapping are tested over
 * real sockets, with failures no live API produces on demand (a dropped connection, a proxy's
 * HTML 502, an answer that never comes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { readonly status: number; readonly body?: unknown; readonly contentType?: string }
  /** Closes the connection without answering. */
  | 'drop'
  /** Never answers (until the server closes). */
  | 'hang';

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedServer {
  readonly rootUrl: string;
  readonly received: Received[];
  /** Replies for the next requests, in order; once used up, `fallback` answers. */
  script(...replies: Reply[]): void;
  fallback: Reply;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const queue: Reply[] = [];
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const state = { fallback: { status: 200, body: {} } as Reply };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = queue.shift() ?? state.fallback;
      if (reply === 'drop') return void req.socket.destroy();
      if (reply === 'hang') return void hanging.add(res);
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    rootUrl: `http://127.0.0.1:${port}`,
    received,
    script: (...replies) => void queue.push(...replies),
    get fallback() {
      return state.fallback;
    },
    set fallback(reply: Reply) {
      state.fallback = reply;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Hawk header attribute, e.g. `nonce`. */
export function hawkAttribute(header: string | undefined, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`).exec(header ?? '')?.[1];
}
