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

// The rollback's record and its parts are part of the result model (src/core/outcome-model.ts),
// which also publishes them in report.json's JSON Schema: the same types, re-exported here.
export type {
  ConfirmationMethod, ContainerRollback, RollbackConfirmation, RollbackError, RollbackOutcome, RollbackStatus, RollbackVerification,
} from '../core/types.js';
