import { describe, expect, it } from 'vitest';
import type { SmokeConfig } from '../config/schema.js';
import { DEFAULT_ROLLOUT_WAIT_SECONDS, MIN_CHECK_WINDOW_MS } from '../deployment/defaults.js';
import { rolloutWaitDeadline } from './rollout-stage.js';

/** The rollout wait is bounded by its own timeout, inside the run's budget, with the clock injected. */
const NOW = 1_800_000_000_000;
const config = (wait_timeout_seconds?: number) => ({ deployment: { name: 'django', ...(wait_timeout_seconds ? { wait_timeout_seconds } : {}) } }) as unknown as SmokeConfig;

describe('rolloutWaitDeadline', () => {
  it('waits its own timeout (default 120 s) when the run\'s budget leaves room for the checks after it', () => {
    expect(rolloutWaitDeadline(config(), NOW + 300_000, NOW)).toBe(NOW + DEFAULT_ROLLOUT_WAIT_SECONDS * 1000);
    expect(rolloutWaitDeadline(config(30), NOW + 300_000, NOW)).toBe(NOW + 30_000);
  });

  it('never eats the checks\' time: ends MIN_CHECK_WINDOW_MS before the run\'s deadline', () => {
    expect(rolloutWaitDeadline(config(), NOW + 60_000, NOW)).toBe(NOW + 60_000 - MIN_CHECK_WINDOW_MS);
    expect(rolloutWaitDeadline(config(600), NOW + 300_000, NOW)).toBe(NOW + 300_000 - MIN_CHECK_WINDOW_MS);
  });

  it('a budget too small for both still gives the wait one second to read the Deployment', () => {
    expect(rolloutWaitDeadline(config(), NOW + 10_000, NOW)).toBe(NOW + 1_000);
  });
});
