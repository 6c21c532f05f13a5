/** The rollout wait's named defaults. */

/** How long `--wait-for-rollout` waits at most, unless deployment.wait_timeout_seconds says otherwise. */
export const DEFAULT_ROLLOUT_WAIT_SECONDS = 120;
/** Time kept for the checks after the wait: the wait ends this long before the run's deadline at the latest. */
export const MIN_CHECK_WINDOW_MS = 15_000;
/** A watch that ends without an answer (server timeout, dropped connection) is re-opened after this pause. */
export const REWATCH_DELAY_MS = 250;
