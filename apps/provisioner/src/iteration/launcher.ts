/**
 * Act, for one planned launch: the Secret first (so the instance can trade its token the
 * moment it boots), the launch record next (so a crash after RunInstances is not forgotten),
 * then RunInstances for exactly one instance. A launch EC2 refused removes both again; one
 * whose outcome is unknown keeps them.
 */
import type { Launch } from '@spot-provisioner/bidding';
import { buildLaunchSpecification } from '@spot-provisioner/launch-spec';
import type { LaunchRecord, LaunchRepository, SecretRepository, WorkerTypeRecord } from '@spot-provisioner/model';
import slugid from 'slugid';
import type { Clock } from '../clock';
import { outcomeUnknown } from '@spot-provisioner/ec2-gateway';
import type { KeyPairs } from '../ec2/key-pairs';
import { launchTags, type Ec2Port, type LaunchedInstance } from '../ec2/port';

/** The token is a one-time capability; an instance that has not booted and fetched it within 40 minutes never will. */
export const SECRET_LIFETIME_MS = 40 * 60_000;

export interface LauncherDeps {
  provisionerId: string;
  provisionerBaseUrl: string;
  taskclusterRootUrl: string;
  ec2: Ec2Port;
  secrets: SecretRepository;
  launches: LaunchRepository;
  clock: Clock;
  /** Present when INSTANCE_PUBLIC_KEY is configured. */
  keyPairs: KeyPairs | undefined;
  /** Fresh slugids; injectable so tests can predict them. */
  newSlugid?: () => string;
}

export interface SubmittedLaunch {
  record: LaunchRecord;
  instance: LaunchedInstance;
}

export class Launcher {
  private readonly newSlugid: () => string;

  constructor(private readonly deps: LauncherDeps) {
    this.newSlugid = deps.newSlugid ?? (() => slugid.nice());
  }

  /** Throws CapacityError when the pool refuses; any other error is the worker type's. */
  async launch(workerType: WorkerTypeRecord, launch: Launch): Promise<SubmittedLaunch> {
    const { deps } = this;
    const now = new Date(deps.clock.now());
    const token = this.newSlugid();
    // The launch id is public (state API, EC2 ClientToken); it must never be the token.
    const launchId = this.newSlugid();
    const keyName = deps.keyPairs ? await deps.keyPairs.ensure(launch.region) : undefined;
    const pool = { region: launch.region, availabilityZone: launch.availabilityZone, instanceType: launch.instanceType };
    const spec = buildLaunchSpecification(workerType.definition, pool, {
      workerType: workerType.workerType,
      provisionerId: deps.provisionerId,
      lastModified: workerType.lastModified,
      provisionerBaseUrl: deps.provisionerBaseUrl,
      taskclusterRootUrl: deps.taskclusterRootUrl,
      generatedAt: now,
      spotBid: launch.market === 'spot' ? launch.maxPrice : null,
      price: launch.spotPrice,
      securityToken: token,
      keyName,
    });

    await deps.secrets.create(
      {
        workerType: workerType.workerType,
        secrets: spec.secrets,
        scopes: [...spec.scopes],
        token,
        expiration: new Date(now.getTime() + SECRET_LIFETIME_MS).toISOString(),
      },
      now,
    );
    let record: LaunchRecord;
    try {
      record = await deps.launches.record(
        {
          workerType: workerType.workerType,
          launchId,
          region: launch.region,
          zone: launch.availabilityZone,
          instanceType: launch.instanceType,
          capacity: launch.capacity,
          market: launch.market,
          clientToken: launchId,
        },
        now,
      );
    } catch (err) {
      await deps.secrets.remove(token).catch(() => undefined);
      throw err;
    }

    let instance: LaunchedInstance;
    try {
      instance = await deps.ec2.runInstance({
        region: launch.region,
        availabilityZone: launch.availabilityZone,
        instanceType: launch.instanceType,
        market: launch.market,
        maxPrice: launch.market === 'spot' ? launch.maxPrice : undefined,
        launchSpec: spec.launchSpec,
        userData: String(spec.launchSpec.UserData),
        tags: launchTags(deps.provisionerId, workerType.workerType),
        clientToken: record.clientToken,
        keyName,
      });
    } catch (err) {
      // EC2 may have launched it anyway (server fault, lost answer): keep the record, which
      // counts as pending capacity until EC2 shows the instance or it expires, and the token,
      // so the instance can still boot. Only a refusal means nothing was launched.
      if (!outcomeUnknown(err)) {
        await Promise.allSettled([deps.launches.remove(workerType.workerType, launchId), deps.secrets.remove(token)]);
      }
      throw err;
    }
    const ids = {
      instanceIds: [instance.instanceId],
      ...(instance.spotRequestId ? { spotRequestIds: [instance.spotRequestId] } : {}),
    };
    // The record already counts as pending capacity; the ids only make it match EC2 sooner.
    const updated = await deps.launches.attachIds(workerType.workerType, launchId, ids).catch(() => null);
    return { record: updated ?? { ...record, ...ids }, instance };
  }
}
