/**
 * The API as the CLI uses it: Hawk-signed fetches, as any Taskcluster client signs them.
 * No retries: an operator at a terminal wants the API's answer now, not after seconds of
 * backoff on a 500 (what taskcluster-client does), and a refused connection is reported at once.
 */
import type {
  CapacityHistoryPage,
  PlanPreviewResponse,
  Unmet,
  WorkerTypeDecision,
  WorkerTypeResponse,
  WorkerTypeStateResponse,
  WorkerTypeSummary,
} from '@spot-provisioner/model';
import Hawk from 'hawk';
import type { ApiTarget } from './environment';
import { ApiError, UnreachableError } from './errors';

/** Long enough for a plan preview over many regions on a busy machine; an API this slow is broken. */
const REQUEST_TIMEOUT_MS = 30_000;
const API_PATH = '/api/aws-provisioner/v1';

/** `state` as the API answers it; `unmet` is the issue-9 addition (absent from older APIs). */
export type WorkerTypeState = WorkerTypeStateResponse & { unmet?: Unmet | null };

export class ProvisionerApi {
  constructor(private readonly target: ApiTarget) {}

  get rootUrl(): string {
    return this.target.rootUrl;
  }

  listWorkerTypeSummaries(): Promise<WorkerTypeSummary[]> {
    return this.request('GET', '/list-worker-type-summaries');
  }

  listWorkerTypes(): Promise<string[]> {
    return this.request('GET', '/list-worker-types');
  }

  workerType(name: string): Promise<WorkerTypeResponse> {
    return this.request('GET', `/worker-type/${encodeURIComponent(name)}`);
  }

  createWorkerType(name: string, definition: unknown): Promise<WorkerTypeResponse> {
    return this.request('PUT', `/worker-type/${encodeURIComponent(name)}`, definition);
  }

  updateWorkerType(name: string, definition: unknown): Promise<WorkerTypeResponse> {
    return this.request('POST', `/worker-type/${encodeURIComponent(name)}/update`, definition);
  }

  removeWorkerType(name: string): Promise<void> {
    return this.request('DELETE', `/worker-type/${encodeURIComponent(name)}`);
  }

  state(name: string): Promise<WorkerTypeState> {
    return this.request('GET', `/state/${encodeURIComponent(name)}`);
  }

  decision(name: string): Promise<WorkerTypeDecision> {
    return this.request('GET', `/worker-type/${encodeURIComponent(name)}/decision`);
  }

  history(name: string, query: { since: string; until?: string; limit?: number; continuationToken?: string }): Promise<CapacityHistoryPage> {
    const params = new URLSearchParams({ since: query.since });
    if (query.until) params.set('until', query.until);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.continuationToken) params.set('continuationToken', query.continuationToken);
    return this.request('GET', `/worker-type/${encodeURIComponent(name)}/history?${params.toString()}`);
  }

  /** Without a definition, the stored one is previewed. */
  planPreview(name: string, definition?: unknown): Promise<PlanPreviewResponse> {
    return this.request('POST', `/worker-type/${encodeURIComponent(name)}/plan-preview`, definition);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.target.rootUrl}${API_PATH}${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const authorization = this.authorization(url, method, payload);
    if (authorization) headers.authorization = authorization;

    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: payload, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new UnreachableError(`cannot reach the API at ${this.target.rootUrl} (${networkCause(error)}); is it running? (TASKCLUSTER_ROOT_URL)`);
    }
    const text = await response.text();
    if (!response.ok) throw apiError(response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private authorization(url: string, method: string, payload: string | undefined): string | undefined {
    const credentials = this.target.credentials;
    if (!credentials) return undefined;
    const ext = credentials.certificate
      ? Buffer.from(JSON.stringify({ certificate: JSON.parse(credentials.certificate) as unknown })).toString('base64')
      : undefined;
    return Hawk.client.header(url, method, {
      credentials: { id: credentials.clientId, key: credentials.accessToken, algorithm: 'sha256' },
      ...(payload !== undefined ? { payload, contentType: 'application/json' } : {}),
      ...(ext ? { ext } : {}),
    }).header;
  }
}

function apiError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; reasons?: unknown };
    const reasons = Array.isArray(body.reasons) ? body.reasons.map(String) : [];
    return new ApiError(status, String(body.code ?? `HTTP ${status}`), String(body.message ?? text), reasons);
  } catch {
    return new ApiError(status, `HTTP ${status}`, text.slice(0, 200) || 'no body', []);
  }
}

/** fetch hides the reason in `cause` (an AggregateError when several addresses were tried). */
export function networkCause(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000}s`;
  const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
}
