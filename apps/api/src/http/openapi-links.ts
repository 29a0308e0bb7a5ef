/**
 * OpenAPI links: which operation's answer names the resource another operation acts on, so
 * that clients (and stateful fuzzers such as schemathesis, apps/api/fuzz) can chain them: a
 * created worker type can then be read, updated, previewed and removed, a stored secret taken
 * and removed.
 */

export interface OpenApiLink {
  readonly operationId: string;
  readonly description: string;
  /** parameter name → runtime expression. */
  readonly parameters: Readonly<Record<string, string>>;
  /** A runtime expression for the body, e.g. `$request.body`; absent: the caller chooses it. */
  readonly requestBody?: string;
}

const sameWorkerType = { workerType: '$request.path.workerType' };
const sameToken = { token: '$request.path.token' };

/** Links from a created worker type to what can be done with it next. */
const workerTypeLinks: Readonly<Record<string, OpenApiLink>> = {
  WorkerType: { operationId: 'workerType', description: 'Read the definition back', parameters: sameWorkerType },
  UpdateWorkerType: { operationId: 'updateWorkerType', description: 'Replace its definition', parameters: sameWorkerType },
  ResendDefinition: {
    operationId: 'updateWorkerType',
    description: 'Send the same definition again as an update',
    parameters: sameWorkerType,
    requestBody: '$request.body',
  },
  RemoveWorkerType: { operationId: 'removeWorkerType', description: 'Delete it', parameters: sameWorkerType },
  LaunchSpecs: { operationId: 'getLaunchSpecs', description: 'Its launch specifications', parameters: sameWorkerType },
  State: { operationId: 'state', description: "The provisioner's view of its capacity", parameters: sameWorkerType },
  LastModified: { operationId: 'workerTypeLastModified', description: 'When it last changed', parameters: sameWorkerType },
  PlanPreview: { operationId: 'workerTypePlanPreview', description: 'What the next iteration would decide for it', parameters: sameWorkerType },
  History: { operationId: 'workerTypeHistory', description: 'Its capacity history', parameters: sameWorkerType },
};

/** Links from a stored secret to what its instance does with the token. */
const secretLinks: Readonly<Record<string, OpenApiLink>> = {
  GetSecret: { operationId: 'getSecret', description: 'The new instance takes the secret (once)', parameters: sameToken },
  InstanceStarted: { operationId: 'instanceStarted', description: 'The instance reports in with its token', parameters: sameToken },
  RemoveSecret: { operationId: 'removeSecret', description: 'The instance removes the secret', parameters: sameToken },
};

/** operationId → status code → links from that answer. */
export const OPERATION_LINKS: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, OpenApiLink>>>>>> = {
  createWorkerType: { '200': workerTypeLinks },
  createSecret: { '200': secretLinks },
};
