/** The rollback's named defaults (the seed's own ones live in src/config/defaults.ts). */

/** How long a run waits for ops to confirm before the configured default applies. */
export const DEFAULT_CONFIRMATION_TIMEOUT_SECONDS = 120;
/** What happens when nobody confirms in time: the seed's "no rollback, alert ops". */
export const DEFAULT_ON_CONFIRMATION_TIMEOUT = 'skip';
/** Rollout progress and approval files are polled this often. */
export const DEFAULT_POLL_MS = 500;
/** Added to the lock's lease so a slow verification does not let a second run in. */
export const LEASE_MARGIN_SECONDS = 30;
/** Where approvals are written when no state dir is given (shared by `smokeguard approve` and the waiting run). */
export const DEFAULT_STATE_DIR = '.smokeguard';
/** Annotation on the Deployment holding the attempt counts per failed pod template. */
export const ATTEMPTS_ANNOTATION = 'smokeguard.io/rollback-attempts';
/** Environment variables that set the target when no config or flag does. */
export const DEPLOYMENT_ENV = 'SMOKEGUARD_DEPLOYMENT';
export const NAMESPACE_ENV = 'SMOKEGUARD_NAMESPACE';
export const CONFIRM_ENV = 'SMOKEGUARD_CONFIRM';
/** Without cluster access and without a known version, attempts count for this long (a re-run of the same deploy). */
export const UNVERSIONED_WINDOW_MS = 60 * 60 * 1000;
/**
 * How long the rollback waits for the first alert (awaiting-confirmation, or critical +
 * rollback_started) to be delivered before it goes on: long enough that ops hear first in the
 * normal case, short enough that a hung channel never eats the window or delays the rollback.
 */
export const ALERT_GRACE_MS = 2_000;
/** After SIGTERM/SIGINT, a rollout already patched is still watched this long (Kubernetes' own grace is 30 s). */
export const SIGNAL_ROLLOUT_GRACE_MS = 10_000;
/** Local state (approvals, locks, attempts) is private to the user running smokeguard. */
export const STATE_DIR_MODE = 0o700;
export const STATE_FILE_MODE = 0o600;
