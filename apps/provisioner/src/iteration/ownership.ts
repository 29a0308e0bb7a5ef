/** How EC2 resources name their provisioner and worker type (tags set at creation). */
import { TAG_NAME, TAG_OWNER, TAG_WORKER_TYPE } from '../ec2/port';

/** `<provisionerId>/<workerType>`: the WorkerType tag value, as Taskcluster names worker pools. */
export function workerTypeTag(provisionerId: string, workerType: string): string {
  return `${provisionerId}/${workerType}`;
}

/** The worker type a WorkerType tag names, or undefined when the tag is absent or another provisioner's. */
export function workerTypeFromTag(provisionerId: string, tag: string | undefined): string | undefined {
  const prefix = `${provisionerId}/`;
  if (tag === undefined || !tag.startsWith(prefix)) return undefined;
  const name = tag.slice(prefix.length);
  return name === '' ? undefined : name;
}

export function launchTags(provisionerId: string, workerType: string): Record<string, string> {
  const tag = workerTypeTag(provisionerId, workerType);
  return { [TAG_NAME]: tag, [TAG_OWNER]: provisionerId, [TAG_WORKER_TYPE]: tag };
}
