/** `decision <name>` and `preview -f <file>`: what the daemon decided (or would decide), and why. */
import type { PlanPreviewResponse, WorkerTypeDecision } from '@spot-provisioner/model';
import type { ProvisionerApi } from '../api-client';
import { loadDefinition } from '../definitions';
import { RefusedError, UsageError } from '../errors';
import { json, price, table, type Output } from '../output';
import { renderScaleDown } from './scale-down-view';

export async function decisionCommand(api: ProvisionerApi, name: string, options: { json: boolean }, output: Output): Promise<number> {
  const decision = await api.decision(name);
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

export function renderDecision(decision: WorkerTypeDecision): string {
  const { inputs, capacity } = decision;
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  const lines = [
    `${decision.workerType}: ${decision.status} (decided ${decision.decidedAt})`,
    `inputs:   pending tasks ${inputs.pendingTasks ?? 'unknown (queue did not answer)'}, running ${inputs.runningCapacity}, ` +
      `pending ${inputs.pendingCapacity}, requested ${inputs.requestedCapacity}; min ${inputs.minCapacity}, max ${inputs.maxCapacity}, ` +
      `scaling ratio ${inputs.scalingRatio} (policy ${inputs.policy})`,
    `change:   ${signed(capacity.change)}${capacity.bounded ? ` (clipped by ${capacity.bounded}; unbounded ${signed(capacity.unboundedChange)})` : ''}, headroom ${capacity.headroom}`,
    `          ${capacity.explanation}`,
  ];
  for (const round of decision.rounds) {
    lines.push('', `round ${round.round}: placed ${round.placedCapacity}, unmet ${round.unmet}`);
    if (round.launches.length > 0) {
      lines.push(
        indent(
          table(
            ['MARKET', 'ZONE', 'INSTANCE TYPE', 'COUNT', 'CAPACITY', 'PRICE/H', 'PER UTILITY', 'MAX PRICE'],
            round.launches.map((l) => [l.market, l.availabilityZone, l.instanceType, l.count, l.capacity, price(l.price), price(l.pricePerUtility), price(l.maxPrice)]),
          ),
        ),
      );
    }
    for (const group of round.rejected) {
      lines.push(`  rejected by ${group.filter}: ${group.count} pool${group.count === 1 ? '' : 's'}: ${group.summary}`);
      for (const example of group.examples) {
        lines.push(`    e.g. ${example.market} ${example.availabilityZone ?? example.region} ${example.instanceType}: ${example.reason}`);
      }
    }
  }
  if (decision.unmet) lines.push('', `unmet:    ${decision.unmet.capacity}: ${decision.unmet.reason}`);
  if (decision.outcomes.length > 0) {
    lines.push('', 'launch outcomes:');
    for (const o of decision.outcomes) {
      const detail = o.instanceId ?? [o.code, o.message].filter(Boolean).join(': ');
      lines.push(`  ${o.outcome} ${o.market} ${o.availabilityZone} ${o.instanceType}${detail ? `: ${detail}` : ''}`);
    }
  }
  if (decision.cleanup.length > 0) {
    lines.push('', 'cleanup:');
    for (const c of decision.cleanup) lines.push(`  ${c.action} ${c.id} in ${c.region} (${c.reason}): ${c.detail}`);
  }
  lines.push(...renderScaleDown(decision.scaleDown));
  if (decision.notes.length > 0) lines.push('', 'notes:', ...decision.notes.map((note) => `  - ${note}`));
  if (decision.error) lines.push('', `error:    ${decision.error}`);
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
