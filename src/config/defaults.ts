/** Every default in one place, named (gatus-style). The schema applies them; docs quote them. */

/** The seed's budget for a whole run: 5 minutes. */
export const DEFAULT_RUN_TIMEOUT_SECONDS = 300;
/** A check with no timeout_seconds of its own. */
export const DEFAULT_CHECK_TIMEOUT_SECONDS = 10;
/** A critical path with no timeout_seconds of its own. */
export const DEFAULT_PATH_TIMEOUT_SECONDS = 30;
/** Checks in flight at once. */
export const DEFAULT_CONCURRENCY = 8;
/** Status expected when a check or step names none. */
export const DEFAULT_EXPECTED_STATUS = '2xx';
/** Critical failures that trigger a rollback. */
export const DEFAULT_CRITICAL_FAILURE_THRESHOLD = 1;
/** Critical failures at which the rollback is immediate, without waiting for ops ("Multiple failures detected"). */
export const DEFAULT_IMMEDIATE_ROLLBACK_THRESHOLD = 2;
export const DEFAULT_ROLLBACK_TIMEOUT_SECONDS = 60;
export const DEFAULT_MAX_ROLLBACK_ATTEMPTS = 1;
export { ABORT_GRACE_MS, DEFAULT_RETRY_FACTOR, DEFAULT_RETRY_INITIAL_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from '../core/defaults.js';
/** Longest excerpt of a response body kept in a result. */
export const BODY_EXCERPT_CHARS = 500;

/** Where the config is looked for when --config is absent, in order. */
export const CONFIG_SEARCH_PATHS = [
  '.coditect/config/smoke-test-hook.json',
  'smokeguard.yaml',
  'smokeguard.yml',
  'smokeguard.json',
];

/** Conventional environment variables read when a check has no connection settings of its own. */
export const BASE_URL_ENV = 'SMOKEGUARD_BASE_URL';
