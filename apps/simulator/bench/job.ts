/** One sweep job in its own process (bench/jobs.ts): prints the run's summary as one JSON line. */
import { DEFAULT_KEEP_WARM_SETTINGS } from '@spot-provisioner/bidding';
import { runNamed } from '../src/run';
import type { Job } from './jobs';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const { setting } = job;
  const { summary } = await runNamed({
    trace: job.trace,
    seed: job.seed,
    ...(setting.policy === undefined ? {} : { policy: setting.policy }),
    ...(setting.scaleDown === undefined ? {} : { scaleDown: setting.scaleDown }),
    ...(setting.minIdleSeconds === undefined ? {} : { minIdleSeconds: setting.minIdleSeconds }),
    ...(setting.scaleDownFields === undefined ? {} : { scaleDownFields: setting.scaleDownFields }),
    ...(setting.scalingRatio === undefined ? {} : { scalingRatio: setting.scalingRatio }),
    ...(setting.keepWarm === undefined ? {} : { keepWarm: { ...DEFAULT_KEEP_WARM_SETTINGS, ...setting.keepWarm } }),
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
