/**
 * One JSON request to the API: the URL under the API's path, Hawk-signed afresh for each
 * send (Hawk refuses a replayed nonce), a timeout per send, bounded retries (retry.ts), and
 * every failure turned into ApiError or ApiUnreachableError.
 */
import type { Credentials } from './credentials';
import { ApiError, ApiUnreachableError, errorFromResponse, networkReason, parseJson } from './errors';
import { hawkHeader } from './hawk';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, validRetryPolicy, type Outcome, type RetryPolicy } from './retry';

/** Where the AWS Provisioner API v1 lives under a root URL (the path taskcluster-client builds). */
export const API_PATH = '/api/aws-provisioner/v1';
/** Per send: long enough for a plan preview over many regions on a busy machine; an API this slow is broken. */
export const REQUEST_TIMEOUT_MS = 30_000;
const JSON_CONTENT_TYPE = 'application/json';

/** The part of fetch's answer used here: the browser's and Node's Response both fit. */
export interface FetchResponse {
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<FetchResponse>;

export interface TransportOptions {
  /** Root URL of the deployment, e.g. http://127.0.0.1:5557 (the API is under <rootUrl>/api/aws-provisioner/v1). */
  readonly rootUrl: string;
  /** Read at each request (a console signs in and out); absent: unauthenticated calls. */
  readonly credentials?: Credentials | (() => Credentials | undefined);
  readonly fetch?: FetchLike;
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
  /** Tests replace the waits between retries and their jitter. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export class SignedTransport {
  readonly rootUrl: string;
  private readonly retry: RetryPolicy;
  private readonly fetchImpl: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TransportOptions) {
    this.rootUrl = options.rootUrl.replace(/\/+$/, '');
    this.retry = validRetryPolicy({ ...DEFAULT_RETRY_POLICY, ...options.retry });
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The same transport signing with other credentials. */
  withCredentials(credentials: Credentials | undefined): SignedTransport {
    return new SignedTransport({ ...this.options, credentials: () => credentials });
  }

  credentials(): Credentials | undefined {
    const { credentials } = this.options;
    return typeof credentials === 'function' ? credentials() : credentials;
  }

  /** `path` is below the API path and carries its query; the answer's JSON, undefined for none. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.rootUrl}${API_PATH}${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      const sent = await this.send(url, method, payload);
      const outcome: Outcome = 'response' in sent ? { kind: 'answered', status: sent.response.status } : sent.failure;
      if (attempt < this.retry.attempts && isRetryable(outcome)) {
        await this.sleep(retryDelayMs(attempt, this.retry, this.options.random));
        continue;
      }
      if ('failure' in sent) throw new ApiUnreachableError(this.rootUrl, sent.reason, sent.failure.kind === 'timeout', attempt);
      return answer<T>(sent.response.status, sent.text);
    }
  }

  private async send(
    url: string,
    method: string,
    payload: string | undefined,
  ): Promise<{ response: FetchResponse; text: string } | { failure: Extract<Outcome, { kind: 'network' | 'timeout' }>; reason: string }> {
    const headers: Record<string, string> = { accept: JSON_CONTENT_TYPE };
    if (payload !== undefined) headers['content-type'] = JSON_CONTENT_TYPE;
    const credentials = this.credentials();
    if (credentials) {
      headers.authorization = await hawkHeader(url, method, credentials, {
        ...(payload !== undefined ? { payload: { body: payload, contentType: JSON_CONTENT_TYPE } } : {}),
      });
    }
    const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    try {
      const response = await this.fetchImpl(url, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { response, text: await response.text() };
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'TimeoutError') {
        return { failure: { kind: 'timeout' }, reason: `no answer within ${timeoutMs / 1000} s` };
      }
      return { failure: { kind: 'network' }, reason: networkReason(error) };
    }
  }
}

function answer<T>(status: number, text: string): T {
  if (status < 200 || status > 299) throw errorFromResponse(status, text);
  if (!text) return undefined as T;
  const parsed = parseJson(text);
  if (parsed === undefined) throw new ApiError(status, 'MalformedResponse', `the API answered HTTP ${status} with a body that is not JSON`);
  return parsed as T;
}
