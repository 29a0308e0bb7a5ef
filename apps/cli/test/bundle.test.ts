/** The bin runs the CLI's bundle only while no source it was built from has changed since. */
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './support';

// plain CommonJS, read by the bin before anything TypeScript loads
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleIsFresh } = require('../bin/bundle.cjs') as { bundleIsFresh(bundle: string, inputs: string, root: string): boolean };

describe("the CLI bundle's freshness", () => {
  const root = tempDir('bundle');
  const bundle = path.join(root, 'dist', 'cli.cjs');
  const inputs = path.join(root, 'dist', 'inputs.json');
  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

  beforeEach(() => {
    mkdirSync(path.join(root, 'src'), { recursive: true });
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    for (const source of ['src/a.ts', 'src/b.ts']) {
      writeFileSync(path.join(root, source), '');
      at(path.join(root, source), 1_000);
    }
    writeFileSync(bundle, '');
    writeFileSync(inputs, JSON.stringify(['src/a.ts', 'src/b.ts']));
    at(bundle, 2_000);
  });

  it('is fresh when built after every source it holds', () => {
    expect(bundleIsFresh(bundle, inputs, root)).toBe(true);
  });

  it('is stale once any of its sources is edited after the build', () => {
    at(path.join(root, 'src/b.ts'), 3_000);
    expect(bundleIsFresh(bundle, inputs, root)).toBe(false);
  });

  it('is stale when a source is gone, the list is missing or empty, or there is no bundle', () => {
    rmSync(path.join(root, 'src/a.ts'));
    expect(bundleIsFresh(bundle, inputs, root)).toBe(false);
    writeFileSync(path.join(root, 'src/a.ts'), '');
    at(path.join(root, 'src/a.ts'), 1_000);
    writeFileSync(inputs, '[]');
    expect(bundleIsFresh(bundle, inputs, root)).toBe(false);
    rmSync(inputs);
    expect(bundleIsFresh(bundle, inputs, root)).toBe(false);
    writeFileSync(inputs, JSON.stringify(['src/a.ts']));
    rmSync(bundle);
    expect(bundleIsFresh(bundle, inputs, root)).toBe(false);
  });
});
