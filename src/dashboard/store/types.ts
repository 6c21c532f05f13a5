import type { RunResult, Verdict, WatchProgress } from '../../core/types.js';

/** Where a run stands in the store: started, waiting for ops, or finished with its report. */
export type RunState = 'running' | 'awaiting' | 'finished';

/** What a run says when it starts (and again with every later event, so any one suffices). */
export interface RunStart {
  runId: string;
  deployment: string;
  environment?: string;
  namespace?: string;
  revision?: string;
  baseUrl?: string;
  startedAt: number;
  deployedAt?: number;
}

/** What the dashboard needs to show a run waiting for ops, and to answer it as `smokeguard approve` would. */
export interface AwaitingInfo {
  /** When the confirmation window closes (ISO). */
  deadline?: string;
  /** The rollback's target, for the page and for answering through the cluster Lease. */
  deployment?: string;
  namespace?: string;
  currentImage?: string;
  targetImage?: string;
  /** The commands ops would type, shown beside the buttons. */
  approveCommand?: string;
  denyCommand?: string;
  /** The failing checks that asked for the rollback. */
  failedChecks?: string[];
  /** True when the run also watches its rollback Lease for an answer (it holds one). */
  lease?: boolean;
}

export interface Answer {
  decision: 'approve' | 'deny';
  by: string;
  at: string;
}

/** One row of the run history: everything but the report. */
export interface RunSummary extends RunStart {
  state: RunState;
  verdict?: Verdict;
  finishedAt?: number;
  durationMs?: number;
  totalChecks?: number;
  failedChecks: string[];
  rollbackStatus?: string;
  confirmedBy?: string;
  dryRun: boolean;
  awaiting?: AwaitingInfo;
  answer?: Answer;
  /** A watch still going (or deciding): its window so far. Cleared once the run finished (its report has it). */
  watch?: WatchProgress;
}

export interface StoredRun extends RunSummary {
  report?: RunResult;
}

export interface DeploymentOverview {
  deployment: string;
  latest: RunSummary;
  /** The latest finished run (the verdict shown), when any. */
  lastFinished?: RunSummary;
  runs: number;
  rollbacks24h: number;
  /** Critical or warning runs in the last 7 days. */
  recentFailures: number;
  /** The newest deploy a run reported, when no finished run has started since. */
  unsmokedDeployAt?: number;
}

/** One check in one run, for trends, flakiness and the "slower than the last good run" baseline. */
export interface CheckSample {
  runId: string;
  name: string;
  startedAt: number;
  status: string;
  severity: string;
  durationMs: number;
  attempts: number;
  runVerdict: string;
}

export interface DailyAggregate {
  deployment: string;
  day: string;
  /** '' for the whole run. */
  checkName: string;
  runs: number;
  passed: number;
  warning: number;
  critical: number;
  durationSum: number;
  durationMax: number;
}

/**
 * A page of a deployment's runs, newest first: those older than the cursor `before` (started at,
 * epoch ms) and, among runs that started in that same millisecond, `beforeId` (run id).
 */
export interface RunPageQuery {
  limit: number;
  before?: number;
  beforeId?: string;
}

export interface RunPage {
  runs: RunSummary[];
  total: number;
  /** Pass as `before` and `beforeId` for the next (older) page; absent on the last page. */
  nextBefore?: number;
  nextBeforeId?: string;
}

/**
 * The dashboard's memory. Every method is safe to call from several processes at once (two
 * `serve` replicas on one PostgreSQL, or a run writing the SQLite file `serve` reads).
 */
export interface RunStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Records a start; never overwrites a later state (events may arrive out of order). */
  recordStart(start: RunStart, now?: number): Promise<void>;
  /** Marks a run as waiting for ops; ignored once it finished. */
  recordAwaiting(start: RunStart, awaiting: AwaitingInfo, now?: number): Promise<void>;
  /** A watch's progress after an interval; the latest wins; ignored once the run finished. Never changes the run's state. */
  recordWatch(start: RunStart, watch: WatchProgress, now?: number): Promise<void>;
  /** Stores the final report (already redacted). Idempotent: the same report twice is one run. */
  recordFinished(report: RunResult, now?: number): Promise<'created' | 'replaced'>;
  /** Records ops' answer to a waiting run; false when the run is not waiting (unknown, finished or already answered). */
  recordAnswer(runId: string, answer: Answer): Promise<boolean>;
  /** Takes back an answer that could not be delivered to the run, so it can be answered again. */
  withdrawAnswer(runId: string): Promise<void>;
  getRun(runId: string): Promise<StoredRun | undefined>;
  listDeployments(now?: number): Promise<DeploymentOverview[]>;
  listRuns(deployment: string, page: RunPageQuery): Promise<RunPage>;
  /** The checks of the deployment's last `runs` runs, newest first. */
  checkHistory(deployment: string, runs: number): Promise<CheckSample[]>;
  /** Durations of each check in the deployment's last `runs` passing runs (passed checks only). */
  goodDurations(deployment: string, runs: number): Promise<Record<string, number[]>>;
  awaiting(): Promise<RunSummary[]>;
  /** Runs not finished yet that publish a watch's progress, newest first. */
  watching(): Promise<RunSummary[]>;
  /** The latest finished report of every deployment (for /metrics). */
  latestReports(): Promise<RunResult[]>;
  /** Folds runs older than `retainDays` into per-day aggregates and deletes them; returns how many. */
  prune(retainDays: number, now?: number): Promise<number>;
  dailyAggregates(deployment: string): Promise<DailyAggregate[]>;
  /**
   * Refreshes the planner's statistics (PostgreSQL ANALYZE, SQLite PRAGMA optimize). Without them
   * PostgreSQL plans the history page as a sort of every run of the deployment (36 ms at 10,000
   * runs) instead of walking the index backwards (0.1 ms); autovacuum may be off or lag behind.
   */
  refreshStatistics(): Promise<void>;
  close(): Promise<void>;
}

/** The group a run belongs to when it names no deployment. */
export const UNNAMED_DEPLOYMENT = 'unnamed';
