/**
 * The stack's child processes: started in the stack's process group, their output relayed
 * with a prefix, each registered with the watchdog (which ends them if the stack dies
 * without stopping them), and stopped together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../engines';

const WATCHDOG = path.join(__dirname, 'watchdog.cjs');
/** Time children get to exit on SIGTERM before SIGKILL. */
const CHILD_STOP_GRACE_MS = 5_000;

export interface ChildExit {
  readonly name: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The child's last output lines, to say why it ended. */
  readonly tail: readonly string[];
}

interface Supervised {
  readonly name: string;
  readonly process: ChildProcess;
  readonly tail: string[];
}

/** Lines of a child's output kept to explain an early exit. */
const TAIL_LINES = 15;

export class Supervisor {
  private readonly children: Supervised[] = [];
  private readonly watchdog: ChildProcess;
  private stopping = false;

  constructor(
    private readonly print: (line: string) => void,
    private readonly onUnexpectedExit: (exit: ChildExit) => void,
  ) {
    this.watchdog = spawn(process.execPath, [WATCHDOG], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    // The watchdog must not keep the stack alive, nor the stack wait for it.
    this.watchdog.unref();
    this.watchdog.channel?.unref();
  }

  /** Registers a process the stack did not spawn itself (the engines). */
  guard(pid: number): void {
    this.watchdog.send({ guard: pid });
  }

  /** A TypeScript entry point run with tsx in a single node process (no wrapper process to orphan). */
  startNode(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
    if (this.stopping) throw new Error(`not starting ${name}: the stack is stopping`);
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const supervised: Supervised = { name, process: child, tail: [] };
    const prefix = `[${name}]`.padEnd(16);
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        supervised.tail.push(line);
        if (supervised.tail.length > TAIL_LINES) supervised.tail.shift();
        this.print(`${prefix} ${line}`);
      }
    };
    child.stdout?.on('data', relay);
    child.stderr?.on('data', relay);
    if (child.pid !== undefined) this.guard(child.pid);
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.onUnexpectedExit({ name, code, signal, tail: supervised.tail });
    });
    this.children.push(supervised);
    return child;
  }

  /** SIGTERM to every child, SIGKILL after the grace period; resolves when all have exited. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.children.map(
        ({ process: child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_GRACE_MS);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }

  /** Last resort on process exit (synchronous): nothing started may outlive the stack. */
  killAllNow(): void {
    for (const { process: child } of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** Ends the watchdog once nothing is left for it to guard. */
  release(): void {
    if (this.watchdog.connected) this.watchdog.disconnect();
  }
}
