/**
 * The one way this project calls EC2: a client per region (with timeouts), adaptive retry on
 * throttling, every attempt reported, SDK exceptions translated into typed errors. The
 * daemon's adapter and the API's reference checker both send through it.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { createEc2Client, DAEMON_EC2_TIMEOUTS, type Ec2Timeouts } from './client';
import { awsErrorCode, THROTTLING_CODES, translateEc2Failure } from './errors';
import { callWithThrottleRetry, DAEMON_RETRY, realSleep, ThrottlePace, type RetryPolicy, type Sleep, type ThrottledCallPolicy } from './retry';

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
  private readonly policy: ThrottledCallPolicy;
  private readonly listeners: Ec2CallListener[] = [];

  constructor(options: Ec2GatewayOptions = {}) {
    const timeouts = options.timeouts ?? DAEMON_EC2_TIMEOUTS;
    this.clientFor = options.clientFor ?? ((region) => createEc2Client(region, timeouts));
    const retry = options.retry ?? DAEMON_RETRY;
    this.policy = {
      retry,
      pace: new ThrottlePace(retry),
      sleep: options.sleep ?? realSleep,
      isThrottling: (code) => THROTTLING_CODES.has(code),
      codeOf: awsErrorCode,
      translate: translateEc2Failure,
      report: (operation, outcome, durationMs) => this.report(operation, outcome, durationMs),
    };
    if (options.onCall) this.listeners.push(options.onCall);
  }

  onCall(listener: Ec2CallListener): void {
    this.listeners.push(listener);
  }

  /** Sends one call to `region`; throws CapacityError, Ec2ThrottledError, Ec2UnavailableError or Ec2Error. */
  async call<T>(region: string, operation: string, send: (client: EC2Client) => Promise<T>): Promise<T> {
    const client = this.client(region);
    return callWithThrottleRetry(this.policy, region, operation, () => send(client));
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
