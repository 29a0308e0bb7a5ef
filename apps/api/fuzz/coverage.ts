/**
 * How deep the fuzz stage reached: which operations of the OpenAPI document answered 2xx at
 * least once. An operation that only ever answered 4xx was tested at its door (validation,
 * auth, 404) and never in its core.
 */

/** The part of an OpenAPI document this reads. */
export interface OpenApiPaths {
  readonly paths?: Record<string, Record<string, unknown>>;
}

export interface DocumentedOperation {
  readonly operationId: string;
  /** Upper case, e.g. 'PUT'. */
  readonly method: string;
  /** The document's path template, e.g. '/api/aws-provisioner/v1/worker-type/{workerType}'. */
  readonly path: string;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

export function documentedOperations(document: OpenApiPaths): DocumentedOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => ({
        operationId: (operation as { operationId?: string }).operationId ?? `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
      })),
  );
}

/** Fastify's route pattern (`/worker-type/:workerType`) as an OpenAPI path template (`/worker-type/{workerType}`). */
export function pathTemplate(routeUrl: string): string {
  return routeUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Counts, per documented operation, the answers by status class. */
export class OperationCoverage {
  private readonly byRoute = new Map<string, DocumentedOperation>();
  private readonly succeeded = new Set<string>();

  constructor(readonly operations: readonly DocumentedOperation[]) {
    for (const operation of operations) this.byRoute.set(`${operation.method} ${operation.path}`, operation);
  }

  /** One answer of the API; routes outside the document (the `/v1/` aliases, the document itself) are ignored. */
  record(method: string, routeUrl: string | undefined, status: number): void {
    if (routeUrl === undefined || status < 200 || status >= 300) return;
    const operation = this.byRoute.get(`${method.toUpperCase()} ${pathTemplate(routeUrl)}`);
    if (operation) this.succeeded.add(operation.operationId);
  }

  /** operationIds that answered 2xx at least once, in document order. */
  answered(): string[] {
    return this.operations.map((operation) => operation.operationId).filter((id) => this.succeeded.has(id));
  }

  /** operationIds that never answered 2xx, in document order. */
  neverAnswered(): string[] {
    return this.operations.map((operation) => operation.operationId).filter((id) => !this.succeeded.has(id));
  }
}
