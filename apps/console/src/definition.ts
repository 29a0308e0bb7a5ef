/** The worker-type definition as the editor holds it: JSON text in, API body out. Pure. */
import type { WorkerTypeDefinitionInput, WorkerTypeResponse } from '@spot-provisioner/model';

/** The API's rule for worker-type names. */
export const WORKER_TYPE_NAME = /^[a-zA-Z0-9-_]{1,38}$/;

export function nameProblem(name: string): string | undefined {
  if (!name) return 'Enter a name.';
  if (!WORKER_TYPE_NAME.test(name)) return 'A name is 1 to 38 letters, digits, "-" or "_".';
  return undefined;
}

/** A starting point for Create: every required key, one instance type, one region to fill in. */
export const DEFINITION_TEMPLATE: WorkerTypeDefinitionInput = {
  description: 'What runs on these workers',
  owner: 'team@example.com',
  minCapacity: 0,
  maxCapacity: 4,
  scalingRatio: 0,
  minPrice: 0,
  maxPrice: 0.5,
  canUseOndemand: false,
  canUseSpot: true,
  launchSpec: {},
  userData: {},
  secrets: {},
  scopes: [],
  instanceTypes: [{ instanceType: 'm5.large', capacity: 1, utility: 1, launchSpec: {}, secrets: {}, userData: {}, scopes: [] }],
  regions: [{ region: 'us-east-1', launchSpec: { ImageId: 'ami-00000000000000000' }, secrets: {}, userData: {}, scopes: [] }],
  availabilityZones: [],
};

/** The editable part of a stored worker type: the response less the keys the API adds. */
export function definitionOf(response: WorkerTypeResponse): WorkerTypeDefinitionInput {
  const { workerType: _workerType, lastModified: _lastModified, ...definition } = response;
  return definition;
}

export function toEditorText(definition: WorkerTypeDefinitionInput): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}

export type ParsedDefinition =
  | { readonly ok: true; readonly definition: WorkerTypeDefinitionInput }
  | { readonly ok: false; readonly message: string };

/** JSON syntax only; the API checks the rest and lists every reason. */
export function parseDefinition(text: string): ParsedDefinition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The definition is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The definition must be a JSON object.' };
  }
  return { ok: true, definition: value as WorkerTypeDefinitionInput };
}
