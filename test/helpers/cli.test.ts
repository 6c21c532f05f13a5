import { describe, expect, it } from 'vitest';
import { nodeWarning } from './cli.js';

describe('nodeWarning (the e2e tests fail on any Node process warning)', () => {
  it.each([
    ['(node:4242) MaxListenersExceededWarning: Possible EventTarget memory leak detected. 11 abort listeners added to [AbortSignal]. MaxListeners is 10.', 'MaxListenersExceededWarning'],
    ['(node:7) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.', 'DeprecationWarning'],
    ['(node:7) ExperimentalWarning: CommonJS module is loading ES Module', 'ExperimentalWarning'],
    ['(node:7) Warning: Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to \'0\'', 'Warning:'],
  ])('finds %s', (line, word) => {
    expect(nodeWarning(`smokeguard: something\n${line}\n(Use \`node --trace-warnings ...\` to show where the warning was created)\n`)).toContain(word);
  });

  it('ignores output that merely mentions a warning', () => {
    expect(nodeWarning('⚠ WARNING: Non-critical test failed (deployment continues)\n- redis-cache: Warning: degraded\n')).toBeUndefined();
  });
});
