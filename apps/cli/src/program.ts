/**
 * The command tree. Every action returns its exit code; main.ts maps errors to codes.
 * Read commands print tables for people and `--json` for scripts.
 */
import { Command, Option } from 'commander';
import { ProvisionerApi } from '@spot-provisioner/api-client';
import { amiCommand, defaultRegions } from './commands/ami';
import { applyCommand } from './commands/apply';
import { decisionCommand, previewCommand } from './commands/decision';
import { historyCommand } from './commands/history';
import { stateCommand } from './commands/state';
import { deleteCommand, documentFormat, getCommand, listCommand, terminalConfirm } from './commands/worker-types';
import { bashCompletion, NAME_COMPLETION_COMMAND, zshCompletion } from './completion';
import { apiTargetFromEnv } from './environment';
import type { Output } from './output';

export const BIN_NAME = 'spot-provisioner';

export interface ProgramContext {
  readonly env: NodeJS.ProcessEnv;
  readonly output: Output;
  /** Set by the action that ran. */
  exitCode: number;
}

const ENVIRONMENT_HELP = `
Environment:
  TASKCLUSTER_ROOT_URL      root URL of the API (e.g. http://127.0.0.1:5557)
  TASKCLUSTER_CLIENT_ID     client id (unset: unauthenticated, public reads only)
  TASKCLUSTER_ACCESS_TOKEN  its access token
  TASKCLUSTER_CERTIFICATE   certificate of temporary credentials, if those are used
  With the local stack running: source .local/env

Exit codes: 0 ok, 1 refused or failed, 2 usage or configuration error.`;

export function buildProgram(context: ProgramContext): Command {
  // the environment is read when a command needs the API: `--help` and `completion` work without it
  const api = () => new ProvisionerApi(apiTargetFromEnv(context.env));
  const run = async (action: () => Promise<number>): Promise<void> => {
    context.exitCode = await action();
  };
  const jsonOption = () => new Option('--json', 'print JSON for scripts');

  const program = new Command(BIN_NAME)
    .description('Manage spot-provisioner worker types: apply definitions, inspect capacity, decisions and history.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', ENVIRONMENT_HELP)
    .configureOutput({ writeOut: (text) => context.output.out(text), writeErr: (text) => context.output.err(text) });

  program
    .command('apply')
    .description('create or update each worker-type definition in a file or directory (JSON or YAML)')
    .requiredOption('-f, --file <file|dir>', 'a definition file, or a directory of them')
    .option('--dry-run', 'show what would change; change nothing')
    .addOption(jsonOption())
    .addHelpText('after', '\nThe name is the file\'s workerType field, else its base name. Unchanged definitions are left alone.')
    .action(async (options: { file: string; dryRun?: boolean; json?: boolean }) =>
      run(() => applyCommand(api(), { file: options.file, dryRun: Boolean(options.dryRun), json: Boolean(options.json) }, context.output)),
    );

  program
    .command('list')
    .description('worker types with their capacity summary')
    .addOption(jsonOption())
    .action(async (options: { json?: boolean }) => run(() => listCommand(api(), { json: Boolean(options.json) }, context.output)));

  program
    .command('get')
    .description('a stored definition, in a form apply -f accepts back')
    .argument('<name>', 'worker type')
    .addOption(new Option('-o, --output <format>', 'json or yaml').choices(['json', 'yaml']).default('yaml'))
    .addOption(jsonOption())
    .action(async (name: string, options: { output: string; json?: boolean }) =>
      run(() => getCommand(api(), name, { format: options.json ? 'json' : documentFormat(options.output) }, context.output)),
    );

  program
    .command('state')
    .description("the daemon's last snapshot: instances, requests, capacity")
    .argument('<name>', 'worker type')
    .addOption(jsonOption())
    .action(async (name: string, options: { json?: boolean }) => run(() => stateCommand(api(), name, { json: Boolean(options.json) }, context.output)));

  program
    .command('decision')
    .description("the daemon's last decision for a worker type, and why")
    .argument('<name>', 'worker type')
    .addOption(jsonOption())
    .action(async (name: string, options: { json?: boolean }) => run(() => decisionCommand(api(), name, { json: Boolean(options.json) }, context.output)));

  program
    .command('history')
    .description('capacity history: one point per iteration')
    .argument('<name>', 'worker type')
    .option('--since <when>', 'start: a duration back from now (30m, 1h, 2d) or an ISO date-time', '1h')
    .option('--until <when>', 'end: a duration back from now or an ISO date-time (default: now)')
    .addOption(jsonOption())
    .action(async (name: string, options: { since: string; until?: string; json?: boolean }) =>
      run(() =>
        historyCommand(api(), name, { since: options.since, ...(options.until ? { until: options.until } : {}), json: Boolean(options.json) }, context.output),
      ),
    );

  program
    .command('preview')
    .description('the plan the next iteration would make for a definition (nothing is launched)')
    .requiredOption('-f, --file <file>', 'a definition file (JSON or YAML)')
    .addOption(jsonOption())
    .action(async (options: { file: string; json?: boolean }) =>
      run(() => previewCommand(api(), options.file, { json: Boolean(options.json) }, context.output)),
    );

  program
    .command('delete')
    .description('delete a worker type (its instances are then terminated); asks first unless --yes')
    .argument('<name>', 'worker type')
    .option('-y, --yes', 'do not ask')
    .action(async (name: string, options: { yes?: boolean }) =>
      run(() => deleteCommand(api(), name, { yes: Boolean(options.yes), confirm: terminalConfirm() }, context.output)),
    );

  program
    .command('ami')
    .description('AMI ids EC2 (or the local emulator) knows per region for an image name, newest first')
    .argument('<name>', 'image name: a word matched anywhere (ubuntu, amzn2-ami-hvm), or an EC2 pattern with *')
    .option('-r, --region <region...>', 'regions to ask (default: ALLOWED_REGIONS, else us-east-1 us-west-2)')
    .option('--owner <owner>', 'image owner: an account id, amazon, self...')
    .option('--limit <n>', 'images per region', '3')
    .addOption(jsonOption())
    .addHelpText('after', '\nEC2 is found as the AWS SDK finds it: AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL and AWS credentials\n(source .local/env for the local stack\'s emulator).')
    .action(async (name: string, options: { region?: string[]; owner?: string; limit: string; json?: boolean }) =>
      run(() =>
        amiCommand(
          name,
          {
            regions: options.region ?? defaultRegions(context.env),
            limit: Number(options.limit),
            ...(options.owner ? { owner: options.owner } : {}),
            json: Boolean(options.json),
          },
          context.output,
        ),
      ),
    );

  program
    .command('completion')
    .description('print a shell completion script: source <(spot-provisioner completion bash)')
    .addArgument(new Command().createArgument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .action(async (shell: 'bash' | 'zsh') =>
      run(async () => {
        context.output.out(shell === 'bash' ? bashCompletion(program) : zshCompletion(program));
        return 0;
      }),
    );

  program.command(NAME_COMPLETION_COMMAND, { hidden: true }).action(async () =>
    run(async () => {
      context.output.out(`${(await api().listWorkerTypes()).join('\n')}\n`);
      return 0;
    }),
  );

  return program;
}
