/**
 * Typed SQS errors, shaped like the EC2 ones: the queue is missing (deleted, or a wrong URL),
 * SQS did not serve the call now (throttled, no answer in time, a server fault or a garbled
 * answer), or SQS refused it. Callers never inspect SDK error shapes.
 */
import { awsErrorCode, failureOutcome, type Ec2FailureOutcome } from './errors';

/** SQS's throttling answers (the JSON protocol names them without the AWS.SimpleQueueService prefix). */
export const SQS_THROTTLING_CODES: ReadonlySet<string> = new Set([
  'RequestThrottled',
  'AWS.SimpleQueueService.RequestThrottled',
  'ThrottlingException',
  'Throttling',
  'KmsThrottled',
]);

/** The queue URL names no queue: deleted, or configured wrong. */
export const SQS_QUEUE_MISSING_CODES: ReadonlySet<string> = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);

/** Any SQS failure, with the AWS error code when there is one. */
export class SqsError extends Error {
  override readonly name: string = 'SqsError';
  constructor(
    readonly operation: string,
    readonly code: string,
    message: string,
    readonly outcome: Ec2FailureOutcome = 'refused',
  ) {
    super(`SQS ${operation} failed (${code}): ${message}`);
  }
}

/** SQS did not serve the call now: throttled after every retry, no answer in time, a server fault, a garbled answer. */
export class SqsUnavailableError extends SqsError {
  override readonly name: string = 'SqsUnavailableError';
}

/** The configured queue does not exist. */
export class SqsQueueMissingError extends SqsError {
  override readonly name: string = 'SqsQueueMissingError';
}

export function isSqsError(err: unknown): err is SqsError {
  return err instanceof SqsError;
}

export function isSqsUnavailable(err: unknown): err is SqsUnavailableError {
  return err instanceof SqsUnavailableError;
}

export function isSqsQueueMissing(err: unknown): err is SqsQueueMissingError {
  return err instanceof SqsQueueMissingError;
}

/** The typed error for an SDK failure that is not retried any further. */
export function translateSqsFailure(operation: string, err: unknown): Error {
  const code = awsErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (SQS_QUEUE_MISSING_CODES.has(code)) return new SqsQueueMissingError(operation, code, message, 'refused');
  if (SQS_THROTTLING_CODES.has(code)) return new SqsUnavailableError(operation, code, message, 'refused');
  const outcome = failureOutcome(err);
  return outcome === 'unknown' ? new SqsUnavailableError(operation, code, message, 'unknown') : new SqsError(operation, code, message, 'refused');
}
