/**
 * The one module that speaks to the API: typed methods over the AWS Provisioner API v1 and
 * its read-only extensions (decision, history, plan-preview), every request Hawk-signed
 * like taskcluster-client when credentials are set. Components call this and only render.
 */
import type {
  CapacityHistoryPage,
  CapacityHistoryPoint,
  PlanPreviewResponse,
  Unmet,
  WorkerTypeDecision,
  WorkerTypeDefinitionInput,
  WorkerTypeResponse,
  WorkerTypeStateResponse,
  WorkerTypeSummary,
} from '@spot-provisioner/model';
import type { Credentials } from './credentials';
import { hawkHeader } from './hawk';

export const API_PREFIX = '/api/aws-provisioner/v1';
/** A slow API is reported after this long rather than leaving a spinner forever. */
export const REQUEST_TIMEOUT_MS = 20_000;
/** History pages followed for one chart: a week of 30 s iterations is ~20 pages of 1,000. */
export const MAX_HISTORY_PAGES = 25;
/**
 * A name no worker type is likely to have: reading it checks credentials (401 for a wrong
 * token) through a public method, with no endpoint of the console's own.
 */
export const CREDENTIAL_PROBE_WORKER_TYPE = 'console-credential-check';

export interface BackendStatus {
  readonly status: 'healthy' | 'unhealthy' | 'unknown';
  readonly lastCheckedIn: string | null;
}

export type WorkerTypeState = WorkerTypeStateResponse & { readonly unmet?: Unmet | null };

export interface LaunchSpecEntry {
  readonly launchSpec: Record<string, unknown>;
  readonly userData: Record<string, unknown>;
  readonly secrets: Record<string, unknown>;
  readonly scopes: readonly string[];
}
/** region → instance type → zone ("*" for any) → launch spec. */
export type LaunchSpecs = Record<string, Record<string, Record<string, LaunchSpecEntry>>>;

/** An API answer other than success, in words: `reasons` lists every validation failure. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reasons: readonly string[] = [],
  ) {
    super(message);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export interface ApiClientOptions {
  /** Origin of the API, e.g. http://127.0.0.1:5557. */
  readonly rootUrl: string;
  readonly credentials: () => Credentials | undefined;
  readonly fetch?: typeof fetch;
}

export type SignInCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

export class ProvisionerApi {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  listWorkerTypeSummaries(): Promise<WorkerTypeSummary[]> {
    return this.call('GET', '/list-worker-type-summaries');
  }

  backendStatus(): Promise<BackendStatus> {
    return this.call('GET', '/backend-status');
  }

  state(workerType: string): Promise<WorkerTypeState> {
    return this.call('GET', `/state/${encodeURIComponent(workerType)}`);
  }

  workerType(workerType: string): Promise<WorkerTypeResponse> {
    return this.call('GET', `/worker-type/${encodeURIComponent(workerType)}`);
  }

  createWorkerType(workerType: string, definition: WorkerTypeDefinitionInput): Promise<WorkerTypeResponse> {
    return this.call('PUT', `/worker-type/${encodeURIComponent(workerType)}`, definition);
  }

  updateWorkerType(workerType: string, definition: WorkerTypeDefinitionInput): Promise<WorkerTypeResponse> {
    return this.call('POST', `/worker-type/${encodeURIComponent(workerType)}/update`, definition);
  }

  async removeWorkerType(workerType: string): Promise<void> {
    await this.call('DELETE', `/worker-type/${encodeURIComponent(workerType)}`);
  }

  getLaunchSpecs(workerType: string): Promise<LaunchSpecs> {
    return this.call('GET', `/worker-type/${encodeURIComponent(workerType)}/launch-specifications`);
  }

  /** The daemon's last decision; null when none is recorded yet (404). */
  async decision(workerType: string): Promise<WorkerTypeDecision | null> {
    try {
      return await this.call<WorkerTypeDecision>('GET', `/worker-type/${encodeURIComponent(workerType)}/decision`);
    } catch (error) {
      if (isApiError(error) && error.status === 404) return null;
      throw error;
    }
  }

  /** Every history point in [since, until], following continuation tokens; [] when none is recorded (404). */
  async history(workerType: string, since: Date, until?: Date): Promise<CapacityHistoryPoint[]> {
    const points: CapacityHistoryPoint[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const query = new URLSearchParams({ since: since.toISOString() });
      if (until) query.set('until', until.toISOString());
      if (token) query.set('continuationToken', token);
      let result: CapacityHistoryPage;
      try {
        result = await this.call('GET', `/worker-type/${encodeURIComponent(workerType)}/history?${query}`);
      } catch (error) {
        if (isApiError(error) && error.status === 404) return points;
        throw error;
      }
      points.push(...result.points);
      token = result.continuationToken;
      if (!token) break;
    }
    return points;
  }

  /** The plan the next iteration would make for `definition` (or the stored one). */
  planPreview(workerType: string, definition?: WorkerTypeDefinitionInput): Promise<PlanPreviewResponse> {
    const path = `/worker-type/${encodeURIComponent(workerType)}/plan-preview`;
    return definition === undefined ? this.call('POST', path) : this.call('POST', path, definition);
  }

  /** Whether `credentials` are accepted: 401 means a wrong client id, token or certificate. */
  async checkCredentials(credentials: Credentials): Promise<SignInCheck> {
    const probe = new ProvisionerApi({ ...this.options, credentials: () => credentials });
    try {
      await probe.workerType(CREDENTIAL_PROBE_WORKER_TYPE);
      return { ok: true };
    } catch (error) {
      if (!isApiError(error)) throw error;
      // Known credentials without view scopes (403) or a missing worker type (404) both mean signed in.
      if (error.status === 403 || error.status === 404) return { ok: true };
      if (error.status === 401) {
        return { ok: false, message: `Sign-in failed: the API did not accept these credentials (${error.message}).` };
      }
      return { ok: false, message: `Sign-in could not be checked: ${error.message}` };
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.options.rootUrl.replace(/\/+$/, '')}${API_PREFIX}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    const credentials = this.options.credentials();
    if (credentials) headers.authorization = await hawkHeader(url, method, credentials);
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new ApiError(0, timedOut ? 'Timeout' : 'NetworkError', timedOut ? `the API did not answer within ${REQUEST_TIMEOUT_MS / 1000} s` : 'the API could not be reached');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) throw errorFromBody(response.status, parsed);
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The API's `{code, message, reasons?}`; anything else becomes a sentence with the status. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof record.code === 'string' ? record.code : `HTTP${status}`;
  const reasons = Array.isArray(record.reasons) ? record.reasons.filter((r): r is string => typeof r === 'string') : [];
  let message = typeof record.message === 'string' ? record.message : `the API answered HTTP ${status}`;
  // A validation message repeats its reasons as a list; the console shows them apart.
  if (reasons.length > 0) message = message.split('\n')[0] ?? message;
  return new ApiError(status, code, message, reasons);
}
