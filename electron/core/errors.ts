/** Errors the handlers turn into `Result` failures with a code the UI can switch on. */
import type { ApiError } from '../../shared/api';

export class ConsoleError extends Error {
  constructor(readonly code: ApiError['code'], message: string) {
    super(message);
    this.name = 'ConsoleError';
  }
}
