import type * as Crypto from 'node:crypto';
import type { CheckContext } from '../checks/check-type.js';
import type { SmokeConfig } from '../config/schema.js';
import { createHttpClient, type HttpClient } from '../util/http.js';
import { registerNotificationSecrets } from '../notifiers/secrets.js';
import { RunOptionsError, runOptionsProblem } from './run-options-error.js';
import { Redactor } from '../util/redact.js';
import { version } from '../version.js';
import { buildPlan } from './plan.js';
import { runChecks, skippedResult, type PlannedCheck, type RunnerEvent, type RunnerOptions } from '../core/runner.js';
import { REPORT_SCHEMA_VERSION, type CheckResult, type RolloutOutcome, type RunResult, type TimelineEvent, type WatchProgress, type WatchReport } from '../core/types.js';
import { decideRollback, verdictOf } from '../core/verdict.js';
import { abortFollowUpStage, ABORT_FOLLOW_UP_MS, alertStage, analysisStage, monitoringStage, notificationStage, outcomeStageHasWork, rollbackStage, wantsNotifications, type StageIo } from './stages.js';
import type { PendingRollback, RollbackTargetOverrides } from '../rollback/types.js';
import type { NotificationOutcome } from '../notifiers/types.js';
import { ciCommit } from '../deployment/ci-commit.js';
import { imageUnderTest } from '../deployment/live-version.js';
import { rolloutStage } from './rollout-stage.js';
import type { RunFeed } from '../dashboard/feed/feed.js';
import { UNNAMED_DEPLOYMENT } from '../dashboard/store/types.js';
import { awaitingInfo, dashboardRunUrl, openHistoryFeed, resolveHistory, verdictWith, type HistoryTarget } from './history-stage.js';

export interface RunOptions {
  /** The process environment (conventional defaults such as DATABASE_URL). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The `--environment` name, for the report. */
  environment?: string;
  /** Decide everything, execute no rollback and send nothing that changes state. */
  dryRun?: boolean;
  /** Overrides the config's concurrency. */
  concurrency?: number;
  /** Run only these checks (`--only`); the rest are reported skipped. */
  only?: string[];
  /** Values to redact everywhere (from loadConfig). */
  secrets?: string[];
  /** Live progress, already redacted: each check as it starts and finishes, then each stage. */
  onEvent?(event: RunEvent): void;
  /** The config file's path, for the re-run commands in remediation steps. */
  configPath?: string;
  /** The base URL given on the command line (--base-url, SMOKEGUARD_BASE_URL), for the same re-run commands. */
  baseUrlArg?: string;
  /** When the deployment finished (`--deployed-at`), the first line of the timeline. */
  deployedAt?: Date;
  /** The run's id (printed before a rollback waits, for `smokeguard approve RUN_ID`); a UUID by default. */
  runId?: string;
  /** The version under test (image tag, commit): in the report, and the key for rollback limits and incident dedup. */
  revision?: string;
  /** Where the full report will be published, linked from notifications. */
  reportUrl?: string;
  /** Rollback: --yes / SMOKEGUARD_CONFIRM=yes. */
  assumeYes?: boolean;
  /** Rollback: a person is at a terminal to answer the confirmation prompt. */
  interactive?: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Rollback target from flags (--deployment, --namespace, --container, --context, --kubeconfig). */
  rollbackTarget?: RollbackTargetOverrides;
  /** Where approvals and local rollback state live. */
  stateDir?: string;
  /** An HTTP client to use (tests, embedding); by default one is made and closed by the run. */
  http?: HttpClient;
  /**
   * Aborted from outside (the CLI does it on SIGTERM/SIGINT, with the words as `reason`, e.g.
   * "SIGTERM received"): the checks are cut, no rollback is started after it, no notification is
   * sent, and the result has verdict `aborted`. A rollback already under way gets it too.
   */
  signal?: AbortSignal;
  /**
   * Watch mode: measures instead of the one pass of the checks (interval after interval); every
   * stage after it — decision, rollback, analysis, notifications, monitoring — is the same run's.
   */
  measure?: MeasureChecks;
  /** The run's budget in ms instead of timeout_seconds (a watch: its duration plus a smoke run's budget for the stages after it). */
  budgetMs?: number;
  /** The moment the run starts waiting for ops (after the alert went out): e.g. publish it to a dashboard. */
  onAwaitingConfirmation?(pending: PendingRollback): void | Promise<void>;
  /** Wait for the Deployment's rollout before testing (`--wait-for-rollout`); default: the config's deployment.wait. */
  waitForRollout?: boolean;
  /** Publish the run's history (dashboard URL and token, or a store), over the config's `dashboard:`. */
  history?: HistoryTarget;
}

/** What measuring produced: one result per check, and for a watch its window. */
export interface Measured {
  results: CheckResult[];
  deadlineReached: boolean;
  watch?: WatchReport;
}

/** What a watch may use from the run while it measures. */
export interface MeasureIo {
  note(kind: TimelineEvent['kind'], message: string): void;
  /** The run's pooled HTTP client (a watch pushes its metrics after each interval through it). */
  http: HttpClient;
  redactor: Redactor;
  /** The run's result as it would be with these results (redacted): metrics and the dashboard after each interval. */
  snapshot(results: CheckResult[]): RunResult;
  /**
   * Set when the run publishes its history (a dashboard or a store): the watch's window so far,
   * after each interval. Returns at once; the feed sends it in the background (see RunFeed.watching).
   */
  progress?(watch: WatchProgress): void;
}

export type MeasureChecks = (plan: PlannedCheck[], runner: RunnerOptions, io: MeasureIo) => Promise<Measured>;

export type RunEvent = RunnerEvent | { kind: 'stage'; event: TimelineEvent };

function joinUrl(base: string | undefined, endpoint: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) || !base) return endpoint;
  return `${base.replace(/\/+$/, '')}/${endpoint.replace(/^\/+/, '')}`;
}

/** The fields of `values` that are set. */
function optional<T extends Record<string, string | undefined>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The library entry: runs the smoke tests of a validated config and returns the whole result,
 * redacted. Never throws for anything a target does; the caller maps the verdict to an exit code.
 * Throws RunOptionsError, before any I/O, when `only` names an unknown check or the config is disabled.
 */
export async function run(config: SmokeConfig, options: RunOptions = {}): Promise<RunResult> {
  // `only` naming no check, or a disabled config, would otherwise "pass" with nothing run.
  const problem = runOptionsProblem(config, options.only);
  if (problem) throw new RunOptionsError(problem);
  const env = options.env ?? process.env;
  const redactor = new Redactor();
  for (const secret of options.secrets ?? []) redactor.addSecret(secret);
  // Known from the start, not only once the notification stage runs: nothing printed before can leak them.
  registerNotificationSecrets(config, redactor);
  const http = options.http ?? createHttpClient({ connections: Math.max(4, config.concurrency) });
  const startedAt = Date.now();
  const budgetMs = options.budgetMs ?? config.timeout_seconds * 1000;
  const deadline = startedAt + budgetMs;
  const timeline: TimelineEvent[] = [];
  const note = (kind: TimelineEvent['kind'], message: string, at = Date.now(), check?: string) => {
    const event: TimelineEvent = { at: new Date(at).toISOString(), kind, message: redactor.text(message), ...(check ? { check } : {}) };
    timeline.push(event);
    if (kind !== 'check_started' && kind !== 'check_finished') options.onEvent?.({ kind: 'stage', event });
    return event;
  };
  // The seed's timeline starts at "Deployment completed" when the pipeline says when that was.
  if (options.deployedAt) note('deployment_completed', 'Deployment completed', Math.min(options.deployedAt.getTime(), startedAt));
  note('run_started', `${options.measure ? 'Watch' : 'Smoke run'} started against ${config.base_url ?? 'configured targets'}`, startedAt);
  // The run's id: given, or made when first needed — at once for a dashboard, else for the result
  // after the checks. node:crypto is then loaded by the first driver that needs it (pg does) rather
  // than before the config is read: measured, the seed run's peak memory is 0.6 MB lower.
  let runId = options.runId;
  const idOfRun = (): string => (runId ??= (process.getBuiltinModule('node:crypto') as typeof Crypto).randomUUID());
  const deploymentName = options.rollbackTarget?.deployment ?? config.deployment?.name;
  // The dashboard (or store) hears of the run at once; its code loads only when one is configured.
  const history = resolveHistory(config, options.history);
  if (history?.token) redactor.addSecret(history.token);
  const feed = history ? await openHistoryFeed(config, history, deploymentName || UNNAMED_DEPLOYMENT, http) : undefined;
  const runStart = {
    get runId() {
      return idOfRun();
    },
    deployment: deploymentName || UNNAMED_DEPLOYMENT, environment: options.environment, namespace: options.rollbackTarget?.namespace ?? config.deployment?.namespace,
    revision: options.revision, baseUrl: config.base_url, startedAt, deployedAt: options.deployedAt?.getTime(),
  };
  feed?.started(redactor.value(runStart));
  const reportUrl = options.reportUrl ?? (history?.url ? await dashboardRunUrl(history.url, idOfRun()) : undefined);

  const context = (signal: AbortSignal, checkDeadline: number): CheckContext => ({
    signal,
    deadline: checkDeadline,
    http,
    resolveUrl: (endpoint) => joinUrl(config.base_url, endpoint),
    headers: config.headers ?? {},
    env,
    redactor,
    runVariables: {
      deployment: options.rollbackTarget?.deployment ?? config.deployment?.name,
      namespace: options.rollbackTarget?.namespace ?? config.deployment?.namespace,
      revision: options.revision,
    },
  });

  // Wait for the rollout first when asked: the version under test is then what is live.
  let rollout: RolloutOutcome | undefined;
  if (options.waitForRollout ?? config.deployment?.wait ?? false) {
    rollout = await rolloutStage({ config, env, overrides: options.rollbackTarget, runDeadline: deadline, note: (kind, message, at) => note(kind, message, at) });
  }
  const rolledOut = !rollout || rollout.status === 'complete';

  /** The run's result from its checks' results: the final one, and a watch's snapshot after each interval. */
  const resultOf = (results: CheckResult[], deadlineReached: boolean): RunResult => {
    const abortReason = abortReasonOf(options.signal);
    const count = (pred: (c: CheckResult) => boolean) => results.filter(pred).length;
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      runId: idOfRun(),
      tool: { name: 'smokeguard', version },
      target: {
        baseUrl: config.base_url,
        environment: options.environment,
        deployment: deploymentName,
        namespace: options.rollbackTarget?.namespace ?? config.deployment?.namespace,
        // The version under test: as given, else the image the rollout wait found live (what the rollback's drift guard compares).
        version: options.revision ?? imageUnderTest(rollout?.images, options.rollbackTarget?.container?.split(',') ?? (config.deployment?.container ? [config.deployment.container] : []), rollout?.defaultContainer),
        ...optional({ commit: ciCommit(env), revision: rollout?.revision, podTemplateHash: rollout?.podTemplateHash }),
      },
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(startedAt).toISOString(),
      durationMs: 0,
      deadlineMs: budgetMs,
      deadlineReached,
      // A deploy that never completed is not judged: its checks were not run, so 'passed' would be a lie.
      verdict: abortReason ? 'aborted' : rolledOut ? verdictOf(results) : 'deployment_failed',
      ...(abortReason ? { abortReason } : {}),
      summary: {
        total: results.length,
        passed: count((c) => c.status === 'passed'),
        failed: count((c) => c.status === 'failed'),
        timedOut: count((c) => c.status === 'timed_out'),
        errors: count((c) => c.status === 'error'),
        blocked: count((c) => c.status === 'blocked'),
        skipped: count((c) => c.status === 'skipped'),
        critical: count((c) => c.severity === 'critical'),
        warnings: count((c) => c.severity === 'warning'),
      },
      checks: results,
      decision: abortReason
        ? { ...decideRollback([], config.auto_rollback), reason: `run aborted (${abortReason}): no verdict, no rollback` }
        : decideRollback(results, config.auto_rollback),
      dryRun: options.dryRun ?? false,
      timeline,
      ...(rollout ? { rollout } : {}),
    };
  };

  let firstCritical: CheckResult | undefined;
  const plan = buildPlan(config);
  // A deployment that never completed is not smoke-tested: its checks are recorded as not run.
  const notRolledOut: MeasureChecks = async (p) => ({ results: p.map((c) => skippedResult(c, 'not run: the deployment did not complete its rollout')), deadlineReached: false });
  const measure: MeasureChecks = rolledOut ? (options.measure ?? runChecks) : notRolledOut;
  const measured = await measure(plan, {
    concurrency: options.concurrency ?? config.concurrency,
    deadline,
    only: options.only,
    signal: options.signal,
    context,
    onEvent(event) {
      if (event.kind === 'check_started') note('check_started', `${event.check.name} started`, event.at, event.check.name);
      if (event.kind === 'check_finished') {
        const r = event.result;
        note('check_finished', `${r.name}: ${r.status.replace('_', ' ')}${r.reason ? ` (${r.reason})` : ''}`, event.at, r.name);
        if (r.severity === 'critical' && !firstCritical) {
          firstCritical = r;
          note('failures_detected', `Critical failure detected: ${r.name}`, event.at, r.name);
          // A rollback is now likely: load the Kubernetes client and the notifiers while the other
          // checks run, so the alert to ops does not wait for them after the decision.
          if (config.auto_rollback.enabled && !options.dryRun && (config.deployment || options.rollbackTarget?.deployment || env.SMOKEGUARD_DEPLOYMENT)) {
            // Not for a command strategy that never talks to the cluster: that one never loads the client.
            import('../rollback/command.js')
              .then(async ({ needsCluster }) => needsCluster(config.rollback_strategy) && (await import('../rollback/kube.js')).preloadClient())
              .catch(() => {});
            if (wantsNotifications(config)) import('../notifiers/index.js').catch(() => {});
          }
        }
        options.onEvent?.({ ...event, result: redactor.value(r) });
        return;
      }
      if (event.kind === 'check_progress') return options.onEvent?.({ ...event, step: { ...event.step, label: redactor.text(event.step.label) } });
      // A step's URL may carry credentials: the planned target is redacted like everything else emitted.
      if (event.kind === 'check_started' && event.check.target) return options.onEvent?.({ ...event, check: { ...event.check, target: redactor.text(event.check.target) } });
      if (event.kind === 'deadline_reached') note('deadline_reached', `Run deadline of ${budgetMs / 1000} s reached: unfinished checks recorded as timed out`, event.at);
      options.onEvent?.(event);
    },
  }, {
    note: (kind, message) => note(kind, message),
    http,
    redactor,
    snapshot: (results) => redactor.value({ ...resultOf(results, false), finishedAt: new Date().toISOString() }),
    ...(feed ? { progress: (watch: WatchProgress) => feed.watching(redactor.value(runStart), redactor.value(watch)) } : {}),
  });
  const result = resultOf(measured.results, measured.deadlineReached);
  if (measured.watch) result.watch = measured.watch;
  // "Slower than the last good runs" weighs on the verdict, never on the rollback decision.
  const slower = feed && !result.abortReason ? await feed.slower(result.checks) : [];
  result.verdict = verdictWith(result.verdict, slower);
  const { verdict, decision } = result;
  note('decision', decision.action === 'rollback' ? `Rollback decision: ${decision.reason}` : `No rollback: ${decision.reason}`);

  const io: StageIo = { config, http, redactor, env, context, note: (kind, message) => note(kind, message) };
  /**
   * A stage that breaks (a bug, a module that fails to load) must not take the verdict with it:
   * it is noted in the timeline and the run goes on to its report, as a check's machinery error does.
   */
  const guarded = async (stage: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      const message = `internal error in the ${stage} stage: ${err instanceof Error ? err.message : String(err)}`;
      note(stage === 'rollback' ? 'rollback' : 'notification', message);
      // A rollback that was needed and could not run is a failed rollback: ops must act.
      if (stage === 'rollback' && !result.rollback) {
        const at = new Date().toISOString();
        result.rollback = { status: 'failed', message: `✗ ROLLBACK FAILED — ${message}`, startedAt: at, finishedAt: at, durationMs: 0, alertOps: true };
      }
    }
  };
  const analysisOptions = { configPath: options.configPath, environment: options.environment, baseUrlArg: options.baseUrlArg };
  // Analysis first: the alerts that go out before the rollback carry the findings.
  if (verdict !== 'passed' && !result.abortReason) await guarded('analysis', () => analysisStage(result, io, analysisOptions));
  // A dry run changes nothing outside: no rollback, no messages, no tickets, no metrics pushed.
  const notifying = wantsNotifications(config) && !options.dryRun;
  const alerts: Array<Promise<NotificationOutcome[]>> = [];
  // Ops hear first, the rollback waits at most ALERT_GRACE_MS for it (see src/rollback/defaults.ts).
  const alert = (phase: 'awaiting_confirmation' | 'before_rollback', pending: PendingRollback) => {
    // The findings in the alert name the images of this rollback (known only now, from the cluster).
    const sent = guarded('analysis', () => analysisStage(result, io, { ...analysisOptions, pending })).then(() => alertStage(result, io, phase, pending, deadline, reportUrl)).catch((err: unknown) => {
      note('notification', `internal error in the notification stage: ${err instanceof Error ? err.message : String(err)}`);
      return [] as NotificationOutcome[];
    });
    alerts.push(sent);
    return sent.then(() => {});
  };
  if (decision.action === 'rollback' && !options.signal?.aborted) {
    await guarded('rollback', () =>
      rollbackStage(result, io, {
        dryRun: options.dryRun ?? false,
        budgetEnd: deadline,
        assumeYes: options.assumeYes ?? false,
        interactive: options.interactive ?? false,
        input: options.input,
        output: options.output,
        overrides: options.rollbackTarget,
        stateDir: options.stateDir,
        ...(options.signal ? { signal: options.signal } : {}),
        onAwaitingConfirmation: async (pending) => {
          await Promise.all([
            notifying ? alert('awaiting_confirmation', pending) : undefined,
            Promise.resolve(options.onAwaitingConfirmation?.(pending)).catch(() => {}),
            feed?.awaiting(redactor.value(runStart), redactor.value(awaitingInfo(pending, result))),
          ]);
        },
        ...(notifying ? { onRollbackStarting: (pending: PendingRollback) => alert('before_rollback', pending) } : {}),
      }),
    );
    // Again with the rollback's outcome: remediation names the images and the manual command.
    await guarded('analysis', () => analysisStage(result, io, analysisOptions));
  }
  // The alerts sent before the rollback are part of the record, whatever happens next.
  const earlier = (await Promise.all(alerts)).flat();
  if (earlier.length) result.notifications = earlier;
  if (slower.length) result.findings = [...(result.findings ?? []), ...slower];
  const lateAbort = abortReasonOf(options.signal);
  if (lateAbort && !result.abortReason) {
    // The signal came during the rollback: the run ends `aborted`; the checks, the decision and
    // what the rollback did before the grace ran out stay in the report.
    result.abortReason = lateAbort;
    result.verdict = 'aborted';
    note('run_finished', `Run aborted (${lateAbort}) during the rollback stage`);
  }
  if (result.abortReason) {
    // Stopped from outside: the reports are written and nothing else is started — except the
    // answer ops are owed. Asked to confirm (or told a rollback was starting), they must hear that
    // none happened and what to run by hand, in the same thread, within a short bounded window.
    if (notifying && result.rollback?.alertOps && earlier.some((o) => o.status === 'sent')) {
      await guarded('notification', () => abortFollowUpStage(result, io, Date.now() + ABORT_FOLLOW_UP_MS, reportUrl, earlier));
    }
    return finishRun(result, { note, startedAt, verdict: result.verdict, http: options.http ? undefined : http, redactor, feed });
  }
  const sideEffects = [wantsNotifications(config) && 'notifications', config.monitoring && 'monitoring'].filter(Boolean);
  if (options.dryRun && sideEffects.length) note('notification', `Dry run: ${sideEffects.join(' and ')} skipped`);
  else {
    if (outcomeStageHasWork(config, result)) await guarded('notification', () => notificationStage(result, io, deadline, reportUrl, earlier));
    if (config.monitoring) await guarded('monitoring', () => monitoringStage(result, io, deadline));
  }

  return finishRun(result, { note, startedAt, verdict, http: options.http ? undefined : http, redactor, feed });
}

function abortReasonOf(signal: AbortSignal | undefined): string | undefined {
  if (!signal?.aborted) return undefined;
  return typeof signal.reason === 'string' ? signal.reason : 'aborted';
}

async function finishRun(
  result: RunResult,
  io: { note(kind: TimelineEvent['kind'], message: string, at?: number): void; startedAt: number; verdict: string; http?: HttpClient; redactor: Redactor; feed?: RunFeed },
): Promise<RunResult> {
  const finishedAt = Date.now();
  const what = result.watch ? 'Watch' : 'Smoke run';
  io.note('run_finished', result.abortReason ? `${what} aborted: ${result.abortReason}` : `${what} finished: ${io.verdict}`, finishedAt);
  result.finishedAt = new Date(finishedAt).toISOString();
  result.durationMs = finishedAt - io.startedAt;
  if (io.feed) {
    // Published after the end; a dashboard that failed is a warning in the run's own report, never its verdict.
    for (const warning of await io.feed.finished(io.redactor.value(result))) io.note('notification', `warning: ${warning}`);
    await io.feed.close();
  }
  await io.http?.close();
  return io.redactor.value(result);
}
