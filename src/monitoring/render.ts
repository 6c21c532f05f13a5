import type { CheckResult, CheckStatus, RunResult, Verdict } from '../core/types.js';
import { formatExposition, RESERVED_LABELS, type MetricFamily, type Sample } from './exposition.js';

export { RESERVED_LABELS } from './exposition.js';

/**
 * A run as Prometheus metrics: one gauge per fact, so a dashboard shows the latest run and an
 * alert reads `smokeguard_run_success == 0`. Every series of a run carries the same common
 * labels (target, environment, deployment, namespace and the configured static labels); a
 * check's name is only ever a label value, escaped, never part of a metric name.
 */

const VERDICTS: readonly Verdict[] = ['passed', 'warning', 'critical', 'aborted', 'deployment_failed'];
const STATUSES: readonly CheckStatus[] = ['passed', 'failed', 'timed_out', 'error', 'blocked', 'skipped'];
/** Every (action, mode) a RollbackDecision can take; `none` stands for "no mode". */
const DECISIONS: ReadonlyArray<readonly [string, string]> = [
  ['none', 'none'],
  ['rollback', 'immediate'],
  ['rollback', 'awaiting_confirmation'],
  ['rollback', 'automatic'],
];

/** Label names filled from the run's target; a configured static label of the same name wins. */
export const TARGET_LABELS = ['target', 'environment', 'deployment', 'namespace'] as const;

const oneHot = (actual: string, values: readonly string[], label: string): Sample[] =>
  values.map((v) => ({ labels: { [label]: v }, value: v === actual ? 1 : 0 }));

/** The base URL without credentials, query or fragment: stable across runs and safe to show. */
function targetLabel(baseUrl: string | undefined): string {
  if (!baseUrl) return '';
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return baseUrl.replace(/\/\/[^/@\s]*@/, '//');
  }
}

/** The rollback's status, `none` when no rollback stage ran. */
function rollbackStatus(rollback: RunResult['rollback']): string {
  return rollback?.status ?? 'none';
}

const seconds = (ms: number): number => ms / 1000;
const bool = (b: boolean): number => (b ? 1 : 0);

function runFamilies(r: RunResult): MetricFamily[] {
  const finished = Date.parse(r.finishedAt);
  const s = r.summary;
  const counts: Record<CheckStatus, number> = { passed: s.passed, failed: s.failed, timed_out: s.timedOut, error: s.errors, blocked: s.blocked, skipped: s.skipped };
  return [
    { name: 'smokeguard_info', type: 'gauge', help: 'The smokeguard version that ran (always 1).', samples: [{ labels: { version: r.tool.version }, value: 1 }] },
    { name: 'smokeguard_run_success', type: 'gauge', help: '1 when the deployment may stay (verdict passed or warning), 0 when critical or when it did not complete its rollout.', samples: [{ labels: {}, value: bool(r.verdict !== 'critical' && r.verdict !== 'deployment_failed') }] },
    { name: 'smokeguard_run_verdict', type: 'gauge', help: 'The verdict of the last run, one-hot over passed, warning, critical and aborted.', samples: oneHot(r.verdict, VERDICTS, 'verdict') },
    { name: 'smokeguard_run_duration_seconds', type: 'gauge', help: 'Wall-clock duration of the last run.', samples: [{ labels: {}, value: seconds(r.durationMs) }] },
    { name: 'smokeguard_run_timestamp_seconds', type: 'gauge', help: 'When the last run finished, in Unix seconds.', samples: Number.isFinite(finished) ? [{ labels: {}, value: seconds(finished) }] : [] },
    { name: 'smokeguard_run_deadline_reached', type: 'gauge', help: '1 when the run hit its hard deadline and unfinished checks were cut.', samples: [{ labels: {}, value: bool(r.deadlineReached) }] },
    { name: 'smokeguard_run_dry_run', type: 'gauge', help: '1 when the run was a dry run (nothing executed).', samples: [{ labels: {}, value: bool(r.dryRun) }] },
    { name: 'smokeguard_checks', type: 'gauge', help: 'Checks of the last run by status.', samples: STATUSES.map((status) => ({ labels: { status }, value: counts[status] })) },
    { name: 'smokeguard_checks_by_severity', type: 'gauge', help: 'Checks of the last run that weigh on the verdict, by severity.', samples: [{ labels: { severity: 'critical' }, value: s.critical }, { labels: { severity: 'warning' }, value: s.warnings }] },
  ];
}

function checkFamilies(checks: readonly CheckResult[]): MetricFamily[] {
  const identity = (c: CheckResult) => ({ check: c.name, kind: c.kind, type: c.type, required: String(c.required) });
  // A skipped check was not measured: no success and no duration, only its status.
  const measured = checks.filter((c) => c.status !== 'skipped');
  return [
    { name: 'smokeguard_check_success', type: 'gauge', help: '1 when the check passed, 0 otherwise (skipped checks are absent).', samples: measured.map((c) => ({ labels: identity(c), value: bool(c.status === 'passed') })) },
    { name: 'smokeguard_check_duration_seconds', type: 'gauge', help: 'How long the check took, retries included (skipped checks are absent).', samples: measured.map((c) => ({ labels: identity(c), value: seconds(c.durationMs) })) },
    { name: 'smokeguard_check_attempts', type: 'gauge', help: 'Attempts the check made (more than 1 means it was retried).', samples: measured.map((c) => ({ labels: { check: c.name }, value: c.attempts })) },
    { name: 'smokeguard_check_status', type: 'gauge', help: 'The status of each check, one-hot over every status.', samples: checks.flatMap((c) => oneHot(c.status, STATUSES, 'status').map((s) => ({ labels: { check: c.name, ...s.labels }, value: s.value }))) },
  ];
}

function rollbackFamilies(r: RunResult): MetricFamily[] {
  const mode = r.decision.mode ?? 'none';
  return [
    {
      name: 'smokeguard_rollback_decision', type: 'gauge', help: 'The rollback decision of the last run, one-hot over action and mode.',
      samples: DECISIONS.map(([action, m]) => ({ labels: { action, mode: m }, value: bool(action === r.decision.action && m === mode) })),
    },
    {
      name: 'smokeguard_rollback_status', type: 'gauge', help: 'What the rollback stage did (present only when it ran): succeeded, failed, denied, dry_run…',
      samples: r.rollback === undefined ? [] : [{ labels: { status: rollbackStatus(r.rollback) }, value: 1 }],
    },
  ];
}

/**
 * The common labels of every series: the run's target, then the configured static labels
 * (which win on a clash). Empty values are dropped by the formatter.
 */
export function commonLabels(result: RunResult, labels: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    target: targetLabel(result.target.baseUrl),
    environment: result.target.environment ?? '',
    deployment: result.target.deployment ?? '',
    namespace: result.target.namespace ?? '',
    ...labels,
  };
}

/** The run's metric families, every series with the common labels. Pure. */
export function metricFamilies(result: RunResult, labels?: Record<string, string>): MetricFamily[] {
  const common = commonLabels(result, labels);
  for (const name of RESERVED_LABELS) {
    if (labels && name in labels) throw new Error(`label "${name}" is set by smokeguard on its own series; choose another name`);
  }
  const families = [...runFamilies(result), ...checkFamilies(result.checks), ...rollbackFamilies(result)];
  return families.map((f) => ({ ...f, samples: f.samples.map((s) => ({ labels: { ...s.labels, ...common }, value: s.value })) }));
}

/** The run as a Prometheus text exposition (format 0.0.4). Pure. */
export function renderPrometheus(result: RunResult, labels?: Record<string, string>): string {
  return formatExposition(metricFamilies(result, labels));
}
