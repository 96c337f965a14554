import { expect } from 'vitest';
import { ConsoleError } from '../errors';

/** The ConsoleError a call throws; fails the test if it throws something else or nothing. */
export function refusedBy(f: () => unknown): ConsoleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConsoleError);
    return e as ConsoleError;
  }
  throw new Error('not refused');
}
