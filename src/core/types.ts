/**
 * The result model of one smoke run. Everything downstream — verdict, rollback decision,
 * console, reports, notifications — is a pure function of these types.
 *
 * The types are inferred from the zod schemas in result-model.ts and outcome-model.ts, which
 * also generate report.json's published JSON Schema (report-schema.ts): add a field there.
 * Only types are imported here, so using the types loads no zod.
 */
import type { z } from 'zod';
import type {
  assertionResultSchema, checkKindSchema, checkOutcomeSchema, checkResultSchema, checkStatusSchema, componentStatusSchema,
  rollbackDecisionSchema, rolloutOutcomeSchema, runResultSchema, runTargetSchema, severitySchema, stepResultSchema, timelineEventKindSchema,
  timelineEventSchema, verdictSchema,
} from './result-model.js';
import type {
  confirmationMethodSchema, containerRollbackSchema, findingSchema, incidentOutcomeSchema, monitoringOutcomeSchema,
  monitoringSinkSchema, notificationOutcomeSchema, rollbackConfirmationSchema, rollbackErrorSchema, rollbackOutcomeSchema,
  rollbackStatusSchema, rollbackVerificationSchema, awaitingConfirmationSchema, knownGoodVersionSchema,
  rollbackErrorKindSchema,
} from './outcome-model.js';
import type { NOTIFY_EVENTS, NOTIFICATION_PHASES } from './notify-events.js';
import type { latencyComparisonSchema, watchIntervalSchema, watchProgressSchema, watchReportSchema } from './watch-model.js';

/** Which section of the config a check came from. */
export type CheckKind = z.infer<typeof checkKindSchema>;
/** What happened to one check (see checkStatusSchema for each status's meaning). */
export type CheckStatus = z.infer<typeof checkStatusSchema>;
/** How a check's status weighs on the verdict. `none` for passed, blocked and skipped. */
export type Severity = z.infer<typeof severitySchema>;
/** One assertion's outcome, stepci-style: what we wanted, what we got. */
export type AssertionResult = z.infer<typeof assertionResultSchema>;
/** One step of a critical path. */
export type StepResult = z.infer<typeof stepResultSchema>;
/** A failing part named by the target itself, e.g. a readiness body's failing component. */
export type ComponentStatus = z.infer<typeof componentStatusSchema>;
/** What a check type's `run` returns: the measurement, never an exception. `reason` is set whenever status is not `passed`. */
export type CheckOutcome = z.infer<typeof checkOutcomeSchema>;
/** One check's full record in the run result. */
export type CheckResult = z.infer<typeof checkResultSchema>;
export type Verdict = z.infer<typeof verdictSchema>;
/** The rollback decision of the seed's Failure Handling table, computed from the checks alone. */
export type RollbackDecision = z.infer<typeof rollbackDecisionSchema>;
export type TimelineEventKind = z.infer<typeof timelineEventKindSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
/** Where the run went. */
export type RunTarget = z.infer<typeof runTargetSchema>;
/** What the rollout wait saw (see rolloutOutcomeSchema). */
export type RolloutOutcome = z.infer<typeof rolloutOutcomeSchema>;
/** The whole run. Serialized as report.json (see REPORT_SCHEMA_VERSION). */
export type RunResult = z.infer<typeof runResultSchema>;

// The records the stages after the checks write; their producers re-export these.
export type RollbackStatus = z.infer<typeof rollbackStatusSchema>;
export type ConfirmationMethod = z.infer<typeof confirmationMethodSchema>;
export type RollbackConfirmation = z.infer<typeof rollbackConfirmationSchema>;
export type ContainerRollback = z.infer<typeof containerRollbackSchema>;
export type RollbackVerification = z.infer<typeof rollbackVerificationSchema>;
export type RollbackError = z.infer<typeof rollbackErrorSchema>;
export type RollbackErrorKind = z.infer<typeof rollbackErrorKindSchema>;
/** How ops answer a waiting run (deadline, approve/deny commands). */
export type AwaitingConfirmation = z.infer<typeof awaitingConfirmationSchema>;
/** The version manual commands target. */
export type KnownGoodVersion = z.infer<typeof knownGoodVersionSchema>;
/** The rollback's record: `result.rollback` (src/rollback). */
export type RollbackOutcome = z.infer<typeof rollbackOutcomeSchema>;
/** A finding of failure analysis (src/analysis). */
export type Finding = z.infer<typeof findingSchema>;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
export type NotificationPhase = (typeof NOTIFICATION_PHASES)[number];
/** One notification channel's record (src/notifiers). */
export type NotificationOutcome = z.infer<typeof notificationOutcomeSchema>;
/** The incident ticket of a run (src/incidents). */
export type IncidentOutcome = z.infer<typeof incidentOutcomeSchema>;
export type MonitoringSink = z.infer<typeof monitoringSinkSchema>;
/** What happened to one monitoring sink (src/monitoring). */
export type MonitoringOutcome = z.infer<typeof monitoringOutcomeSchema>;

/** One interval of a watch: one measurement of the watched checks. */
export type WatchInterval = z.infer<typeof watchIntervalSchema>;
/** A latency comparison with the previous version (Mann-Whitney U, Kayenta-style). */
export type LatencyComparison = z.infer<typeof latencyComparisonSchema>;
/** A watch window: how it was set up, how it ended, and the per-interval series. */
export type WatchReport = z.infer<typeof watchReportSchema>;

/** A watch in progress, as published to the dashboard after each interval. */
export type WatchProgress = z.infer<typeof watchProgressSchema>;

export const REPORT_SCHEMA_VERSION = 1;
