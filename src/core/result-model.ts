/**
 * The result model of one smoke run, as zod schemas: the source of the TypeScript types
 * (src/core/types.ts infers them from here) and of report.json's published JSON Schema
 * (src/core/report-schema.ts). To add a field, add it here: the type, the schema that
 * `smokeguard schema --report` prints and the validation of every report follow.
 */
import * as z from 'zod';
import {
  findingSchema, incidentOutcomeSchema, monitoringOutcomeSchema, notificationOutcomeSchema, rollbackOutcomeSchema,
} from './outcome-model.js';
import { checkStatusSchema } from './check-status.js';
import { watchReportSchema } from './watch-model.js';

export { checkStatusSchema };

/** Which section of the config a check came from. */
export const checkKindSchema = z.enum(['health', 'dependency', 'path']);

/** How a check's status weighs on the verdict. `none` for passed, blocked and skipped. */
export const severitySchema = z.enum(['none', 'warning', 'critical']);

/** One assertion's outcome, stepci-style: what we wanted, what we got. */
export const assertionResultSchema = z.object({
  /** What was asserted, e.g. `status`, `json $.version`, `header content-type`. */
  name: z.string(),
  expected: z.unknown(),
  actual: z.unknown(),
  passed: z.boolean(),
});

/** One step of a critical path. */
export const stepResultSchema = z.object({
  index: z.number(),
  name: z.string(),
  method: z.string().optional(),
  /** The URL requested, redacted. */
  target: z.string().optional(),
  status: z.enum(['passed', 'failed', 'timed_out', 'error', 'not_run']),
  httpStatus: z.number().optional(),
  durationMs: z.number(),
  reason: z.string().optional(),
  assertions: z.array(assertionResultSchema).optional(),
  /** Names (never values) of the variables this step captured. */
  captured: z.array(z.string()).optional(),
  /** True for cleanup steps, which run whatever happened before them. */
  cleanup: z.boolean().optional(),
});

/** A failing part named by the target itself, e.g. a readiness body's failing component. */
export const componentStatusSchema = z.object({
  name: z.string(),
  status: z.string(),
  output: z.string().optional(),
});

/** The measurement a check type's `run` returns (never an exception); see CheckOutcome in types.ts. */
const measurementShape = {
  /** Why it failed, in words a person can act on. Set whenever status is not `passed`. */
  reason: z.string().optional(),
  /**
   * What a passing check measured, in one line ("the limit engaged at request 11, Retry-After 60 s",
   * "certificate valid for 87 days", "Redis 7.2.4"): kept when the check passes, where `reason` is not.
   */
  summary: z.string().optional(),
  /** Where the check went, redacted: a URL, `host:port`, a queue name. */
  target: z.string().optional(),
  httpStatus: z.number().optional(),
  /** An error code from the network or driver (ECONNREFUSED, 28P01, …), used by failure analysis. */
  errorCode: z.string().optional(),
  assertions: z.array(assertionResultSchema).optional(),
  steps: z.array(stepResultSchema).optional(),
  components: z.array(componentStatusSchema).optional(),
  /** A short excerpt of the response body (redacted, truncated) for the report. */
  bodyExcerpt: z.string().optional(),
  /** Type-specific measurements: days left on a certificate, rate-limit stats, server version. */
  details: z.record(z.string(), z.unknown()).optional(),
};

export const checkOutcomeSchema = z.object({
  status: z.enum(['passed', 'failed', 'error']),
  ...measurementShape,
  /**
   * Passed, with a concern the target itself reported (an IETF health body saying `warn`): the
   * check counts as a warning, and this becomes its reason.
   */
  warning: z.string().optional(),
});

/** One check's full record in the run result. */
export const checkResultSchema = z.object({
  name: z.string(),
  kind: checkKindSchema,
  /** The check type: `http`, `postgres`, `redis`, `flow`, … */
  type: z.string(),
  required: z.boolean(),
  status: checkStatusSchema,
  severity: severitySchema,
  ...measurementShape,
  attempts: z.number(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number(),
  timeoutMs: z.number(),
  dependsOn: z.array(z.string()).optional(),
});

/**
 * `aborted`: the run was stopped from outside (SIGTERM from a deleted Job, SIGINT from a cancelled
 * CI job) before it could judge the deployment; `abortReason` says by what.
 * `deployment_failed`: the awaited rollout never completed (ProgressDeadlineExceeded, the wait's
 * deadline, an API error): a failed deploy, not a smoke failure — nothing was tested (exit code 5),
 * `rollout` says what the cluster said.
 */
export const verdictSchema = z.enum(['passed', 'warning', 'critical', 'aborted', 'deployment_failed']);

/** The rollback decision of the seed's Failure Handling table, computed from the checks alone. */
export const rollbackDecisionSchema = z.object({
  /** `rollback` when the critical failures reach `critical_failure_threshold` and auto-rollback is on. */
  action: z.enum(['none', 'rollback']),
  /**
   * `immediate`: several critical failures (at or over `immediate_rollback_threshold`), no confirmation.
   * `awaiting_confirmation`: ops must confirm (`requires_ops_confirmation`).
   * `automatic`: confirmation not required by config.
   */
  mode: z.enum(['immediate', 'awaiting_confirmation', 'automatic']).optional(),
  criticalFailures: z.number(),
  threshold: z.number(),
  reason: z.string(),
});

export const timelineEventKindSchema = z.enum([
  'rollout',
  'deployment_completed', 'run_started', 'check_started', 'check_finished', 'failures_detected', 'decision',
  'deadline_reached', 'rollback', 'notification', 'incident',
  /** Watch mode: the window started, an interval failed or could not measure, the window ended. */
  'watch',
  'run_finished',
]);

export const timelineEventSchema = z.object({
  at: z.string(),
  kind: timelineEventKindSchema,
  message: z.string(),
  check: z.string().optional(),
});

/** Where the run went. */
export const runTargetSchema = z.object({
  baseUrl: z.string().optional(),
  environment: z.string().optional(),
  /** The Kubernetes deployment the smoke run guards, when configured. */
  deployment: z.string().optional(),
  namespace: z.string().optional(),
  /** A version or image the run expects to be serving, when configured. */
  version: z.string().optional(),
  /** The commit under test, from the CI (GITHUB_SHA, CI_COMMIT_SHA, …). */
  commit: z.string().optional(),
  /** The Deployment's revision and pod-template-hash found live by the rollout wait. */
  revision: z.string().optional(),
  podTemplateHash: z.string().optional(),
});

/**
 * What the rollout wait (`--wait-for-rollout`, deployment.wait) saw. Anything but `complete`
 * means the deployment itself did not finish: nothing was tested (exit code 5).
 */
export const rolloutOutcomeSchema = z.object({
  status: z.enum(['complete', 'failed', 'timed_out', 'error']),
  message: z.string(),
  deployment: z.string(),
  namespace: z.string(),
  /** When the rollout completed, by the cluster's clock. */
  completedAt: z.string().optional(),
  revision: z.string().optional(),
  podTemplateHash: z.string().optional(),
  /** Container name → image, live in the pod template. */
  images: z.record(z.string(), z.string()).optional(),
  /** The pod template's `kubectl.kubernetes.io/default-container`: the app container beside sidecars. */
  defaultContainer: z.string().optional(),
  waitedMs: z.number(),
});

export const runSummarySchema = z.object({
  total: z.number(), passed: z.number(), failed: z.number(), timedOut: z.number(), errors: z.number(),
  blocked: z.number(), skipped: z.number(), critical: z.number(), warnings: z.number(),
});

/** The whole run, serialized as report.json (versioned by `schemaVersion`). */
export const runResultSchema = z.object({
  schemaVersion: z.number(),
  runId: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  target: runTargetSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  /** The run's hard deadline, in ms (the config's timeout_seconds). */
  deadlineMs: z.number(),
  deadlineReached: z.boolean(),
  verdict: verdictSchema,
  /** Set when verdict is `aborted`: what stopped the run, e.g. "SIGTERM received". */
  abortReason: z.string().optional(),
  summary: runSummarySchema,
  checks: z.array(checkResultSchema),
  decision: rollbackDecisionSchema,
  /** Whether this run was a dry run (decide everything, execute nothing). */
  dryRun: z.boolean(),
  timeline: z.array(timelineEventSchema),
  /** Filled by the stages after the checks: rollback execution, failure analysis, notifications, incident, monitoring. */
  rollback: rollbackOutcomeSchema.optional(),
  findings: z.array(findingSchema).optional(),
  notifications: z.array(notificationOutcomeSchema).optional(),
  incident: incidentOutcomeSchema.optional(),
  /** Where the run's metrics went (Pushgateway, textfile). */
  monitoring: z.array(monitoringOutcomeSchema).optional(),
  /** Watch mode: the window judged interval by interval (absent for a smoke run). */
  watch: watchReportSchema.optional(),
  /** The rollout wait, when the run waited for the deployment to complete. */
  rollout: rolloutOutcomeSchema.optional(),
});
