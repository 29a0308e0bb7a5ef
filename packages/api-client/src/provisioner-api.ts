/**
 * The AWS Provisioner API v1 calls the console and the CLI make, and the read-only
 * extensions (decision, history, plan-preview), typed with packages/model's schemas (types
 * only: nothing of the model is bundled). Each method is one request, or a bounded series
 * for history's pages.
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
import { isApiError, type ApiError } from './errors';
import { SignedTransport, type TransportOptions } from './transport';

/**
 * History pages followed for one window: 14 days (the retention) of 30 s iterations is
 * 40,320 points, 41 pages of the API's 1,000.
 */
export const MAX_HISTORY_PAGES = 50;
/**
 * A name no worker type is likely to have: reading its history checks credentials through a
 * method with scopes (401 for a wrong token, 200 or 403 for known ones), with no endpoint
 * of the clients' own and no 404 for the browser to log.
 */
export const CREDENTIAL_PROBE_WORKER_TYPE = 'console-credential-check';
const PROBE_WINDOW = new Date(0);

export interface BackendStatus {
  readonly status: 'healthy' | 'unhealthy' | 'unknown';
  readonly lastCheckedIn: string | null;
  /** Why a recent iteration still leaves the provisioner not doing its job, when it does. */
  readonly degraded?: string;
}

/** `state` as the API answers it; `unmet` is an extension an older API leaves out. */
export type WorkerTypeState = WorkerTypeStateResponse & { readonly unmet?: Unmet | null };

export interface LaunchSpecEntry {
  readonly launchSpec: Record<string, unknown>;
  readonly userData: Record<string, unknown>;
  readonly secrets: Record<string, unknown>;
  readonly scopes: readonly string[];
}
/** region → instance type → zone ("*" for any) → launch spec. */
export type LaunchSpecs = Record<string, Record<string, Record<string, LaunchSpecEntry>>>;

/** A definition as typed by the console, or as read from a file by the CLI (the API validates it). */
export type DefinitionBody = WorkerTypeDefinitionInput | Readonly<Record<string, unknown>>;

export interface HistoryQuery {
  readonly since: Date | string;
  readonly until?: Date | string;
  /** Points per page (the API's default and maximum is 1,000). */
  readonly limit?: number;
  readonly continuationToken?: string;
}

export interface HistoryWindow {
  readonly points: CapacityHistoryPoint[];
  /** More points lay in the window than MAX_HISTORY_PAGES pages hold. */
  readonly truncated: boolean;
}

export type CredentialCheck =
  /** `canView`: the probe's view scope is held (false: a known client with fewer scopes). */
  | { readonly accepted: true; readonly canView: boolean }
  | { readonly accepted: false; readonly error: ApiError };

export class ProvisionerApi {
  private readonly transport: SignedTransport;

  constructor(options: TransportOptions | SignedTransport) {
    this.transport = options instanceof SignedTransport ? options : new SignedTransport(options);
  }

  get rootUrl(): string {
    return this.transport.rootUrl;
  }

  listWorkerTypeSummaries(): Promise<WorkerTypeSummary[]> {
    return this.transport.request('GET', '/list-worker-type-summaries');
  }

  listWorkerTypes(): Promise<string[]> {
    return this.transport.request('GET', '/list-worker-types');
  }

  backendStatus(): Promise<BackendStatus> {
    return this.transport.request('GET', '/backend-status');
  }

  workerType(name: string): Promise<WorkerTypeResponse> {
    return this.transport.request('GET', workerTypePath(name));
  }

  createWorkerType(name: string, definition: DefinitionBody): Promise<WorkerTypeResponse> {
    return this.transport.request('PUT', workerTypePath(name), definition);
  }

  updateWorkerType(name: string, definition: DefinitionBody): Promise<WorkerTypeResponse> {
    return this.transport.request('POST', `${workerTypePath(name)}/update`, definition);
  }

  async removeWorkerType(name: string): Promise<void> {
    await this.transport.request('DELETE', workerTypePath(name));
  }

  getLaunchSpecs(name: string): Promise<LaunchSpecs> {
    return this.transport.request('GET', `${workerTypePath(name)}/launch-specifications`);
  }

  state(name: string): Promise<WorkerTypeState> {
    return this.transport.request('GET', `/state/${encodeURIComponent(name)}`);
  }

  /** The daemon's last decision; null when none is recorded yet (404). */
  async decision(name: string): Promise<WorkerTypeDecision | null> {
    try {
      return await this.transport.request<WorkerTypeDecision>('GET', `${workerTypePath(name)}/decision`);
    } catch (error) {
      if (isApiError(error, 404)) return null;
      throw error;
    }
  }

  /** One page of capacity history, oldest point first. */
  historyPage(name: string, query: HistoryQuery): Promise<CapacityHistoryPage> {
    const params = new URLSearchParams({ since: isoOf(query.since) });
    if (query.until !== undefined) params.set('until', isoOf(query.until));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.continuationToken) params.set('continuationToken', query.continuationToken);
    return this.transport.request('GET', `${workerTypePath(name)}/history?${params.toString()}`);
  }

  /** Every history point in [since, until], following continuation tokens up to MAX_HISTORY_PAGES pages. */
  async history(name: string, window: Pick<HistoryQuery, 'since' | 'until'>): Promise<HistoryWindow> {
    const points: CapacityHistoryPoint[] = [];
    let continuationToken: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const result = await this.historyPage(name, { ...window, ...(continuationToken ? { continuationToken } : {}) });
      points.push(...result.points);
      continuationToken = result.continuationToken;
      if (!continuationToken) return { points, truncated: false };
    }
    return { points, truncated: true };
  }

  /** The plan the next iteration would make for `definition`, or for the stored one without it. */
  planPreview(name: string, definition?: DefinitionBody): Promise<PlanPreviewResponse> {
    return this.transport.request('POST', `${workerTypePath(name)}/plan-preview`, definition);
  }

  /** Whether the API accepts `credentials`; a 401 is an answer here, anything else unexpected is thrown. */
  async checkCredentials(credentials: Credentials): Promise<CredentialCheck> {
    const probe = new ProvisionerApi(this.transport.withCredentials(credentials));
    try {
      // An empty window far in the past: an answer of nothing, whatever either clock says.
      await probe.historyPage(CREDENTIAL_PROBE_WORKER_TYPE, { since: PROBE_WINDOW, until: PROBE_WINDOW, limit: 1 });
      return { accepted: true, canView: true };
    } catch (error) {
      if (isApiError(error, 403)) return { accepted: true, canView: false };
      if (isApiError(error, 401)) return { accepted: false, error };
      throw error;
    }
  }
}

function workerTypePath(name: string): string {
  return `/worker-type/${encodeURIComponent(name)}`;
}

function isoOf(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString();
}
