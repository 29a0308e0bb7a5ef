/**
 * `pnpm bench`: runs every benchmark and prints one JSON object per line.
 * Each package's bench/index.ts exports `run(print)`; figures go to stdout, never into tests.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

type Print = (result: Record<string, unknown>) => void;
interface BenchModule {
  run(print: Print): Promise<void>;
}

const SUITES = ['packages/bidding/bench', 'apps/provisioner/bench', 'apps/simulator/bench', 'apps/api/bench'];

async function main(): Promise<void> {
  const only = process.argv[2];
  const print: Print = (result) => console.log(JSON.stringify(result));
  for (const suite of SUITES) {
    if (only && !suite.includes(only)) continue;
    const entry = path.join(__dirname, '..', suite, 'index.ts');
    if (!existsSync(entry)) continue;
    const mod = (await import(entry)) as BenchModule;
    await mod.run(print);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
