/** Errors the handlers turn into `Result` failures with a code the UI can switch on. */
import type { ApiError } from '../../shared/api';
import type { Refusal } from '../../shared/domain';

export class ConsoleError extends Error {
  /** `refusals`: a decision refused by the rulebook, the reasons as codes with parameters. */
  constructor(readonly code: ApiError['code'], message: string, readonly refusals?: Refusal[]) {
    super(message);
    this.name = 'ConsoleError';
  }
}
