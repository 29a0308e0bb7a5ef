/**
 * What the fuzz stage puts in the engines before schemathesis starts, so that the OpenAPI
 * document's examples pass every check the API makes (fuzz-document.ts fits them to it):
 * an AMI and the examples' security group in each managed region (through the EC2 gateway,
 * as the local stack's seed does), the daemon's decision for the example worker type, as the
 * planner makes it (there is no daemon in the stage; without it `workerTypeDecision` could
 * only answer 404), and, before each run, the standing worker type and the example secret.
 */
import { CreateSecurityGroupCommand, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { DAEMON_EC2_TIMEOUTS, Ec2Error, Ec2Gateway } from '@spot-provisioner/ec2-gateway';
import type { CreateSecretRequest, WorkerTypeDecision, WorkerTypeDefinitionInput } from '@spot-provisioner/model';
import type { ApiRepositories } from '../src';
import { EXAMPLE_SECURITY_GROUP, EXAMPLE_TOKEN, EXAMPLE_WORKER_TYPE, SCHEMA_EXAMPLES } from '../src/http/openapi-examples';
import { computePreview } from '../src/preview/preview-runner';
import { fitExample, STANDING_WORKER_TYPE, type FuzzEngineState } from './fuzz-document';

const DUPLICATE_GROUP = 'InvalidGroup.Duplicate';
/** The example secret must outlive the stage: its runs end within RUN_TIMEOUT_MS (8 min) each. */
const SECRET_LIFETIME_MS = 6 * 60 * 60 * 1000;

/** Registers an AMI and creates the examples' security group in each region; returns what the document needs. */
export async function prepareEc2(regions: readonly string[], now: Date): Promise<FuzzEngineState> {
  const gateway = new Ec2Gateway({ timeouts: DAEMON_EC2_TIMEOUTS });
  try {
    const images: Record<string, string> = {};
    for (const region of regions) {
      const { ImageId } = await gateway.call(region, 'RegisterImage', (client) =>
        client.send(new RegisterImageCommand({ Name: `fuzz-${region}`, RootDeviceName: '/dev/xvda' })),
      );
      if (!ImageId) throw new Error(`the EC2 engine registered no AMI in ${region}`);
      images[region] = ImageId;
      await gateway
        .call(region, 'CreateSecurityGroup', (client) =>
          client.send(new CreateSecurityGroupCommand({ GroupName: EXAMPLE_SECURITY_GROUP, Description: 'the OpenAPI examples' })),
        )
        // an engine the stage shares (a test's) may have it already: only its existence matters
        .catch((error: unknown) => {
          if (!(error instanceof Ec2Error && error.code === DUPLICATE_GROUP)) throw error;
        });
    }
    return { images, securityGroup: EXAMPLE_SECURITY_GROUP, secretExpiration: new Date(now.getTime() + SECRET_LIFETIME_MS).toISOString() };
  } finally {
    gateway.destroy();
  }
}

/** The decision the daemon would record for the example worker type now (no recorded prices: its capacity is unmet). */
export function exampleDecision(managedRegions: readonly string[], now: Date): WorkerTypeDecision {
  const outcome = computePreview({
    workerType: EXAMPLE_WORKER_TYPE,
    definition: SCHEMA_EXAMPLES.WorkerTypeDefinition,
    edited: true,
    managedRegions,
    markets: [],
    capacity: null,
    lastDecision: null,
    now: now.toISOString(),
  });
  if (outcome.kind !== 'preview') throw new Error(`the example definition cannot be planned: ${outcome.reasons.join('; ')}`);
  return outcome.response.decision;
}

/**
 * Puts back what the fuzz document's examples and name pools expect (fuzz-document.ts): the
 * standing worker type with the example definition, no worker type under the example's name
 * (its examples create it), and the example secret, live and not taken. Written through the
 * API's own repositories; the API's read caches (1 s) have forgotten the old rows by the time
 * schemathesis has loaded the document.
 */
export async function restoreExamples(repositories: ApiRepositories, state: FuzzEngineState, now: Date): Promise<void> {
  const definition = fitExample(SCHEMA_EXAMPLES.WorkerTypeDefinition, state) as WorkerTypeDefinitionInput;
  await repositories.workerTypes.delete(STANDING_WORKER_TYPE);
  await repositories.workerTypes.create(STANDING_WORKER_TYPE, definition, now);
  await repositories.workerTypes.delete(EXAMPLE_WORKER_TYPE);
  const secret = fitExample(SCHEMA_EXAMPLES.CreateSecretRequest, state) as CreateSecretRequest;
  await repositories.secrets.remove(EXAMPLE_TOKEN);
  await repositories.secrets.create(secret, now);
}
