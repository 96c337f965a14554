/** Errors the handlers turn into `Result` failures with a code the UI can switch on. */
import type { ApiError } from '../../shared/api';
import { refusal, type Refusal } from '../../shared/domain';

export class ConsoleError extends Error {
  /** `refusals`: a decision refused by the rulebook, the reasons as codes with parameters. */
  constructor(readonly code: ApiError['code'], message: string, readonly refusals?: Refusal[]) {
    super(message);
    this.name = 'ConsoleError';
  }
}

/** A refusal a reviewer meets in normal work: its code for the reviewer's language, its English sentence as the message. */
export function refused(code: ApiError['code'], r: Refusal): ConsoleError {
  return new ConsoleError(code, r.message, [r]);
}

/** A case the replica does not hold (never synced, or gone from the reviewer's queues). */
export function notInConsole(caseId: string): ConsoleError {
  return refused('not_found', refusal('case_not_in_console', { caseId }, `case ${caseId} is not in this console's queues`));
}
