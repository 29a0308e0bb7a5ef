/** EC2 clients with timeouts: an endpoint that accepts connections but never answers must not hang a caller. */
import { EC2Client } from '@aws-sdk/client-ec2';

export interface Ec2Timeouts {
  /** Longest wait for the TCP (and TLS) connection. */
  readonly connectionTimeoutMs: number;
  /** Longest a request may take, connection included, before it is abandoned. */
  readonly requestTimeoutMs: number;
}

/** A regional endpoint connects in milliseconds; 3 s without a connection means it is unreachable. */
export const EC2_CONNECTION_TIMEOUT_MS = 3_000;
/**
 * A 1,000-item describe page answers within a few seconds; 15 s without an answer means the
 * endpoint hangs, and still leaves a 30 s iteration the time to report the region as failed.
 */
export const EC2_REQUEST_TIMEOUT_MS = 15_000;
/** A client waits on the API: a validation call gives up sooner and the API answers 503. */
export const EC2_INTERACTIVE_REQUEST_TIMEOUT_MS = 8_000;

export const DAEMON_EC2_TIMEOUTS: Ec2Timeouts = {
  connectionTimeoutMs: EC2_CONNECTION_TIMEOUT_MS,
  requestTimeoutMs: EC2_REQUEST_TIMEOUT_MS,
};
export const INTERACTIVE_EC2_TIMEOUTS: Ec2Timeouts = {
  connectionTimeoutMs: EC2_CONNECTION_TIMEOUT_MS,
  requestTimeoutMs: EC2_INTERACTIVE_REQUEST_TIMEOUT_MS,
};

/**
 * One region's client: endpoint and credentials from the SDK's environment, the SDK's own
 * retries off (the gateway retries throttling itself and counts every attempt). `endpoint`
 * overrides the environment's (tests put a fault proxy in front of the emulator).
 */
export function createEc2Client(region: string, timeouts: Ec2Timeouts = DAEMON_EC2_TIMEOUTS, endpoint?: string): EC2Client {
  return new EC2Client(gatewayClientConfig(region, timeouts, endpoint));
}

/** What every gateway client (EC2, SQS) is built with: the timeouts, the SDK's retries off, an optional endpoint. */
export function gatewayClientConfig(region: string, timeouts: Ec2Timeouts, endpoint?: string) {
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: 1,
    // without throwOnRequestTimeout the SDK's handler only logs a warning when requestTimeout passes
    requestHandler: { connectionTimeout: timeouts.connectionTimeoutMs, requestTimeout: timeouts.requestTimeoutMs, throwOnRequestTimeout: true },
  };
}
