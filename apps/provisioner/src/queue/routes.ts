/**
 * The queue's v1 routes the daemon uses, as the official taskcluster-client `Queue` class
 * builds them (its API reference: each argument URI-encoded, under `<rootUrl>/api/queue/v1`).
 * The client and the development stand-in both take their paths from here.
 */

export const QUEUE_API_PREFIX = '/api/queue/v1';

const e = encodeURIComponent;

export const queueRoutes = {
  pendingTasks: (provisionerId: string, workerType: string) => `/pending/${e(provisionerId)}/${e(workerType)}`,
  listWorkers: (provisionerId: string, workerType: string) => `/provisioners/${e(provisionerId)}/worker-types/${e(workerType)}/workers`,
  /** getWorker (GET) and quarantineWorker (PUT) share it. */
  worker: (provisionerId: string, workerType: string, workerGroup: string, workerId: string) =>
    `/provisioners/${e(provisionerId)}/worker-types/${e(workerType)}/workers/${e(workerGroup)}/${e(workerId)}`,
  status: (taskId: string) => `/task/${e(taskId)}/status`,
} as const;

/** listWorkers' query-string options, as the client names them. */
export interface ListWorkersQuery {
  continuationToken?: string;
  limit?: number;
  /** true: only quarantined workers; false: only the others; absent: all. */
  quarantined?: boolean;
}

export type QueueRoute =
  | { name: 'pendingTasks'; provisionerId: string; workerType: string }
  | { name: 'listWorkers'; provisionerId: string; workerType: string }
  | { name: 'worker'; provisionerId: string; workerType: string; workerGroup: string; workerId: string }
  | { name: 'status'; taskId: string };

const ROUTE_PATTERNS: readonly [RegExp, (parts: string[]) => QueueRoute][] = [
  [/^\/pending\/([^/]+)\/([^/]+)\/?$/, ([p, w]) => ({ name: 'pendingTasks', provisionerId: p!, workerType: w! })],
  [/^\/provisioners\/([^/]+)\/worker-types\/([^/]+)\/workers\/?$/, ([p, w]) => ({ name: 'listWorkers', provisionerId: p!, workerType: w! })],
  [
    /^\/provisioners\/([^/]+)\/worker-types\/([^/]+)\/workers\/([^/]+)\/([^/]+)\/?$/,
    ([p, w, g, id]) => ({ name: 'worker', provisionerId: p!, workerType: w!, workerGroup: g!, workerId: id! }),
  ],
  [/^\/task\/([^/]+)\/status\/?$/, ([taskId]) => ({ name: 'status', taskId: taskId! })],
];

/** The route a path (below QUEUE_API_PREFIX) names, its parts decoded; undefined when none. */
export function matchQueueRoute(path: string): QueueRoute | undefined {
  for (const [pattern, build] of ROUTE_PATTERNS) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      return build(match.slice(1).map((part) => decodeURIComponent(part)));
    } catch {
      return undefined; // a malformed %-escape names nothing
    }
  }
  return undefined;
}
