import type { Scheduler } from '../../src/watch/loop.js';

/**
 * A watch clock that waits for the test between intervals: each `sleep` (the wait before the next
 * interval) moves time forward at once but resolves only when the test calls `release()`. So the
 * test sees the watch between two intervals — what it published, what the dashboard shows — for
 * as long as it needs, then lets the next interval run. Time runs ahead of the system clock only,
 * as in fastScheduler.
 */
export interface GatedScheduler extends Scheduler {
  /** Resolves when the watch waits for its next interval (at once if it already does). */
  waiting(): Promise<void>;
  /** Lets the waiting watch run its next interval. */
  release(): void;
}

export function gatedScheduler(): GatedScheduler {
  let offset = 0;
  let gate: (() => void) | undefined;
  let onWait: (() => void) | undefined;
  return {
    now: () => Date.now() + offset,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      offset += Math.max(0, ms);
      return new Promise<void>((resolve) => {
        gate = resolve;
        onWait?.();
        onWait = undefined;
      });
    },
    waiting: () => (gate ? Promise.resolve() : new Promise<void>((resolve) => (onWait = resolve))),
    release() {
      const open = gate;
      gate = undefined;
      open?.();
    },
  };
}
