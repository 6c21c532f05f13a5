/**
 * The result model of one smoke run. Everything downstream — verdict, rollback decision,
 * console, reports, notifications — is a pure function of these types.
 */

/** Which section of the config a check came from. */
export type CheckKind = 'health' | 'dependency' | 'path';

/**
 * What happened to one check.
 * - passed: every assertion held.
 * - failed: the target answered wrongly or was unreachable (an assertion failed).
 * - timed_out: no result within the check's timeout or the run's deadline.
 * - error: the test machinery itself broke (not the target); always a warning.
 * - blocked: a check it depends_on did not pass, so it was not run (one root cause, one alert).
 * - skipped: not selected (`--only`) or disabled.
 */
export type CheckStatus = 'passed' | 'failed' | 'timed_out' | 'error' | 'blocked' | 'skipped';

/** How a check's status weighs on the verdict. `none` for passed, blocked and skipped. */
export type Severity = 'none' | 'warning' | 'critical';

/** One assertion's outcome, stepci-style: what we wanted, what we got. */
export interface AssertionResult {
  /** What was asserted, e.g. `status`, `json $.version`, `header content-type`. */
  name: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
}

/** One step of a critical path. */
export interface StepResult {
  index: number;
  name: string;
  method?: string;
  /** The URL requested, redacted. */
  target?: string;
  status: 'passed' | 'failed' | 'timed_out' | 'error' | 'not_run';
  httpStatus?: number;
  durationMs: number;
  reason?: string;
  assertions?: AssertionResult[];
  /** Names (never values) of the variables this step captured. */
  captured?: string[];
  /** True for cleanup steps, which run whatever happened before them. */
  cleanup?: boolean;
}

/** A failing part named by the target itself, e.g. a readiness body's failing component. */
export interface ComponentStatus {
  name: string;
  status: string;
  output?: string;
}

/** What a check type's `run` returns: the measurement, never an exception. */
export interface CheckOutcome {
  status: 'passed' | 'failed' | 'error';
  /** Why it failed, in words a person can act on. Set whenever status is not `passed`. */
  reason?: string;
  /** Where the check went, redacted: a URL, `host:port`, a queue name. */
  target?: string;
  httpStatus?: number;
  /** An error code from the network or driver (ECONNREFUSED, 28P01, …), used by failure analysis. */
  errorCode?: string;
  assertions?: AssertionResult[];
  steps?: StepResult[];
  components?: ComponentStatus[];
  /** A short excerpt of the response body (redacted, truncated) for the report. */
  bodyExcerpt?: string;
  /** Type-specific measurements: days left on a certificate, rate-limit stats, server version. */
  details?: Record<string, unknown>;
}

/** One check's full record in the run result. */
export interface CheckResult {
  name: string;
  kind: CheckKind;
  /** The check type: `http`, `postgres`, `redis`, `flow`, … */
  type: string;
  required: boolean;
  status: CheckStatus;
  severity: Severity;
  reason?: string;
  target?: string;
  httpStatus?: number;
  errorCode?: string;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  durationMs: number;
  timeoutMs: number;
  dependsOn?: string[];
  assertions?: AssertionResult[];
  steps?: StepResult[];
  components?: ComponentStatus[];
  bodyExcerpt?: string;
  details?: Record<string, unknown>;
}

/**
 * `aborted`: the run was stopped from outside (SIGTERM from a deleted Job, SIGINT from a cancelled
 * CI job) before it could judge the deployment; `abortReason` says by what.
 */
export type Verdict = 'passed' | 'warning' | 'critical' | 'aborted';

/** The rollback decision of the seed's Failure Handling table, computed from the checks alone. */
export interface RollbackDecision {
  /** `rollback` when the critical failures reach `critical_failure_threshold` and auto-rollback is on. */
  action: 'none' | 'rollback';
  /**
   * `immediate`: several critical failures (at or over `immediate_rollback_threshold`), no confirmation.
   * `awaiting_confirmation`: ops must confirm (`requires_ops_confirmation`).
   * `automatic`: confirmation not required by config.
   */
  mode?: 'immediate' | 'awaiting_confirmation' | 'automatic';
  criticalFailures: number;
  threshold: number;
  reason: string;
}

export type TimelineEventKind =
  | 'deployment_completed'
  | 'run_started'
  | 'check_started'
  | 'check_finished'
  | 'failures_detected'
  | 'decision'
  | 'deadline_reached'
  | 'rollback'
  | 'notification'
  | 'incident'
  | 'run_finished';

export interface TimelineEvent {
  at: string;
  kind: TimelineEventKind;
  message: string;
  check?: string;
}

/** Where the run went. */
export interface RunTarget {
  baseUrl?: string;
  environment?: string;
  /** The Kubernetes deployment the smoke run guards, when configured. */
  deployment?: string;
  namespace?: string;
  /** A version or image the run expects to be serving, when configured. */
  version?: string;
}

/** The whole run. Serialized as report.json (see REPORT_SCHEMA_VERSION). */
export interface RunResult {
  schemaVersion: number;
  runId: string;
  tool: { name: string; version: string };
  target: RunTarget;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The run's hard deadline, in ms (the config's timeout_seconds). */
  deadlineMs: number;
  deadlineReached: boolean;
  verdict: Verdict;
  /** Set when verdict is `aborted`: what stopped the run, e.g. "SIGTERM received". */
  abortReason?: string;
  summary: { total: number; passed: number; failed: number; timedOut: number; errors: number; blocked: number; skipped: number; critical: number; warnings: number };
  checks: CheckResult[];
  decision: RollbackDecision;
  /** Whether this run was a dry run (decide everything, execute nothing). */
  dryRun: boolean;
  timeline: TimelineEvent[];
  /** Filled by later stages: rollback execution, failure analysis, notifications, incidents. */
  rollback?: unknown;
  findings?: unknown[];
  notifications?: unknown[];
  incident?: unknown;
  /** Where the run's metrics went (Pushgateway, textfile). */
  monitoring?: unknown[];
  /** Watch mode: the window judged interval by interval (absent for a smoke run). */
  watch?: WatchReport;
}

/** One interval of a watch: one measurement of the watched checks. */
export interface WatchInterval {
  /** 1-based. */
  index: number;
  startedAt: string;
  durationMs: number;
  outcome: 'passed' | 'warning' | 'failed' | 'error';
  passed: number;
  total: number;
  /** p95 of the checks' durations in this interval. */
  p95Ms: number;
  /** Each check's duration in this interval (the latency samples compared with the previous version). */
  latencies: Record<string, number>;
  /** The checks that did not pass, and why. */
  problems?: Array<{ name: string; status: CheckStatus; reason?: string }>;
}

/** A latency comparison with the previous version (Mann-Whitney U, Kayenta-style). */
export interface LatencyComparison {
  check: string;
  outcome: 'pass' | 'marginal' | 'fail' | 'no_data';
  baselineSamples: number;
  canarySamples: number;
  baselineP50Ms?: number;
  canaryP50Ms?: number;
  /** Two-sided p-value of the U test. */
  pValue?: number;
  /** Hodges–Lehmann-free effect size: canary median / baseline median − 1. */
  relativeChange?: number;
  message: string;
}

/** A watch window: how it was set up, how it ended, and the per-interval series. */
export interface WatchReport {
  intervalMs: number;
  durationMs: number;
  plannedIntervals: number;
  limits: { failureLimit: number; consecutiveFailures: number; consecutiveErrorLimit: number };
  checks: string[];
  /** passed: the whole duration without reaching a limit; failed: a failure limit reached (critical); inconclusive: could not measure; aborted: stopped from outside. */
  status: 'passed' | 'failed' | 'inconclusive' | 'aborted';
  reason?: string;
  failedIntervals: number;
  errorIntervals: number;
  intervals: WatchInterval[];
  comparison?: { score: number; checks: LatencyComparison[]; baseline: string };
}

export const REPORT_SCHEMA_VERSION = 1;
