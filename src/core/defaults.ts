// The engine's own defaults (config/defaults.ts re-exports them beside the config's).
/** Retry backoff: first delay, growth factor and ceiling; full jitter on top. */
export const DEFAULT_RETRY_INITIAL_DELAY_MS = 250;
export const DEFAULT_RETRY_FACTOR = 2;
export const DEFAULT_RETRY_MAX_DELAY_MS = 5_000;
/** Grace after a deadline for a driver to honour its abort before the runner moves on anyway. */
export const ABORT_GRACE_MS = 50;
