/**
 * DEVELOPMENT AID, NEVER USED IN PRODUCTION.
 *
 * A stand-in for the one Taskcluster queue endpoint the daemon reads, so an operator (or a
 * test) can set pending-task counts by hand and watch the daemon react:
 *
 *   GET /api/queue/v1/pending/<provisionerId>/<workerType>  → {provisionerId, workerType, pendingTasks}
 *   PUT /pending/<provisionerId>/<workerType>  body {"pendingTasks": n}  sets the count
 *   PUT /pending/<provisionerId>/<workerType>  body {"status": 503}      makes that worker type's reads fail
 *   GET /pending                                → every count set so far
 *
 * Unset worker types have 0 pending tasks. No authentication: bind it to loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../error-message';

export interface QueueStandIn {
  /** Root URL to give the daemon as QUEUE_ROOT_URL. */
  readonly rootUrl: string;
  readonly port: number;
  setPending(provisionerId: string, workerType: string, pendingTasks: number): void;
  /** Makes reads of this worker type answer with this HTTP status. */
  setFailure(provisionerId: string, workerType: string, status: number): void;
  /** How many times the daemon asked about this worker type. */
  reads(provisionerId: string, workerType: string): number;
  close(): Promise<void>;
}

interface Entry {
  pendingTasks: number;
  failStatus?: number;
  reads: number;
}

const PENDING_PATH = /^\/api\/queue\/v1\/pending\/([^/]+)\/([^/]+)\/?$/;
const SET_PATH = /^\/pending\/([^/]+)\/([^/]+)\/?$/;
/** Bodies larger than this are not a count. */
const MAX_BODY_BYTES = 4_096;

export async function startQueueStandIn(port = 0, host = '127.0.0.1'): Promise<QueueStandIn> {
  const entries = new Map<string, Entry>();
  const key = (p: string, w: string) => `${p}/${w}`;
  const entry = (p: string, w: string): Entry => {
    let found = entries.get(key(p, w));
    if (!found) {
      found = { pendingTasks: 0, reads: 0 };
      entries.set(key(p, w), found);
    }
    return found;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const read = PENDING_PATH.exec(url.pathname);
    if (req.method === 'GET' && read) {
      const [provisionerId, workerType] = [decodeURIComponent(read[1] ?? ''), decodeURIComponent(read[2] ?? '')];
      const found = entry(provisionerId, workerType);
      found.reads += 1;
      if (found.failStatus !== undefined) return send(found.failStatus, { code: 'StandInFailure', message: 'failure set by hand' });
      return send(200, { provisionerId, workerType, pendingTasks: found.pendingTasks });
    }
    if (req.method === 'GET' && url.pathname === '/pending') {
      return send(200, Object.fromEntries([...entries].map(([k, v]) => [k, v.failStatus ?? v.pendingTasks])));
    }
    const set = SET_PATH.exec(url.pathname);
    if (req.method === 'PUT' && set) {
      const [provisionerId, workerType] = [decodeURIComponent(set[1] ?? ''), decodeURIComponent(set[2] ?? '')];
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        raw += chunk;
        if (raw.length > MAX_BODY_BYTES) req.destroy();
      });
      req.on('end', () => {
        let body: { pendingTasks?: unknown; status?: unknown };
        try {
          body = JSON.parse(raw) as typeof body;
        } catch {
          return send(400, { code: 'InvalidRequestArguments', message: 'body must be JSON' });
        }
        const found = entry(provisionerId, workerType);
        if (typeof body.status === 'number' && body.status >= 400 && body.status <= 599) {
          found.failStatus = body.status;
          return send(200, { provisionerId, workerType, status: body.status });
        }
        const count = body.pendingTasks;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
          return send(400, { code: 'InvalidRequestArguments', message: 'pendingTasks must be a non-negative integer' });
        }
        found.pendingTasks = count;
        delete found.failStatus;
        return send(200, { provisionerId, workerType, pendingTasks: count });
      });
      return;
    }
    return send(404, { code: 'ResourceNotFound', message: `no route for ${req.method} ${url.pathname}` });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    rootUrl: `http://${host}:${bound}`,
    port: bound,
    setPending: (p, w, n) => {
      const found = entry(p, w);
      found.pendingTasks = n;
      delete found.failStatus;
    },
    setFailure: (p, w, status) => {
      entry(p, w).failStatus = status;
    },
    reads: (p, w) => entries.get(key(p, w))?.reads ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Next to the API (5557) and the daemon's metrics (5558). */
export const DEFAULT_STAND_IN_PORT = 5559;

/**
 * Standalone: `tsx apps/provisioner/src/dev/queue-stand-in.ts` (or the package's
 * `queue-stand-in` script) serves on QUEUE_STAND_IN_PORT until SIGINT/SIGTERM.
 */
export async function runStandalone(env: NodeJS.ProcessEnv = process.env): Promise<QueueStandIn> {
  const raw = env.QUEUE_STAND_IN_PORT;
  const port = raw ? Number(raw) : DEFAULT_STAND_IN_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`QUEUE_STAND_IN_PORT must be a port, got "${raw}"`);
  const standIn = await startQueueStandIn(port, env.QUEUE_STAND_IN_HOST ?? '127.0.0.1');
  process.stdout.write(
    `queue stand-in (development aid, never for production) at ${standIn.rootUrl}\n` +
      `  set a count: curl -X PUT ${standIn.rootUrl}/pending/<provisionerId>/<workerType> -d '{"pendingTasks": 3}'\n`,
  );
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return standIn;
}

if (require.main === module) {
  runStandalone().catch((err: unknown) => {
    process.stderr.write(`${errorMessage(err)}\n`);
    process.exit(1);
  });
}
