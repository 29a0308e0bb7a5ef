import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Every workspace package directory, from the globs of pnpm-workspace.yaml (`dir/*` or `dir`). */
function workspacePackages(): string[] {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  // the list under `packages:`, up to the next top-level key
  const block = /^packages:\n((?:\s+-\s+\S+\n)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...block.matchAll(/-\s+(\S+)/g)].map((m) => m[1] ?? '');
  return globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(ROOT, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, parent, entry.name, 'package.json')))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

describe('Dockerfile', () => {
  // The image installs with --frozen-lockfile before copying the sources: a workspace package
  // whose manifest is not copied first makes that install fail.
  it("copies every workspace package's manifest before the locked install", () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const packages = workspacePackages();
    expect(packages.length).toBeGreaterThan(5);
    const missing = packages.filter((dir) => !dockerfile.includes(`COPY ${dir}/package.json ${dir}/`));
    expect(missing).toEqual([]);
  });

  it('runs the Node LTS version the test command proves the unit tests under', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const pinned = /^NODE_LTS_VERSION=(\S+)$/m.exec(readFileSync(join(ROOT, 'scripts', 'node-lts.sh'), 'utf8'))?.[1];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dockerfile).toMatch(new RegExp(`^FROM node:${pinned?.replaceAll('.', '\\.')}-\\S+ AS base$`, 'm'));
  });
});
