/**
 * DEVELOPMENT AID: play the fleet by hand against the queue stand-in (dev/queue-stand-in.ts).
 *
 *   pnpm --filter @spot-provisioner/provisioner fleet <command> …
 *
 *   pending  <workerType> <n>                         sets the pending-task count
 *   register <workerType> <workerGroup> <workerId>    a worker's first claimWork (the queue knows it from now on)
 *   claim    <workerType> <workerGroup> <workerId> [--in-flight]   the worker claims a task; prints its taskId
 *   resolve  <taskId> [--state completed|failed|exception]         the task's run resolves
 *   workers  <workerType>                             the queue's listWorkers, one line per worker
 *
 * Reads QUEUE_ROOT_URL (the stand-in's root URL; `source .local/env` sets it) and PROVISIONER_ID
 * (default aws-provisioner-v1). Workers started by the daemon are workerGroup = their region,
 * workerId = their EC2 instance id. Exit codes: 0 done, 1 refused by the stand-in, 2 usage.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PROVISIONER_ID } from '@spot-provisioner/config';
import { errorMessage } from '../error-message';
import { httpQueueClient } from '../queue/queue-client';

const USAGE = `usage: fleet pending <workerType> <n>
       fleet register <workerType> <workerGroup> <workerId>
       fleet claim <workerType> <workerGroup> <workerId> [--in-flight]
       fleet resolve <taskId> [--state completed|failed|exception]
       fleet workers <workerType>
(QUEUE_ROOT_URL: the queue stand-in; PROVISIONER_ID: default ${DEFAULT_PROVISIONER_ID})`;

class UsageError extends Error {}
class RefusedError extends Error {}

async function devCall(rootUrl: string, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${rootUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new RefusedError(`${response.status} ${String(answer.code ?? '')}: ${String(answer.message ?? '')}`);
  return answer;
}

export async function fleet(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { 'in-flight': { type: 'boolean' }, state: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return out(USAGE);
  const rootUrl = (env.QUEUE_ROOT_URL ?? '').replace(/\/+$/, '');
  if (!rootUrl) throw new UsageError('QUEUE_ROOT_URL is not set (source .local/env, or the stand-in URL)');
  const provisionerId = env.PROVISIONER_ID || DEFAULT_PROVISIONER_ID;
  const [command, ...args] = positionals;
  const need = (count: number) => {
    if (args.length !== count || args.some((a) => a === '')) throw new UsageError(`${command} takes ${count} arguments`);
    return args.map(encodeURIComponent);
  };
  switch (command) {
    case 'pending': {
      const [workerType] = need(2);
      const count = Number(args[1]);
      if (!Number.isInteger(count) || count < 0) throw new UsageError('the count must be a whole number ≥ 0');
      await devCall(rootUrl, 'PUT', `/pending/${provisionerId}/${workerType}`, { pendingTasks: count });
      return out(`${args[0]}: ${count} pending`);
    }
    case 'register': {
      const [workerType, group, id] = need(3);
      const answer = await devCall(rootUrl, 'PUT', `/workers/${provisionerId}/${workerType}/${group}/${id}`, {});
      return out(`${args[1]}/${args[2]}: known to the queue since ${String(answer.firstClaim)}`);
    }
    case 'claim': {
      const [workerType, group, id] = need(3);
      const answer = await devCall(rootUrl, 'POST', `/workers/${provisionerId}/${workerType}/${group}/${id}/claim`, { inFlight: values['in-flight'] === true });
      return out(`${String(answer.taskId)} run ${String(answer.runId)} claimed by ${args[1]}/${args[2]}`);
    }
    case 'resolve': {
      const [taskId] = need(1);
      const answer = await devCall(rootUrl, 'POST', `/tasks/${taskId}/resolve`, values.state ? { state: values.state } : {});
      return out(`${args[0]} run ${String(answer.runId)} ${String(answer.state)}`);
    }
    case 'workers': {
      need(1);
      const workers = await httpQueueClient(rootUrl).listAllWorkers(provisionerId, args[0]!);
      for (const w of workers) {
        const quarantine = w.quarantineUntil && Date.parse(w.quarantineUntil) > Date.now() ? ` quarantined until ${w.quarantineUntil}` : '';
        const latest = w.latestTask ? ` latest ${w.latestTask.taskId}/${w.latestTask.runId}` : ' no task yet';
        out(`${w.workerGroup}/${w.workerId} first claim ${w.firstClaim}${latest}${quarantine}`);
      }
      return out(`${workers.length} workers`);
    }
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
  }
}

if (require.main === module) {
  fleet(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)).then(
    () => process.exit(0),
    (err: unknown) => {
      const usage = err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));
      process.stderr.write(`fleet: ${errorMessage(err)}\n${usage ? `${USAGE}\n` : ''}`);
      process.exit(usage ? 2 : 1);
    },
  );
}
