/**
 * The one way this project calls EC2: a client per region (with timeouts), adaptive retry on
 * throttling, every attempt reported, SDK exceptions translated into typed errors. The
 * daemon's adapter and the API's reference checker both send through it.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { createEc2Client, DAEMON_EC2_TIMEOUTS, type Ec2Timeouts } from './client';
import { awsErrorCode, THROTTLING_CODES, translateEc2Failure } from './errors';
import { DAEMON_RETRY, realSleep, ThrottlePace, type RetryPolicy, type Sleep } from './retry';

/** Reports every attempt: the operation, 'success' or the AWS error code, and how long it took. */
export type Ec2CallListener = (operation: string, outcome: string, durationMs: number) => void;

export interface Ec2GatewayOptions {
  readonly timeouts?: Ec2Timeouts;
  readonly retry?: RetryPolicy;
  readonly sleep?: Sleep;
  /** Builds the client of a region; defaults to createEc2Client with `timeouts`. Tests add middleware here. */
  readonly clientFor?: (region: string) => EC2Client;
  readonly onCall?: Ec2CallListener;
}

export class Ec2Gateway {
  private readonly clients = new Map<string, EC2Client>();
  private readonly clientFor: (region: string) => EC2Client;
  private readonly retry: RetryPolicy;
  private readonly pace: ThrottlePace;
  private readonly sleep: Sleep;
  private readonly listeners: Ec2CallListener[] = [];

  constructor(options: Ec2GatewayOptions = {}) {
    const timeouts = options.timeouts ?? DAEMON_EC2_TIMEOUTS;
    this.clientFor = options.clientFor ?? ((region) => createEc2Client(region, timeouts));
    this.retry = options.retry ?? DAEMON_RETRY;
    this.pace = new ThrottlePace(this.retry);
    this.sleep = options.sleep ?? realSleep;
    if (options.onCall) this.listeners.push(options.onCall);
  }

  onCall(listener: Ec2CallListener): void {
    this.listeners.push(listener);
  }

  /** Sends one call to `region`; throws CapacityError, Ec2ThrottledError, Ec2UnavailableError or Ec2Error. */
  async call<T>(region: string, operation: string, send: (client: EC2Client) => Promise<T>): Promise<T> {
    const client = this.client(region);
    const pace = this.pace.current(region);
    if (pace > 0) await this.sleep(pace);
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        const result = await send(client);
        this.report(operation, 'success', Date.now() - started);
        this.pace.succeeded(region);
        return result;
      } catch (err) {
        const code = awsErrorCode(err);
        this.report(operation, code, Date.now() - started);
        if (THROTTLING_CODES.has(code) && attempt < this.retry.maxAttempts) {
          await this.sleep(this.pace.throttled(region, attempt));
          continue;
        }
        throw translateEc2Failure(operation, err);
      }
    }
  }

  /** Releases every region's sockets. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client(region: string): EC2Client {
    let client = this.clients.get(region);
    if (!client) {
      client = this.clientFor(region);
      this.clients.set(region, client);
    }
    return client;
  }

  private report(operation: string, outcome: string, durationMs: number): void {
    for (const listener of this.listeners) listener(operation, outcome, durationMs);
  }
}
