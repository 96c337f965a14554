/**
 * The e2e `test`: Playwright's, plus `cleanup`, where a test registers how to stop what it
 * started (case services, consoles, web hosts, proxies, temporary folders). Everything
 * registered is stopped after the test, newest first, whether the test passed or not, so no
 * process or port outlives its test.
 */
import { test as base, expect } from '@playwright/test';

export class Cleanup {
  private readonly steps: { what: string; run: () => Promise<void> | void }[] = [];

  /** Registers a stop step; returns the value for chaining (`const x = cleanup.add(await start(), …)`). */
  add<T>(value: T, what: string, run: (value: T) => Promise<void> | void): T {
    this.steps.push({ what, run: () => run(value) });
    return value;
  }

  /** Runs every step, newest first; reports all failures together after trying each. */
  async runAll(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (e) {
        failures.push(`${step.what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join('\n')}`);
  }
}

export const test = base.extend<{ cleanup: Cleanup }>({
  // Playwright reads a fixture's dependencies from the destructuring pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  cleanup: async ({}, use) => {
    const cleanup = new Cleanup();
    try {
      await use(cleanup);
    } finally {
      await cleanup.runAll();
    }
  },
});

export { expect };
