/** Typed errors of the bidding package: invalid input is reported, never guessed around. */

/** Input that no plan can be made from; `problems` lists every reason found. */
export class InvalidBiddingInputError extends Error {
  override readonly name = 'InvalidBiddingInputError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid bidding input: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

export function isInvalidBiddingInputError(err: unknown): err is InvalidBiddingInputError {
  return err instanceof InvalidBiddingInputError;
}
