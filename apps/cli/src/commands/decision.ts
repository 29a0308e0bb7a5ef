/** `decision <name>` and `preview -f <file>`: what the daemon decided (or would decide), and why. */
import type { ProvisionerApi } from '@spot-provisioner/api-client';
import type { PlanPreviewResponse } from '@spot-provisioner/model';
import { loadDefinition } from '../definitions';
import { RefusedError, UsageError } from '../errors';
import { json, type Output } from '../output';
import { renderDecision } from './decision-view';

export async function decisionCommand(api: ProvisionerApi, name: string, options: { json: boolean }, output: Output): Promise<number> {
  const decision = await api.decision(name);
  if (!decision) {
    throw new RefusedError(`no decision has been recorded for ${name} yet: the daemon records one each iteration once it has seen the worker type`);
  }
  output.out(options.json ? json(decision) : renderDecision(decision));
  return 0;
}

export async function previewCommand(api: ProvisionerApi, file: string, options: { json: boolean }, output: Output): Promise<number> {
  const loaded = loadDefinition(file);
  if (loaded.problem !== undefined) {
    if (/^cannot read .*ENOENT/.test(loaded.problem)) throw new UsageError(`-f ${file}: no such file`);
    throw new RefusedError(loaded.problem);
  }
  const preview = await api.planPreview(loaded.name, loaded.body);
  output.out(options.json ? json(preview) : renderPreview(preview));
  return 0;
}

export function renderPreview(preview: PlanPreviewResponse): string {
  const asOf = preview.pricesAsOf ? `prices and zones as of ${preview.pricesAsOf}` : 'no prices recorded yet (the daemon has not iterated)';
  return `Plan preview for ${preview.workerType} (${asOf}); nothing was launched.\n${renderDecision(preview.decision)}`;
}
