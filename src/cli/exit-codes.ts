/** Exit codes of `smokeguard run` (documented in the README). */
export const EXIT = {
  /** Passed; warnings allowed. */
  PASSED: 0,
  /** At least one critical failure. */
  CRITICAL: 1,
  /** Config or usage error: nothing was run. */
  USAGE: 2,
  /** A rollback was attempted and failed: page ops. */
  ROLLBACK_FAILED: 3,
  /** smokeguard itself failed unexpectedly (a bug): the deployment was not judged. */
  INTERNAL: 4,
  /** The rollout being waited for failed (ProgressDeadlineExceeded) or did not finish in time: nothing was tested. */
  DEPLOYMENT_FAILED: 5,
  /** Stopped by SIGINT (128 + 2): a cancelled CI job or Ctrl-C; reports say `aborted`. */
  SIGINT: 130,
  /** Stopped by SIGTERM (128 + 15): a deleted Kubernetes Job or a cancelled pipeline; reports say `aborted`. */
  SIGTERM: 143,
} as const;
