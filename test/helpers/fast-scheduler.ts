import type { Scheduler } from '../../src/watch/loop.js';

/**
 * A watch clock that never waits: `sleep` moves time forward at once. It runs ahead of the
 * system clock only (now() = Date.now() + the time slept), so a deadline computed from it is
 * never earlier than a real one: checks are cut by their own timeouts, not by a fast clock.
 */
export function fastScheduler(): Scheduler & { slept(): number } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new Error('aborted');
      offset += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    slept: () => offset,
  };
}
