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
   * after it; finish watching a patch already sent within a bounded grace (SIGNAL_ROLLOUT_GRACE_MS);
   * release the Lease.
   */
  signal?: AbortSignal;
  /** After a stop signal, how long a rollout already patched is still watched (default SIGNAL_ROLLOUT_GRACE_MS). */
  signalGraceMs?: number;
  /**
   * The one moment ops are asked: called once, after the plan is read and the lock taken, just
   * before the confirmation wait starts (never for --yes, SMOKEGUARD_CONFIRM or immediate mode).
   * Notifications and a dashboard hook in here. Awaited for at most ALERT_GRACE_MS: a slow
   * channel never eats the confirmation window, and the window's deadline is fixed before.
   */
  onAwaitingConfirmation?: (pending: PendingRollback) => Promise<void> | void;
  /**
   * Called once just before a rollback that nobody was asked about begins (immediate, automatic,
   * or confirmed by a standing answer): the moment `critical` + `rollback_started` go out.
   * Awaited for at most ALERT_GRACE_MS.
   */
  onRollbackStarting?: (pending: PendingRollback) => Promise<void> | void;
}

/** What a rollback is about to do, when ops are told before it happens. */
export interface PendingRollback {
  /** `awaiting_confirmation`: ops are asked; `starting`: the rollback begins now. */
  kind: 'awaiting_confirmation' | 'starting';
  runId: string;
  deployment: string;
  namespace: string;
  strategy: string;
  containers?: ContainerRollback[];
  currentImage?: string;
  targetImage?: string;
  /** When it was announced. */
  at: string;
  /** Awaiting only: when the confirmation window closes, and what happens then. */
  confirmation?: AwaitingConfirmation;
}

// The rollback's record and its parts are part of the result model (src/core/outcome-model.ts),
// which also publishes them in report.json's JSON Schema: the same types, re-exported here.
export type {
  AwaitingConfirmation, ConfirmationMethod, ContainerRollback, KnownGoodVersion, RollbackConfirmation, RollbackError, RollbackErrorKind, RollbackOutcome, RollbackStatus, RollbackVerification,
} from '../core/types.js';
import type { AwaitingConfirmation, ContainerRollback } from '../core/types.js';
