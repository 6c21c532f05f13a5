import { DEFAULT_RETRY_FACTOR, DEFAULT_RETRY_INITIAL_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from './defaults.js';

/** A check's `retries` as validated by config (config/check-base.ts): a count, or a count with backoff. */
export type RetryPolicy = number | { attempts: number; initial_delay_ms?: number; max_delay_ms?: number; factor?: number };

export interface Backoff {
  /** Extra attempts after the first. */
  retries: number;
  /** Delay before retry number `n` (1-based): exponential, capped, with jitter. */
  delayMs(n: number, random?: () => number): number;
}

export function backoffOf(policy: RetryPolicy | undefined): Backoff {
  const p = typeof policy === 'number' ? { attempts: policy } : policy ?? { attempts: 0 };
  const initial = p.initial_delay_ms ?? DEFAULT_RETRY_INITIAL_DELAY_MS;
  const max = p.max_delay_ms ?? DEFAULT_RETRY_MAX_DELAY_MS;
  const factor = p.factor ?? DEFAULT_RETRY_FACTOR;
  return {
    retries: p.attempts,
    // "Equal jitter": at least half the delay (a warming pod needs the time), the rest random so
    // that many runs retrying one endpoint do not arrive together.
    delayMs: (n, random = Math.random) => Math.round(Math.min(max, initial * factor ** (n - 1)) * (0.5 + random() / 2)),
  };
}
