/**
 * How queue requests travel. The daemon's transport is HTTP (fetch, a timeout per attempt,
 * Hawk-signed when it has Taskcluster credentials, as the official client signs); the simulator
 * answers the same requests in process from its fleet (apps/simulator), so both run the same
 * client code: routes, parsing, retries and typed errors live in queue-client.ts, not here.
 */
import Hawk from 'hawk';
import { errorMessage } from '../error-message';
import { QueueError } from './errors';
import { QUEUE_API_PREFIX } from './routes';

export interface QueueRequest {
  method: 'GET' | 'PUT';
  /** Below `/api/queue/v1`, arguments already encoded (routes.ts). */
  path: string;
  query?: Readonly<Record<string, string>>;
  body?: unknown;
  /** Names the call in errors, e.g. `listWorkers(prov/builder)`. */
  operation: string;
}

export interface QueueResponse {
  status: number;
  /** The parsed JSON body; undefined when the body was not JSON. */
  body: unknown;
}

export interface QueueTransport {
  send(request: QueueRequest): Promise<QueueResponse>;
}

/** Taskcluster credentials for signed requests (the daemon's TASKCLUSTER_CLIENT_ID / TASKCLUSTER_ACCESS_TOKEN). */
export interface QueueCredentials {
  clientId: string;
  accessToken: string;
}

/** A queue that has not answered in this long will not answer usefully within the iteration. */
export const QUEUE_REQUEST_TIMEOUT_MS = 10_000;

export interface HttpQueueTransportOptions {
  credentials?: QueueCredentials;
  timeoutMs?: number;
}

export class HttpQueueTransport implements QueueTransport {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(
    rootUrl: string,
    private readonly options: HttpQueueTransportOptions = {},
  ) {
    this.base = `${rootUrl.replace(/\/+$/, '')}${QUEUE_API_PREFIX}`;
    this.timeoutMs = options.timeoutMs ?? QUEUE_REQUEST_TIMEOUT_MS;
  }

  async send(request: QueueRequest): Promise<QueueResponse> {
    const query = request.query && Object.keys(request.query).length > 0 ? `?${new URLSearchParams(request.query).toString()}` : '';
    const url = `${this.base}${request.path}${query}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const { credentials } = this.options;
    if (credentials) {
      // as taskcluster-client signs: sha256, no payload hash
      headers.authorization = Hawk.client.header(url, request.method, {
        credentials: { id: credentials.clientId, key: credentials.accessToken, algorithm: 'sha256' },
      }).header;
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: request.method, headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await response.text();
    } catch (err) {
      const timedOut = err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw timedOut
        ? new QueueError(request.operation, 'timeout', `no answer within ${this.timeoutMs} ms`)
        : new QueueError(request.operation, 'unreachable', `request failed: ${errorMessage(err)}`);
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }
}
