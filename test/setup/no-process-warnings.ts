/**
 * A Node process warning is a bug wherever smokeguard's code runs (issue 10): the end-to-end
 * tests fail on one in the CLI's output (test/helpers/cli.ts), and this fails a test whose own
 * process emitted one — the library's run(), a check, the dashboard served in-process — such as
 * "MaxListenersExceededWarning: Possible EventTarget memory leak". Loaded for every test file by
 * vitest.config.ts (setupFiles).
 */
import { afterEach } from 'vitest';

// One listener per process, however many test files it runs (a listener per file would itself
// pass Node's limit of ten and warn).
const shared = globalThis as { smokeguardWarnings?: string[] };
if (!shared.smokeguardWarnings) {
  const list: string[] = [];
  shared.smokeguardWarnings = list;
  process.on('warning', (warning) => list.push(`${warning.name}: ${warning.message}`));
}
const seen = shared.smokeguardWarnings;

afterEach(async () => {
  // A warning is emitted on the next tick after its cause.
  await new Promise((resolve) => setImmediate(resolve));
  if (!seen.length) return;
  const found = seen.splice(0);
  throw new Error(`the test's process emitted a Node warning:\n  ${found.join('\n  ')}`);
});
