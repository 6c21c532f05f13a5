/**
 * The records the stages after the checks write into the run result: rollback, failure
 * analysis, notifications, incident, monitoring. Their producers (src/rollback, src/analysis,
 * src/notifiers, src/incidents, src/monitoring) use these types, and report.json's published
 * JSON Schema is generated from these schemas: one source, no copy that can drift.
 * Core imports nothing above it, so the shapes live here and the producers re-export them.
 */
import * as z from 'zod';
import { NOTIFICATION_PHASES, NOTIFY_EVENTS } from './notify-events.js';

export const rollbackStatusSchema = z.enum([
  // aborted: the run was stopped (SIGTERM/SIGINT) before a rollback was started; nothing patched.
  'not_needed', 'not_configured', 'dry_run', 'denied', 'confirmation_timeout', 'skipped_limit', 'locked_by_other_run', 'aborted', 'succeeded', 'failed',
]);

/** How ops answer a waiting run: recorded in the report and sent in the awaiting-confirmation message. */
export const awaitingConfirmationSchema = z.object({
  /** When the window closes (ISO); fixed at the decision. */
  deadline: z.string(),
  waitMs: z.number(),
  /** What happens when nobody answers: `skip` (no rollback) or `rollback`. */
  onTimeout: z.enum(['skip', 'rollback']),
  /** The exact commands, runnable as written (the approver's own kubeconfig, or the run's state dir). */
  approveCommand: z.string(),
  denyCommand: z.string(),
});

/** The version manual commands point at: never one recorded as failed. */
export const knownGoodVersionSchema = z.object({
  /** The Deployment revision, when read from the cluster. */
  revision: z.string().optional(),
  /** Container name → image. */
  images: z.record(z.string(), z.string()),
  /** `ledger`: the version smokeguard last rolled back to; `history`: the newest earlier revision not recorded as failed. */
  source: z.enum(['ledger', 'history']),
});

export const confirmationMethodSchema = z.enum(['not_required', 'immediate', 'tty', 'flag', 'env', 'approve_command', 'timeout_default']);

export const rollbackConfirmationSchema = z.object({
  required: z.boolean(),
  /** How the decision was reached; absent when nobody answered. */
  method: confirmationMethodSchema.optional(),
  approved: z.boolean().optional(),
  /**
   * Who or what confirmed: an approver's name, `$USER` at the prompt, `--yes`, `SMOKEGUARD_CONFIRM=yes`,
   * `immediate: 2 critical failures`, `automatic: requires_ops_confirmation is false`,
   * `on_confirmation_timeout: rollback`. Absent only when nobody answered.
   */
  by: z.string().optional(),
  at: z.string().optional(),
  waitedMs: z.number().optional(),
  /** When ops were asked (`since`), the window's deadline and the commands they were given. */
  awaiting: awaitingConfirmationSchema.extend({ since: z.string() }).optional(),
});

export const containerRollbackSchema = z.object({
  name: z.string(),
  currentImage: z.string().optional(),
  targetImage: z.string().optional(),
});

export const rollbackVerificationSchema = z.object({
  healthy: z.boolean(),
  checks: z.array(z.object({ name: z.string(), status: z.string(), reason: z.string().optional() })),
  error: z.string().optional(),
});

/** Why a rollback could not be done, when ops act on it differently. */
export const rollbackErrorKindSchema = z.enum(['paused', 'no_previous_revision', 'interrupted', 'forbidden']);

export const rollbackErrorSchema = z.object({
  message: z.string(),
  kind: rollbackErrorKindSchema.optional(),
  /** HTTP status of the failing API call, when it was one. */
  httpStatus: z.number().optional(),
  /** `patch deployments.apps in namespace prod` when the API said 403. */
  missingPermission: z.string().optional(),
});

/** The rollback's record: `result.rollback`. */
export const rollbackOutcomeSchema = z.object({
  status: rollbackStatusSchema,
  /** One line for people and notifiers: what happened and what to do. */
  message: z.string(),
  strategy: z.string().optional(),
  deployment: z.string().optional(),
  namespace: z.string().optional(),
  containers: z.array(containerRollbackSchema).optional(),
  /** The (first) rolled-back container's images, for the console's Current / Rollback to lines. */
  currentImage: z.string().optional(),
  targetImage: z.string().optional(),
  fromRevision: z.string().optional(),
  toRevision: z.string().optional(),
  /** Attempts for this deployment and failed revision, this one included, and the limit. */
  attempts: z.number().optional(),
  maxAttempts: z.number().optional(),
  confirmation: rollbackConfirmationSchema.optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  pods: z.object({ ready: z.number(), desired: z.number() }).optional(),
  verification: rollbackVerificationSchema.optional(),
  error: rollbackErrorSchema.optional(),
  /**
   * The command an operator runs by hand, in full (failed, denied, timed out, dry run). It always
   * targets `lastKnownGood`; absent when there is nothing to roll back to (`nothingToRollBackTo`).
   */
  manualCommand: z.string().optional(),
  /** The version manual commands target: from the attempt ledger, else the newest earlier revision not recorded as failed. */
  lastKnownGood: knownGoodVersionSchema.optional(),
  /** Why no manual rollback is offered: no earlier revision, or the live version is the last known good one. */
  nothingToRollBackTo: z.string().optional(),
  /** The run was stopped (SIGTERM/SIGINT) during the rollback: when, and what it cut. */
  interrupted: z.object({ at: z.string(), during: z.enum(['before_start', 'confirmation', 'rollout', 'verification']) }).optional(),
  /** True when ops must be paged now: the rollback failed, confirmation timed out, or health did not return. */
  alertOps: z.boolean(),
  /** What to set when `not_configured`. */
  hint: z.string().optional(),
});

/** A finding of failure analysis (src/analysis): the seed's `Issue:` / `Impact:` lines and what to do. */
export const findingSchema = z.object({
  /** The rule that produced it, e.g. `dependency-down-readiness`. Stable, for tests and dashboards. */
  rule: z.string(),
  severity: z.enum(['critical', 'warning']),
  /** One line, e.g. "Database unavailable: readiness fails because PostgreSQL refuses connections". */
  title: z.string(),
  /** The checks this finding explains (one root cause may explain several failures). */
  checks: z.array(z.string()),
  /** The seed's "Issue:" line. */
  issue: z.string(),
  /** The seed's "Impact:" line. */
  impact: z.string(),
  probableCause: z.string(),
  /** Ordered steps; commands carry the run's own names (deployment, namespace, images). */
  remediation: z.array(z.string()),
});

/** One channel's record in the report (src/notifiers). Never an exception: a failed send is data. */
export const notificationOutcomeSchema = z.object({
  /** The channel's name in config (or the undefined name referred to). */
  channel: z.string(),
  /** Provider type, e.g. `slack`; `unknown` for an undefined channel. */
  type: z.string(),
  /** The event the message was about (the most urgent of the run's events the channel listens to). */
  event: z.enum([...NOTIFY_EVENTS, 'none']),
  status: z.enum(['sent', 'failed', 'skipped', 'undefined_channel']),
  attempts: z.number(),
  durationMs: z.number(),
  /** Why it failed, was skipped, or why the name could not be used. Redacted. */
  error: z.string().optional(),
  /** PagerDuty: the dedup key the event was sent with (the incident's identity). */
  dedupKey: z.string().optional(),
  /** PagerDuty: `trigger` or `resolve`. */
  action: z.string().optional(),
  /** Which message of the run this was (absent: `outcome`). */
  phase: z.enum(NOTIFICATION_PHASES).optional(),
  /** When the channel accepted it (ISO). */
  sentAt: z.string().optional(),
  /** What a follow-up threads under: Slack's message `ts` (bot token), the e-mail Message-ID, PagerDuty's dedup key. */
  threadId: z.string().optional(),
  /** The `threadId` this follow-up replied to. */
  inReplyTo: z.string().optional(),
});

/** The incident ticket of a run (src/incidents), as printed: "Incident ticket created: INC-2026-0542". */
export const incidentOutcomeSchema = z.object({
  /** `jira`, `github`, `webhook` or `pagerduty`. */
  provider: z.string(),
  /** The provider's id: a Jira key (OPS-123), `owner/repo#42`, the webhook's id, PagerDuty's dedup key. Empty when `error` is set. */
  id: z.string(),
  url: z.string().optional(),
  /** True when this run opened the ticket. */
  created: z.boolean(),
  /** True when an open ticket for the same deployment and revision was found, and reused instead. */
  deduplicated: z.boolean(),
  /** Something worth reporting that did not prevent the ticket (e.g. the local state file could not be written). */
  warning: z.string().optional(),
  /** Why no ticket could be opened or found. Redacted. */
  error: z.string().optional(),
  attempts: z.number(),
  durationMs: z.number(),
  /** The marker that identifies the deployment and revision across runs (label / dedup key). */
  dedupKey: z.string(),
});

export const monitoringSinkSchema = z.enum(['pushgateway', 'textfile']);

/** What happened to one monitoring sink (src/monitoring). Never thrown: a failure is data. */
export const monitoringOutcomeSchema = z.object({
  sink: monitoringSinkSchema,
  status: z.enum(['sent', 'failed']),
  /** The Pushgateway group URL (credentials removed, redacted) or the textfile path. */
  target: z.string(),
  error: z.string().optional(),
  durationMs: z.number(),
});
