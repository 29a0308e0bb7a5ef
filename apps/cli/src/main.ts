/**
 * Composition root of the CLI: builds the command tree over the process's environment and
 * output, runs it, and turns every outcome into an exit code (0 ok, 1 refused or failed,
 * 2 usage or configuration error).
 */
import { isCredentialsError } from '@spot-provisioner/api-client';
import { CommanderError } from 'commander';
import { errorMessage, UsageError } from './errors';
import { processOutput } from './output';
import { buildProgram, type ProgramContext } from './program';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export async function runCli(argv: readonly string[], context: ProgramContext): Promise<number> {
  const program = buildProgram(context).exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    context.output.err(`error: ${errorMessage(error)}`);
    // Refused, failed, unreachable: 1. A command line or credentials that cannot work: 2.
    return error instanceof UsageError || isCredentialsError(error) ? EXIT_USAGE : EXIT_FAILED;
  }
}

/** The process entry (bin/spot-provisioner.cjs). */
export function main(): void {
  // Run as `pnpm cli …`, the script runs in the repository root: paths the user typed are
  // relative to where they were (pnpm's INIT_CWD).
  if (process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  // Output piped into `head` closes early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  void runCli(process.argv.slice(2), { env: process.env, output: processOutput, exitCode: EXIT_OK }).then((code) => {
    process.exitCode = code;
  });
}
