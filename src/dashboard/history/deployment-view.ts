import type { RunResult } from '../../core/types.js';
import type { RunPage, RunPageQuery, RunStore, RunSummary } from '../store/types.js';
import { flakyChecks, trendsOf, type CheckTrend, type FlakyCheck } from './check-history.js';

/** A TLS certificate the latest run looked at, with its days left from now. */
export interface TlsExpiry {
  check: string;
  validTo: string;
  daysLeft: number;
}

/** Everything /deployments/NAME shows (and its JSON twin returns). */
export interface DeploymentView {
  deployment: string;
  page: RunPage;
  trends: CheckTrend[];
  flaky: FlakyCheck[];
  tls: TlsExpiry[];
  awaiting: RunSummary[];
  /** Its watches in progress (the run not finished yet), newest first. */
  watching: RunSummary[];
  latest?: RunResult;
}

const DAY_MS = 86_400_000;

export function tlsExpiries(report: RunResult | undefined, now: number): TlsExpiry[] {
  if (!report) return [];
  return report.checks.flatMap((c) => {
    const validTo = c.details?.validTo;
    if (typeof validTo !== 'string' || !Number.isFinite(Date.parse(validTo))) return [];
    return [{ check: c.name, validTo, daysLeft: Math.floor((Date.parse(validTo) - now) / DAY_MS) }];
  }).sort((a, b) => a.daysLeft - b.daysLeft);
}

/**
 * What /deployments/NAME follows live (live.js, every 2 s per open page): its runs waiting for
 * ops, and its watches in progress with their newest interval only — enough to know one moved,
 * without sending a long watch's whole series at every poll.
 */
export async function deploymentLive(store: RunStore, deployment: string): Promise<{ runs: RunSummary[]; watching: RunSummary[] }> {
  const [awaiting, watching] = await Promise.all([store.awaiting(), store.watching()]);
  return {
    runs: awaiting.filter((r) => r.deployment === deployment),
    watching: watching.filter((r) => r.deployment === deployment).map((r) => (r.watch ? { ...r, watch: { ...r.watch, intervals: r.watch.intervals.slice(-1) } } : r)),
  };
}

/** Reads what the page needs: one page of runs, the last `historyRuns` runs' checks, the latest report. */
export async function deploymentView(store: RunStore, deployment: string, page: RunPageQuery, historyRuns: number, now: number): Promise<DeploymentView | undefined> {
  const [runs, samples, awaiting, watching] = await Promise.all([
    store.listRuns(deployment, page),
    store.checkHistory(deployment, historyRuns),
    store.awaiting(),
    store.watching(),
  ]);
  if (!runs.total) return undefined;
  const latestFinished = page.before === undefined ? runs.runs.find((r) => r.state === 'finished') : undefined;
  const latest = latestFinished ? (await store.getRun(latestFinished.runId))?.report : undefined;
  return {
    deployment,
    page: runs,
    trends: trendsOf(samples),
    flaky: flakyChecks(samples),
    tls: tlsExpiries(latest, now),
    awaiting: awaiting.filter((r) => r.deployment === deployment),
    watching: watching.filter((r) => r.deployment === deployment),
    latest,
  };
}
