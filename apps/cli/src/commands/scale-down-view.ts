/** The scale-down part of `decision`: what was kept warm, each drain step with its reason, and why the others were kept. */
import type { ScaleDownDecision } from '@spot-provisioner/model';

/** Instances kept for one reason are named individually up to this many; beyond, counted. */
const NAMED_PER_REASON = 10;

export function renderScaleDown(scaleDown: ScaleDownDecision | undefined): string[] {
  if (!scaleDown) return [];
  const lines = ['', `scale-down: ${scaleDown.explanation}`, `          budget ${scaleDown.budget} draining at once, boot ${scaleDown.bootSeconds} s`];
  for (const a of scaleDown.actions) lines.push(`  ${a.action.padEnd(10)} ${a.instanceId} in ${a.region}: ${a.reason}`);
  const byReason = new Map<string, ScaleDownDecision['kept']>();
  for (const k of scaleDown.kept) byReason.set(k.reason, [...(byReason.get(k.reason) ?? []), k]);
  for (const [reason, kept] of byReason) {
    if (reason === 'busy') {
      lines.push(`  kept (busy): ${kept.length} running a task`);
      continue;
    }
    lines.push(`  kept (${reason}): ${kept.length}`);
    for (const k of kept.slice(0, NAMED_PER_REASON)) lines.push(`    ${k.instanceId} in ${k.region}: ${k.detail}`);
    if (kept.length > NAMED_PER_REASON) lines.push(`    … and ${kept.length - NAMED_PER_REASON} more`);
  }
  return lines;
}
