import type { Finding } from '../analysis/types.js';
import type { SmokeConfig } from '../config/schema.js';
import type { RunFeed } from '../dashboard/feed/feed.js';
import type { RunResult, Verdict } from '../core/types.js';
import type { AwaitingInfo } from '../dashboard/store/types.js';
import type { PendingRollback } from '../rollback/types.js';
import type { HttpClient } from '../util/http.js';

/**
 * Where a run's history goes, from flags and env (resolved by the CLI) over the config's
 * `dashboard:` section. Nothing of the dashboard loads unless one of them is set.
 */
export interface HistoryTarget {
  /** `--dashboard URL`, SMOKEGUARD_DASHBOARD_URL. */
  url?: string;
  /** SMOKEGUARD_DASHBOARD_TOKEN. */
  token?: string;
  /** `--store URL`: write straight to the store. */
  store?: string;
}

export function resolveHistory(config: SmokeConfig, given: HistoryTarget = {}): HistoryTarget | undefined {
  const d = config.dashboard;
  const store = given.store ?? d?.store;
  const url = store ? undefined : (given.url ?? d?.url);
  if (!store && !url) return undefined;
  return { url, store, token: given.token ?? d?.token };
}

/** The dashboard page of a run, linked from notifications when no --report-url is given. */
export async function dashboardRunUrl(url: string, runId: string): Promise<string> {
  const { dashboardBase } = await import('../dashboard/feed/http-sink.js');
  return `${dashboardBase(url)}/runs/${encodeURIComponent(runId)}`;
}

export async function openHistoryFeed(config: SmokeConfig, target: HistoryTarget, deployment: string, http: HttpClient): Promise<RunFeed> {
  const [{ createRunFeed }, sink] = await Promise.all([
    import('../dashboard/feed/feed.js'),
    target.store
      ? import('../dashboard/feed/store-sink.js').then((m) => m.createStoreSink(target.store!))
      : import('../dashboard/feed/http-sink.js').then((m) => m.createHttpSink(target.url!, target.token, http)),
  ]);
  const d = config.dashboard;
  const slower = d?.slower;
  return createRunFeed({
    sink,
    deployment,
    timeoutMs: (d?.timeout_seconds ?? 3) * 1000,
    slower: !slower || slower.severity !== 'off'
      ? { factor: slower?.factor ?? 3, minIncreaseMs: slower?.min_increase_ms ?? 200, baselineRuns: slower?.baseline_runs ?? 10, minRuns: 3, severity: slower?.severity === 'critical' ? 'critical' : 'warning' }
      : 'off',
  });
}

/** A "slower" finding weighs on the verdict like a check of its severity would. */
export function verdictWith(verdict: Verdict, findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'critical')) return 'critical';
  if (verdict === 'passed' && findings.length) return 'warning';
  return verdict;
}

/**
 * What the dashboard shows of a run waiting for ops, and how it answers: a run whose answer
 * commands go through the cluster (`--deployment …`) watches its Lease, the others a state dir.
 */
export function awaitingInfo(pending: PendingRollback, result: Pick<RunResult, 'checks'>): AwaitingInfo {
  const c = pending.confirmation;
  return {
    deployment: pending.deployment,
    namespace: pending.namespace,
    ...(pending.currentImage ? { currentImage: pending.currentImage } : {}),
    ...(pending.targetImage ? { targetImage: pending.targetImage } : {}),
    ...(c ? { deadline: c.deadline, approveCommand: c.approveCommand, denyCommand: c.denyCommand, lease: /\s--deployment\s/.test(c.approveCommand) } : {}),
    failedChecks: result.checks.filter((check) => check.severity === 'critical').map((check) => check.name),
  };
}
