import type { CheckContext } from '../checks/check-type.js';
import { manualTargetImage } from '../rollback/manual.js';
import type { SmokeConfig } from '../config/schema.js';
import type { PendingRollback, RollbackTargetOverrides } from '../rollback/types.js';
import type { NotificationOutcome, NotifyInput } from '../notifiers/types.js';
import type { HttpClient } from '../util/http.js';
import type { Redactor } from '../util/redact.js';
import { DEFAULT_EVENTS, runEvents } from '../notifiers/events.js';
import { buildPlan } from './plan.js';
import { runChecks } from '../core/runner.js';
import type { CheckResult, RunResult, TimelineEvent } from '../core/types.js';

/**
 * The stages after the checks, each loaded only when a run needs it: a healthy run never loads
 * the Kubernetes client, the notifiers or the analysis rules.
 */

/** Time the notification stage always gets, even when the checks used the whole run deadline. */
export const NOTIFY_WINDOW_MS = 15_000;
/** After SIGTERM/SIGINT, the follow-up to ops' alert gets this long: well inside Kubernetes' 30 s grace. */
export const ABORT_FOLLOW_UP_MS = 5_000;

export interface StageIo {
  config: SmokeConfig;
  http: HttpClient;
  redactor: Redactor;
  env: Readonly<Record<string, string | undefined>>;
  note(kind: TimelineEvent['kind'], message: string): void;
  context(signal: AbortSignal, deadline: number): CheckContext;
}

export interface RollbackStageOptions {
  dryRun: boolean;
  /** The end of the run's budget: waiting for ops confirmation is shortened to fit in it. */
  budgetEnd: number;
  assumeYes: boolean;
  interactive: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  overrides?: RollbackTargetOverrides;
  stateDir?: string;
  /** SIGTERM/SIGINT: no rollback starts after it; a patch already sent is watched for a bounded grace. */
  signal?: AbortSignal;
  /** Ops are asked now (before the wait): notifications and dashboards. */
  onAwaitingConfirmation?: (pending: PendingRollback) => Promise<void>;
  /** A rollback nobody is asked about begins now: critical + rollback_started go out. */
  onRollbackStarting?: (pending: PendingRollback) => Promise<void>;
}

/** Re-runs the required health checks, as the proof that the rolled-back version is healthy again. */
async function verifyHealth(io: StageIo): Promise<CheckResult[]> {
  const plan = buildPlan({ ...io.config, dependency_checks: [], critical_paths: [] }).filter((c) => c.required);
  const longest = Math.max(1_000, ...plan.map((c) => c.timeoutMs));
  const { results } = await runChecks(plan.map((c) => ({ ...c, dependsOn: [] })), {
    concurrency: io.config.concurrency,
    deadline: Date.now() + longest,
    context: io.context,
  });
  return results;
}

export async function rollbackStage(result: RunResult, io: StageIo, options: RollbackStageOptions): Promise<void> {
  const { executeRollback } = await import('../rollback/index.js');
  result.rollback = await executeRollback({
    config: io.config,
    result,
    dryRun: options.dryRun,
    budgetEnd: options.budgetEnd,
    assumeYes: options.assumeYes,
    interactive: options.interactive,
    input: options.input as import('node:stream').Readable | undefined,
    output: options.output as import('node:stream').Writable | undefined,
    env: io.env,
    overrides: options.overrides,
    stateDir: options.stateDir,
    signal: options.signal,
    verify: () => verifyHealth(io),
    onEvent: (event) => io.note('rollback', event.message),
    redactor: io.redactor,
    ...(options.onAwaitingConfirmation ? { onAwaitingConfirmation: options.onAwaitingConfirmation } : {}),
    ...(options.onRollbackStarting ? { onRollbackStarting: options.onRollbackStarting } : {}),
  });
}

/**
 * Failure analysis into `result.findings`. Before the rollback's record exists, `pending` (what
 * ops are about to be asked or told) supplies the images: the first alert's remediation then
 * names the version the rollback goes to, not a placeholder.
 */
export async function analysisStage(result: RunResult, io: StageIo, extra: { configPath?: string; environment?: string; baseUrlArg?: string; pending?: PendingRollback }): Promise<void> {
  const { analyze } = await import('../analysis/analyze.js');
  const rollback = result.rollback;
  const pending = rollback ? undefined : extra.pending;
  // Remediation rolls back to the last known good version, never to one that failed.
  const manual = rollback ? manualTargetImage(rollback) : { container: pending?.containers?.[0]?.name, image: pending?.targetImage };
  result.findings = analyze(result, {
    deployment: rollback?.deployment ?? pending?.deployment ?? io.config.deployment?.name,
    namespace: rollback?.namespace ?? pending?.namespace ?? io.config.deployment?.namespace,
    container: io.config.deployment?.container ?? manual.container,
    currentImage: rollback?.currentImage ?? pending?.currentImage,
    previousImage: manual.image,
    configPath: extra.configPath,
    environment: extra.environment,
    baseUrl: io.config.base_url,
    baseUrlArg: extra.baseUrlArg,
  });
}

/** True when the config names any channel, incident provider or notify_channels entry. */
export function wantsNotifications(config: SmokeConfig): boolean {
  const n = config.notifications as { channels?: Record<string, unknown>; incident?: unknown } | undefined;
  return Boolean((n && (Object.keys(n.channels ?? {}).length || n.incident)) || config.rollback_strategy?.notify_channels.length);
}

/**
 * Whether the outcome stage has anything to do for this run. With no channel and no incident
 * defined, all it could say is that a name in rollback_strategy.notify_channels (the seed names
 * two) is undefined — and it says that only for a run that would have fired on the default events
 * (critical, rollback). A passing run then skips loading the notification code altogether.
 */
export function outcomeStageHasWork(config: SmokeConfig, result: RunResult): boolean {
  const n = config.notifications as { channels?: Record<string, unknown>; incident?: unknown } | undefined;
  if (n && (Object.keys(n.channels ?? {}).length || n.incident)) return true;
  return Boolean(config.rollback_strategy?.notify_channels.length) && runEvents(result).some((e) => DEFAULT_EVENTS.includes(e));
}

/** What every notification call shares: the run (redacted), the secrets registered, at least NOTIFY_WINDOW_MS. */
async function notifyInput(result: RunResult, io: StageIo, runDeadline: number, reportUrl?: string): Promise<NotifyInput> {
  const { registerNotificationSecrets } = await import('../notifiers/index.js');
  registerNotificationSecrets(io.config, io.redactor);
  return {
    result: io.redactor.value(result),
    config: io.config,
    http: io.http,
    redactor: io.redactor,
    deadline: Math.max(runDeadline, Date.now() + NOTIFY_WINDOW_MS),
    ...(reportUrl ? { reportUrl } : {}),
    env: io.env,
  };
}

/**
 * The alert before a rollback: `awaiting_confirmation` (ops are asked) or `before_rollback`
 * (critical + rollback_started). Its outcomes go to the timeline as they land; the outcome stage
 * later threads under them.
 */
export async function alertStage(result: RunResult, io: StageIo, phase: 'awaiting_confirmation' | 'before_rollback', pending: PendingRollback, runDeadline: number, reportUrl?: string): Promise<NotificationOutcome[]> {
  const { notify, formatNotificationOutcome } = await import('../notifiers/index.js');
  const outcomes = await notify({ ...(await notifyInput(result, io, runDeadline, reportUrl)), phase, pending: io.redactor.value(pending) });
  for (const o of outcomes) if (o.status !== 'skipped') io.note('notification', formatNotificationOutcome(o));
  return outcomes;
}

/**
 * A run stopped after ops were alerted and before a rollback was done: the outcome (no rollback,
 * the manual command) goes to the channels, threaded under the alert, within `deadline` only —
 * the process is shutting down. No incident is opened: the run has no verdict.
 */
export async function abortFollowUpStage(result: RunResult, io: StageIo, deadline: number, reportUrl: string | undefined, earlier: NotificationOutcome[]): Promise<void> {
  const { notify, formatNotificationOutcome } = await import('../notifiers/index.js');
  const input = await notifyInput(result, io, deadline, reportUrl);
  const outcomes = await notify({ ...input, deadline, earlier });
  for (const o of outcomes) if (o.status !== 'skipped') io.note('notification', formatNotificationOutcome(o));
  result.notifications = [...earlier, ...outcomes];
}

export async function notificationStage(result: RunResult, io: StageIo, runDeadline: number, reportUrl?: string, earlier: NotificationOutcome[] = []): Promise<void> {
  const { notifyAndOpenIncident } = await import('../notifiers/stage.js');
  const stage = await notifyAndOpenIncident({ ...(await notifyInput(result, io, runDeadline, reportUrl)), earlier });
  result.notifications = stage.notifications;
  if (stage.incident) result.incident = stage.incident;
  for (const event of stage.timeline) io.note(event.kind, event.message);
}

export async function monitoringStage(result: RunResult, io: StageIo, runDeadline: number): Promise<void> {
  const { feedMonitoring } = await import('../monitoring/index.js');
  const outcomes = await feedMonitoring({ result: io.redactor.value(result), config: io.config, http: io.http, deadline: Math.max(runDeadline, Date.now() + NOTIFY_WINDOW_MS), redactor: io.redactor });
  result.monitoring = outcomes;
}
