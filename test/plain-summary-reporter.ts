import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the test output with the plain line CI systems read ("837 passed, 0 failed"), after
 * vitest's own summary. Counts tests; a file that failed outside its tests (load error, hook) counts as one failure.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of modules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // A file that failed without a failing test (it did not load, or a beforeAll/afterAll hook
      // threw and its tests were skipped) is still a failure: "0 failed" must never print then.
      if (module.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
