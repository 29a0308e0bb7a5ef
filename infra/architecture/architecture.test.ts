import path from 'node:path';
import { buildWorkspace, importsOf, readWorkspace, type Part } from './import-graph';
import { checkArchitecture, describeViolation } from './rules';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the architecture rules (docs/architecture.md)', () => {
  it('hold for every import of the workspace', () => {
    const workspace = readWorkspace(ROOT);
    // the graph is really read: every part, and imports between them
    expect(workspace.parts.map((p) => p.dir)).toEqual(expect.arrayContaining(['apps/provisioner', 'apps/simulator', 'packages/bidding', 'packages/model', 'infra']));
    expect(workspace.imports.some((e) => e.from.path === 'apps/simulator/src/simulation.ts' && e.specifier === '@spot-provisioner/provisioner')).toBe(true);
    expect(checkArchitecture(workspace).map(describeViolation)).toEqual([]);
  });
});

const PARTS: Part[] = [
  { name: '@spot-provisioner/bidding', dir: 'packages/bidding', kind: 'package' },
  { name: '@spot-provisioner/planner', dir: 'packages/planner', kind: 'package' },
  { name: '@spot-provisioner/model', dir: 'packages/model', kind: 'package' },
  { name: '@spot-provisioner/config', dir: 'packages/config', kind: 'package' },
  { name: '@spot-provisioner/ec2-gateway', dir: 'packages/ec2-gateway', kind: 'package' },
  { name: '@spot-provisioner/testing', dir: 'packages/testing', kind: 'package' },
  { name: '@spot-provisioner/api', dir: 'apps/api', kind: 'app' },
  { name: '@spot-provisioner/provisioner', dir: 'apps/provisioner', kind: 'app' },
  { name: '@spot-provisioner/simulator', dir: 'apps/simulator', kind: 'app' },
  { name: '@spot-provisioner/infra', dir: 'infra', kind: 'infra' },
];

/** The violations of a workspace made of these files, as `file:line rule`. */
function violations(files: Record<string, string>): string[] {
  const workspace = buildWorkspace(PARTS, Object.entries(files).map(([file, text]) => ({ path: file, text })));
  return checkArchitecture(workspace).map((v) => `${v.file}:${v.line} ${v.specifier} | ${v.rule}`);
}

describe('the rule checker', () => {
  it('accepts a workspace that keeps every rule', () => {
    expect(
      violations({
        'packages/model/src/schemas.ts': "import { z } from 'zod';\nexport const MARKETS = ['spot'] as const;",
        'packages/model/test/support.ts': "import { TEST_REGION } from '@spot-provisioner/testing';",
        'packages/bidding/src/types.ts': "import type { Market } from '@spot-provisioner/model';\nexport type { Market };",
        'packages/bidding/src/index.ts': "export type * from './types';\nexport { plan } from './plan';",
        'packages/bidding/src/plan.ts': "import type { Market } from './types';",
        'packages/bidding/test/plan.test.ts': "import fc from 'fast-check';",
        'packages/bidding/test/fixtures.ts': "import { spotPriceSample } from '@spot-provisioner/testing';",
        'packages/testing/src/definition.ts': "import { readFileSync } from 'node:fs';",
        'packages/testing/test/live-api.test.ts': "import { buildApp } from '@spot-provisioner/api';",
        'packages/planner/src/round.ts': "import { plan } from '@spot-provisioner/bidding';\nimport { MARKETS } from '@spot-provisioner/model';",
        'packages/ec2-gateway/src/client.ts': "import { EC2Client } from '@aws-sdk/client-ec2';",
        'apps/provisioner/src/adapter.ts': "import { RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';",
        'apps/provisioner/test/harness.ts': "import { EC2Client } from '@aws-sdk/client-ec2';\nimport { buildApp } from '@spot-provisioner/api';",
        'apps/simulator/src/run.ts': "import { assembleIteration } from '@spot-provisioner/provisioner';",
        'apps/api/fuzz/run-fuzz.ts': "import { startEngines } from '@spot-provisioner/infra';",
      }),
    ).toEqual([]);
  });

  it('names a value import of ours in bidding, and bidding or planner importing from outside', () => {
    expect(
      violations({
        'packages/bidding/src/types.ts': "import { MARKETS } from '@spot-provisioner/model';",
        'packages/planner/src/round.ts': "\nimport pino from 'pino';",
      }),
    ).toEqual([
      'packages/bidding/src/types.ts:1 @spot-provisioner/model | bidding imports nothing of ours but types (its tests and benchmarks may use packages/testing)',
      'packages/planner/src/round.ts:2 pino | bidding and planner are pure: their code imports no module from outside the workspace (no AWS SDK, logger, clock or I/O)',
    ]);
  });

  it('names model or config importing a part of ours', () => {
    expect(
      violations({
        'packages/model/src/schemas/launch.ts': "import { MARKETS } from '@spot-provisioner/bidding';",
        'packages/config/src/base.ts': "import type { Keyring } from '@spot-provisioner/model';",
      }),
    ).toEqual([
      'packages/model/src/schemas/launch.ts:1 @spot-provisioner/bidding | model knows no app and no other package of ours (its tests may use packages/testing)',
      'packages/config/src/base.ts:1 @spot-provisioner/model | config imports nothing of ours',
    ]);
  });

  it('names testing importing a part of ours, and code (not tests) importing testing', () => {
    expect(
      violations({
        'packages/testing/src/definition.ts': "import type { WorkerTypeDefinitionInput } from '@spot-provisioner/model';",
        'apps/simulator/src/run.ts': "import { spotPriceSamplePath } from '@spot-provisioner/testing';",
        'packages/bidding/src/plan.ts': "import type { TestClock } from '@spot-provisioner/testing';",
      }).filter((v) => !v.includes('no cycle')),
    ).toEqual([
      "packages/testing/src/definition.ts:1 @spot-provisioner/model | testing imports nothing of ours, so every part's tests can use it (its helpers are typed by their shape, not by the model's types)",
      "apps/simulator/src/run.ts:1 @spot-provisioner/testing | testing serves tests only: no app's or package's code imports it (tests, benchmarks and tooling do)",
      "packages/bidding/src/plan.ts:1 @spot-provisioner/testing | testing serves tests only: no app's or package's code imports it (tests, benchmarks and tooling do)",
    ]);
  });

  it('names code outside the gateways that builds an AWS client, however it is imported', () => {
    expect(
      violations({
        'infra/local/tables.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        'apps/api/src/ami.ts': "async function f() {\n  const { DescribeImagesCommand, EC2Client } = await import('@aws-sdk/client-ec2');\n}",
        'apps/api/src/whole.ts': "import * as ec2 from '@aws-sdk/client-ec2';",
      }).map((v) => v.split(' | ')[0]),
    ).toEqual(['infra/local/tables.ts:1 @aws-sdk/client-dynamodb', 'apps/api/src/ami.ts:2 @aws-sdk/client-ec2', 'apps/api/src/whole.ts:1 @aws-sdk/client-ec2']);
  });

  it('names relative paths into another part, packages importing apps, apps importing apps, and code importing infra', () => {
    expect(
      violations({
        'apps/api/fuzz/run-fuzz.ts': "import { startEngines } from '../../../infra/local/engines';",
        'infra/local/engines.ts': 'export const REPO_ROOT = "";',
        'packages/planner/src/preview.ts': "import { buildApp } from '@spot-provisioner/api';",
        'apps/provisioner/src/main.ts': "import { buildApp } from '@spot-provisioner/api';",
        'apps/api/src/main.ts': "import { startEngines } from '@spot-provisioner/infra';",
      }).map((v) => v.split(' | ')[1]),
    ).toEqual([
      'a part reaches another only through its package name, never by a relative path into it',
      "no package's code imports an app (its tests may run one)",
      "an app's code imports no other app, but the simulator, which runs the provisioner's own iteration (tests may run another app)",
      "infra serves tooling and tests: no app's or package's code imports it",
    ]);
  });

  it('names each import of a cycle between parts, and of a cycle among files, even of types only', () => {
    const found = violations({
      'packages/model/src/index.ts': "import type { Policy } from '@spot-provisioner/planner';",
      'packages/planner/src/index.ts': "import { MARKETS } from '@spot-provisioner/model';",
      'packages/bidding/src/types.ts': "import type { SpotPriceIndex } from './price-index';",
      'packages/bidding/src/price-index.ts': "import type { SpotPoolPrice } from './types';",
    });
    expect(found.filter((v) => v.includes('no cycle (')).map((v) => v.split(' | ')[0])).toEqual([
      'packages/model/src/index.ts:1 @spot-provisioner/planner',
      'packages/planner/src/index.ts:1 @spot-provisioner/model',
    ]);
    expect(found.filter((v) => v.includes('among a part')).map((v) => v.split(' | ')[1])).toEqual([
      "no import cycle among a part's files (packages/bidding/src/price-index.ts → packages/bidding/src/types.ts → packages/bidding/src/price-index.ts)",
      "no import cycle among a part's files (packages/bidding/src/price-index.ts → packages/bidding/src/types.ts → packages/bidding/src/price-index.ts)",
    ]);
  });
});

describe('reading imports', () => {
  it('tells type-only imports from value imports, and finds dynamic imports, requires and re-exports', () => {
    const refs = importsOf(
      'x.ts',
      [
        "import type { A } from 'a';",
        "import { type B, type C } from 'b';",
        "import { type D, E } from 'd';",
        "import F, * as G from 'f';",
        "export { H } from 'h';",
        "export type { I } from 'i';",
        "import './side-effect';",
        "const j = require('j');",
        "type K = typeof import('k');",
        'async function l() {',
        "  const { M, N: renamed } = await import('m');",
        '}',
      ].join('\n'),
    );
    expect(refs.map((r) => [r.specifier, r.line, r.typeOnly, r.names])).toEqual([
      ['a', 1, true, []],
      ['b', 2, true, []],
      ['d', 3, false, ['E']],
      ['f', 4, false, ['default', '*']],
      ['h', 5, false, ['H']],
      ['i', 6, true, []],
      ['./side-effect', 7, false, []],
      ['j', 8, false, ['*']],
      ['k', 9, true, []],
      ['m', 11, false, ['M', 'N']],
    ]);
  });
});
