import type { Clock } from '../../src/core/clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when the test says so. `advance(ms)` fires the timers that fall due,
 * in time order, and lets the promise callbacks they start settle before the next one fires —
 * as the event loop does between two timers. Timers due at the same instant fire in the order
 * they were set, or the reverse with `sameInstant: 'last-set-first'`, so a test can play both
 * orders of a race that real timers decide by chance.
 */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = Date.parse('2026-11-27T14:32:15.000Z'), private readonly sameInstant: 'first-set-first' | 'last-set-first' = 'first-set-first') {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until);
      if (!due.length) break;
      const order = this.sameInstant === 'first-set-first' ? 1 : -1;
      const next = due.sort((a, b) => a.at - b.at || order * (a.seq - b.seq))[0]!;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.fn();
      await settle();
    }
    this.time = until;
  }
}

/** Lets pending promise callbacks run (a macrotask turn, as between two real timers). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
