import type { Readable, Writable } from 'node:stream';
import type { SmokeConfig } from '../config/schema.js';
import type { CheckResult, RunResult } from '../core/types.js';
import type { Redactor } from '../util/redact.js';

/** Where the rollback acts. Resolved from config `deployment`, then flags, then env (see target.ts). */
export interface RollbackTarget {
  deployment: string;
  namespace: string;
  /** Containers to roll back; empty means every container of the pod template. */
  containers: string[];
  context?: string;
  kubeconfig?: string;
}

/** Target fields given on the command line (--deployment, --namespace, --container, --context, --kubeconfig). */
export interface RollbackTargetOverrides {
  deployment?: string;
  namespace?: string;
  container?: string;
  context?: string;
  kubeconfig?: string;
}

export interface RollbackEvent {
  kind: 'rollback';
  message: string;
  at: string;
}

/** Everything executeRollback needs; all I/O comes in from here. */
export interface RollbackInput {
  config: SmokeConfig;
  /** The run so far, with `decision` computed. */
  result: RunResult;
  dryRun: boolean;
  /** --yes or SMOKEGUARD_CONFIRM=yes. Which of the two is told apart through `env`. */
  assumeYes: boolean;
  /** stdin and stderr are a TTY: a prompt with a countdown may be shown. */
  interactive: boolean;
  input?: Readable;
  output?: Writable;
  env: Readonly<Record<string, string | undefined>>;
  overrides?: RollbackTargetOverrides;
  /** Where approvals from `smokeguard approve RUN_ID` are looked for (default: see approval-store.ts). */
  stateDir?: string;
  /** Re-runs the required health checks against the rolled-back version. */
  verify?: () => Promise<CheckResult[]>;
  onEvent?: (event: RollbackEvent) => void;
  /** The run's redactor: command output and API errors go through it. */
  redactor?: Redactor;
  /** Epoch ms at which the run's budget (timeout_seconds) ends: the confirmation wait is shortened to fit. */
  budgetEnd?: number;
  /** Poll interval for rollout progress and approvals; tests shorten it. Default 500 ms. */
  pollMs?: number;
  /**
   * Aborted on SIGTERM/SIGINT (reason: e.g. "SIGTERM received"). Contract: never start a rollback
   * after it; finish watching a patch already sent within a bounded grace; release the Lease.
   */
  signal?: AbortSignal;
}

export type RollbackStatus =
  | 'not_needed'
  | 'not_configured'
  | 'dry_run'
  | 'denied'
  | 'confirmation_timeout'
  | 'skipped_limit'
  | 'locked_by_other_run'
  | 'succeeded'
  | 'failed';

export type ConfirmationMethod = 'not_required' | 'immediate' | 'tty' | 'flag' | 'env' | 'approve_command' | 'timeout_default';

export interface RollbackConfirmation {
  required: boolean;
  /** How the decision was reached; absent when nobody answered. */
  method?: ConfirmationMethod;
  approved?: boolean;
  /** Who answered: a user name, `--yes`, `SMOKEGUARD_CONFIRM`. */
  by?: string;
  at?: string;
  waitedMs?: number;
}

export interface ContainerRollback {
  name: string;
  currentImage?: string;
  targetImage?: string;
}

export interface RollbackVerification {
  healthy: boolean;
  checks: { name: string; status: string; reason?: string }[];
  error?: string;
}

export interface RollbackError {
  message: string;
  /** HTTP status of the failing API call, when it was one. */
  httpStatus?: number;
  /** `patch deployments.apps in namespace prod` when the API said 403. */
  missingPermission?: string;
}

/** The rollback's record: stored as `result.rollback` and serialized into report.json. */
export interface RollbackOutcome {
  status: RollbackStatus;
  /** One line for people and notifiers: what happened and what to do. */
  message: string;
  strategy?: string;
  deployment?: string;
  namespace?: string;
  containers?: ContainerRollback[];
  /** The (first) rolled-back container's images, for the console's Current / Rollback to lines. */
  currentImage?: string;
  targetImage?: string;
  fromRevision?: string;
  toRevision?: string;
  /** Attempts for this deployment and failed revision, this one included, and the limit. */
  attempts?: number;
  maxAttempts?: number;
  confirmation?: RollbackConfirmation;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  pods?: { ready: number; desired: number };
  verification?: RollbackVerification;
  error?: RollbackError;
  /** The command an operator runs by hand, in full (failed, denied, timed out, dry run). */
  manualCommand?: string;
  /** True when ops must be paged now: the rollback failed, confirmation timed out, or health did not return. */
  alertOps: boolean;
  /** What to set when `not_configured`. */
  hint?: string;
}
