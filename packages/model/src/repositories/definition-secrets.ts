/**
 * A definition's `secrets` (top level, each instance type, region and zone) apart from the
 * rest of it, so the WorkerTypes row can store the rest as a readable map and the secrets as
 * one AES-256-GCM envelope bound to the row. Pure: no keys here.
 */
import type { JsonObject } from '../schemas/identifiers';
import type { WorkerTypeDefinition } from '../schemas/worker-type';

/** Every `secrets` of a definition, by position (null: a zone entry without secrets). */
export interface DefinitionSecrets {
  readonly secrets: JsonObject;
  readonly instanceTypes: readonly JsonObject[];
  readonly regions: readonly JsonObject[];
  readonly availabilityZones: readonly (JsonObject | null)[];
}

/** The definition without any `secrets` key, and its secrets. */
export function splitSecrets(definition: WorkerTypeDefinition): { rest: JsonObject; secrets: DefinitionSecrets } {
  const { secrets, instanceTypes, regions, availabilityZones, ...others } = definition;
  return {
    rest: {
      ...others,
      instanceTypes: instanceTypes.map(({ secrets: _secrets, ...entry }) => entry),
      regions: regions.map(({ secrets: _secrets, ...entry }) => entry),
      availabilityZones: availabilityZones.map(({ secrets: _secrets, ...entry }) => entry),
    },
    secrets: {
      secrets,
      instanceTypes: instanceTypes.map((entry) => entry.secrets),
      regions: regions.map((entry) => entry.secrets),
      availabilityZones: availabilityZones.map((entry) => entry.secrets ?? null),
    },
  };
}

/**
 * The stored rest with its secrets put back; the schema checks the result. Returns undefined
 * when the secrets do not fit the rest (a different number of entries): the row is corrupt.
 */
export function joinSecrets(rest: unknown, sealed: unknown): unknown {
  if (!isObject(rest) || !isObject(sealed)) return undefined;
  const joined: Record<string, unknown> = { ...rest, secrets: sealed.secrets };
  for (const list of ['instanceTypes', 'regions', 'availabilityZones'] as const) {
    const entries = rest[list];
    const secrets = sealed[list];
    if (!Array.isArray(entries) || !Array.isArray(secrets) || entries.length !== secrets.length) return undefined;
    joined[list] = entries.map((entry: unknown, index) => {
      const value: unknown = secrets[index];
      return value === null || !isObject(entry) ? entry : { ...entry, secrets: value };
    });
  }
  return joined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
