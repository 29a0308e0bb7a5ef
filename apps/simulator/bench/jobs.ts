/**
 * Simulated days as jobs: each (trace, seed, setting) runs in its own process, a few at once,
 * and its summary is cached on disk by the job's key, so a sweep can be re-run, extended or
 * re-plotted without simulating again. Delete the cache after changing the code.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { KeepWarmSettings } from '@spot-provisioner/bidding';

export interface Setting {
  label: string;
  policy?: string;
  scaleDown?: 'on' | 'off';
  minIdleSeconds?: number;
  /** Other fields of every definition's scaleDown (e.g. bootMarginPercent). */
  scaleDownFields?: Record<string, number>;
  scalingRatio?: number;
  keepWarm?: Partial<KeepWarmSettings>;
}

export interface Job {
  trace: string;
  seed: number;
  setting: Setting;
}

export type Summary = Record<string, unknown>;

const JOB_ENTRY = path.join(__dirname, 'job.ts');
const TSX = path.join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');

export const jobKey = (job: Job) => JSON.stringify({ trace: job.trace, seed: job.seed, setting: { ...job.setting, label: undefined } });

/** Runs the jobs, `parallel` at once, reusing cached summaries; resolves them in the jobs' order. */
export async function runJobs(jobs: readonly Job[], options: { parallel: number; cacheFile: string; log?: (line: string) => void }): Promise<Summary[]> {
  mkdirSync(path.dirname(path.resolve(options.cacheFile)), { recursive: true });
  const cache = new Map<string, Summary>();
  if (existsSync(options.cacheFile)) {
    for (const line of readFileSync(options.cacheFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { key, summary } = JSON.parse(line) as { key: string; summary: Summary };
      cache.set(key, summary);
    }
  }
  const results: Summary[] = new Array<Summary>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index] as Job;
      const key = jobKey(job);
      let summary = cache.get(key);
      if (!summary) {
        summary = await runOne(job);
        cache.set(key, summary);
        appendFileSync(options.cacheFile, `${JSON.stringify({ key, summary })}\n`);
        options.log?.(`${job.trace} seed ${job.seed} ${job.setting.label}: p95 ${String(summary.waitP95S)} s, $${String(summary.costUsd)}`);
      }
      results[index] = summary;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, worker));
  return results;
}

function runOne(job: Job): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [JOB_ENTRY, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`job ${jobKey(job)} exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() as string) as Summary);
    });
  });
}
