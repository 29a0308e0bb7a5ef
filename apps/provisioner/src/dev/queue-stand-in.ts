/**
 * DEVELOPMENT AID, NEVER USED IN PRODUCTION.
 *
 * A stand-in for the Taskcluster queue routes the daemon uses, answering exactly as the real
 * v1 API (queue/queue-answers.ts), so an operator (or a test) can play the fleet by hand:
 *
 *   GET /api/queue/v1/pending/<provisionerId>/<workerType>                       pendingTasks
 *   GET /api/queue/v1/provisioners/<p>/worker-types/<w>/workers[?limit&continuationToken&quarantined]   listWorkers
 *   GET /api/queue/v1/provisioners/<p>/worker-types/<w>/workers/<group>/<id>      getWorker
 *   PUT /api/queue/v1/provisioners/<p>/worker-types/<w>/workers/<group>/<id>      quarantineWorker {quarantineUntil}
 *   GET /api/queue/v1/task/<taskId>/status                                        status
 *
 * and, by hand (not Taskcluster routes; `pnpm --filter @spot-provisioner/provisioner fleet` wraps them):
 *
 *   PUT  /pending/<p>/<w>                    {"pendingTasks": n} sets the count; {"status": 503} makes reads fail
 *   GET  /pending                            every count set so far
 *   PUT  /workers/<p>/<w>/<group>/<id>       registers a worker (its first claimWork)
 *   POST /workers/<p>/<w>/<group>/<id>/claim the worker claims a task ({"inFlight": true}: a long-poll that began before a quarantine)
 *   POST /tasks/<taskId>/resolve             resolves the task's run ({"state": "completed"|"failed"|"exception"})
 *
 * A quarantined worker is given no claim (409). Unset worker types have 0 pending tasks. Reads
 * are public, as in Taskcluster; given credentials, quarantine writes must be Hawk-signed with
 * them (401 otherwise). Bind it to loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Hawk from 'hawk';
import { systemClock, type Clock } from '../clock';
import { errorMessage } from '../error-message';
import { answerQueueRequest } from '../queue/queue-answers';
import { matchQueueRoute, QUEUE_API_PREFIX } from '../queue/routes';
import type { QueueCredentials } from '../queue/transport';
import { StandInError, StandInState } from './queue-stand-in-state';

export interface QueueStandInOptions {
  /** The queue's time (quarantines, claims, resolutions); the system clock by default. */
  clock?: Clock;
  /** When set, quarantineWorker must be Hawk-signed with these credentials. */
  credentials?: QueueCredentials;
}

export interface QueueStandIn {
  /** Root URL to give the daemon as QUEUE_ROOT_URL. */
  readonly rootUrl: string;
  readonly port: number;
  /** The queue's memory, to register workers, claim and resolve tasks from tests. */
  readonly state: StandInState;
  setPending(provisionerId: string, workerType: string, pendingTasks: number): void;
  /** Makes reads of this worker type answer with this HTTP status. */
  setFailure(provisionerId: string, workerType: string, status: number): void;
  /** How many times the daemon asked about this worker type's pending tasks. */
  reads(provisionerId: string, workerType: string): number;
  /** Requests answered per v1 route (pendingTasks, listWorkers, getWorker, quarantineWorker, status). */
  calls(route: string): number;
  close(): Promise<void>;
}

const DEV_PENDING = /^\/pending\/([^/]+)\/([^/]+)\/?$/;
const DEV_WORKER = /^\/workers\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)(\/claim)?\/?$/;
const DEV_RESOLVE = /^\/tasks\/([^/]+)\/resolve\/?$/;
/** Bodies larger than this are not a count or a quarantine. */
const MAX_BODY_BYTES = 4_096;
/** Hawk's allowed clock skew between signer and stand-in, as Taskcluster allows. */
const HAWK_SKEW_SECONDS = 15 * 60;

export async function startQueueStandIn(port = 0, host = '127.0.0.1', options: QueueStandInOptions = {}): Promise<QueueStandIn> {
  const clock = options.clock ?? systemClock;
  const state = new StandInState(clock);
  const calls = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    readBody(req).then(
      async (raw) => {
        const url = new URL(req.url ?? '/', 'http://stand-in');
        let body: unknown;
        if (raw !== '') {
          try {
            body = JSON.parse(raw);
          } catch {
            return send(400, { code: 'InvalidRequestArguments', message: 'body must be JSON' });
          }
        }
        if (url.pathname.startsWith(`${QUEUE_API_PREFIX}/`)) {
          const path = url.pathname.slice(QUEUE_API_PREFIX.length);
          const route = matchQueueRoute(path);
          const name = route?.name === 'worker' ? (req.method === 'PUT' ? 'quarantineWorker' : 'getWorker') : route?.name;
          if (name) calls.set(name, (calls.get(name) ?? 0) + 1);
          if (req.method === 'PUT' && options.credentials) {
            const refused = await hawkRefusal(req, options.credentials);
            if (refused) return send(401, { code: 'AuthenticationFailed', message: refused });
          }
          const answer = answerQueueRequest(state, { method: req.method ?? 'GET', path, query: url.searchParams, body }, clock.now());
          return send(answer.status, answer.body);
        }
        return send(...devRoute(state, req.method ?? 'GET', url.pathname, body));
      },
      (err: unknown) => send(400, { code: 'InvalidRequestArguments', message: errorMessage(err) }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    rootUrl: `http://${host}:${bound}`,
    port: bound,
    state,
    setPending: (p, w, n) => state.setPending(p, w, n),
    setFailure: (p, w, status) => state.setFailure(p, w, status),
    reads: (p, w) => state.reads(p, w),
    calls: (route) => calls.get(route) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The by-hand routes: [status, body]. */
function devRoute(state: StandInState, method: string, pathname: string, body: unknown): [number, unknown] {
  const fields = (body ?? {}) as Record<string, unknown>;
  try {
    if (method === 'GET' && pathname === '/pending') return [200, state.pendingCounts()];
    const pending = DEV_PENDING.exec(pathname);
    if (method === 'PUT' && pending) {
      const [provisionerId, workerType] = decodeParts(pending);
      if (typeof fields.status === 'number' && fields.status >= 400 && fields.status <= 599) {
        state.setFailure(provisionerId!, workerType!, fields.status);
        return [200, { provisionerId, workerType, status: fields.status }];
      }
      const count = fields.pendingTasks;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        return [400, { code: 'InvalidRequestArguments', message: 'pendingTasks must be a non-negative integer' }];
      }
      state.setPending(provisionerId!, workerType!, count);
      return [200, { provisionerId, workerType, pendingTasks: count }];
    }
    const worker = DEV_WORKER.exec(pathname);
    if (worker) {
      const [provisionerId, workerType, workerGroup, workerId] = decodeParts(worker);
      if (method === 'PUT' && worker[5] === undefined) {
        const known = state.registerWorker(provisionerId!, workerType!, workerGroup!, workerId!);
        return [200, { workerGroup, workerId, firstClaim: new Date(known.firstClaimMs).toISOString() }];
      }
      if (method === 'POST' && worker[5] !== undefined) {
        return [200, state.claim(provisionerId!, workerType!, workerGroup!, workerId!, { inFlight: fields.inFlight === true })];
      }
    }
    const resolve = DEV_RESOLVE.exec(pathname);
    if (method === 'POST' && resolve) {
      const wanted = fields.state ?? 'completed';
      if (wanted !== 'completed' && wanted !== 'failed' && wanted !== 'exception') {
        return [400, { code: 'InvalidRequestArguments', message: 'state must be completed, failed or exception' }];
      }
      const [taskId] = decodeParts(resolve);
      return [200, state.resolve(taskId!, wanted)];
    }
  } catch (err) {
    if (err instanceof StandInError) return [err.status, { code: err.code, message: err.message }];
    throw err;
  }
  return [404, { code: 'ResourceNotFound', message: `no route for ${method} ${pathname}` }];
}

function decodeParts(match: RegExpExecArray): string[] {
  return match.slice(1, 5).map((part) => (part === undefined ? '' : decodeURIComponent(part)));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
      if (raw.length > MAX_BODY_BYTES) {
        reject(new Error(`body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      }
    });
    req.on('end', () => resolve(raw));
    req.on('error', reject);
  });
}

/** Why a write is refused (no or wrong Hawk signature), or undefined when signed with the credentials. */
async function hawkRefusal(req: http.IncomingMessage, credentials: QueueCredentials): Promise<string | undefined> {
  if (!/^hawk\s/i.test(req.headers.authorization ?? '')) return 'quarantineWorker must be Hawk-signed';
  try {
    await Hawk.server.authenticate(
      req,
      (id: string) => (id === credentials.clientId ? { id, key: credentials.accessToken, algorithm: 'sha256', user: id } : undefined) as never,
      { timestampSkewSec: HAWK_SKEW_SECONDS },
    );
    return undefined;
  } catch (err) {
    return `Hawk: ${errorMessage(err).split('\n')[0]}`;
  }
}

/** Next to the API (5557) and the daemon's metrics (5558). */
export const DEFAULT_STAND_IN_PORT = 5559;

/**
 * Standalone: `tsx apps/provisioner/src/dev/queue-stand-in.ts` (or the package's
 * `queue-stand-in` script) serves on QUEUE_STAND_IN_PORT until SIGINT/SIGTERM. With
 * TASKCLUSTER_CLIENT_ID and TASKCLUSTER_ACCESS_TOKEN set, quarantine writes must be signed with them.
 */
export async function runStandalone(env: NodeJS.ProcessEnv = process.env): Promise<QueueStandIn> {
  const raw = env.QUEUE_STAND_IN_PORT;
  const port = raw ? Number(raw) : DEFAULT_STAND_IN_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`QUEUE_STAND_IN_PORT must be a port, got "${raw}"`);
  const credentials =
    env.TASKCLUSTER_CLIENT_ID && env.TASKCLUSTER_ACCESS_TOKEN ? { clientId: env.TASKCLUSTER_CLIENT_ID, accessToken: env.TASKCLUSTER_ACCESS_TOKEN } : undefined;
  const standIn = await startQueueStandIn(port, env.QUEUE_STAND_IN_HOST ?? '127.0.0.1', credentials ? { credentials } : {});
  process.stdout.write(
    `queue stand-in (development aid, never for production) at ${standIn.rootUrl}\n` +
      `  set a count: curl -X PUT ${standIn.rootUrl}/pending/<provisionerId>/<workerType> -d '{"pendingTasks": 3}'\n` +
      `  play workers: pnpm --filter @spot-provisioner/provisioner fleet --help\n`,
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
