import { REPORT_SCHEMA_VERSION, type CheckKind, type CheckResult, type CheckStatus, type Finding, type RollbackOutcome, type RunResult, type Severity, type TimelineEvent, type Verdict } from '../../src/core/types.js';

/**
 * Small RunResult fixtures for failure analysis and the reporters. A run starts at RUN_START;
 * each check gets a start/end offset so the timeline has something to draw. Verdict, summary
 * and decision are derived from the checks the way the runner derives them, so a fixture
 * reads like the scenario it stands for: `run(health('readiness').fails(503), postgres('database').refused())`.
 */
export const RUN_START = Date.parse('2026-11-27T14:32:15.000Z');

const iso = (offsetMs: number): string => new Date(RUN_START + offsetMs).toISOString();

export class CheckBuilder {
  readonly r: CheckResult;
  constructor(name: string, kind: CheckKind, type: string) {
    this.r = { name, kind, type, required: true, status: 'passed', severity: 'none', attempts: 1, durationMs: 0, timeoutMs: 5_000 };
    this.at(0, 120);
  }
  /** Start and end, in ms from the run's start. */
  at(startMs: number, endMs: number): this {
    this.r.startedAt = iso(startMs);
    this.r.finishedAt = iso(endMs);
    this.r.durationMs = endMs - startMs;
    return this;
  }
  optional(): this {
    this.r.required = false;
    return this.reseverity();
  }
  with(fields: Partial<CheckResult>): this {
    Object.assign(this.r, fields);
    return this.reseverity();
  }
  status(status: CheckStatus, reason?: string): this {
    this.r.status = status;
    if (reason !== undefined) this.r.reason = reason;
    return this.reseverity();
  }
  /** An HTTP answer with the wrong status. */
  fails(httpStatus: number, reason = `status: expected 200, got ${httpStatus}`): this {
    return this.with({ httpStatus, reason }).status('failed');
  }
  /** A network error with its code. */
  error(code: string, reason = `${code} at ${this.r.target ?? 'target'}`): this {
    return this.with({ errorCode: code, reason }).status('failed');
  }
  refused(): this {
    return this.error('ECONNREFUSED', `connection refused at ${this.r.target ?? '127.0.0.1:1'}`);
  }
  timedOut(): this {
    this.at(0, this.r.timeoutMs);
    return this.status('timed_out', `no answer within ${this.r.timeoutMs / 1000} s`);
  }
  blockedBy(...names: string[]): this {
    delete this.r.startedAt;
    delete this.r.finishedAt;
    this.r.durationMs = 0;
    return this.with({ dependsOn: names }).status('blocked', `blocked: ${names.join(', ')} did not pass`);
  }
  private reseverity(): this {
    const bad = this.r.status === 'failed' || this.r.status === 'timed_out' || this.r.status === 'error';
    let severity: Severity = 'none';
    if (bad) severity = this.r.required && this.r.status !== 'error' ? 'critical' : 'warning';
    this.r.severity = severity;
    return this;
  }
}

export const health = (name: string, endpoint = `/${name}`): CheckBuilder =>
  new CheckBuilder(name, 'health', 'http').with({ target: `http://127.0.0.1:8080${endpoint}` });
export const dependency = (name: string, type: string, target = '127.0.0.1:1'): CheckBuilder =>
  new CheckBuilder(name, 'dependency', type).with({ target });
export const path = (name: string): CheckBuilder => new CheckBuilder(name, 'path', 'flow');
export const check = (name: string, kind: CheckKind, type: string): CheckBuilder => new CheckBuilder(name, kind, type);

export interface RunOptions {
  rollback?: RollbackOutcome;
  timeline?: TimelineEvent[];
  deadlineReached?: boolean;
  target?: RunResult['target'];
  findings?: Finding[];
  immediateThreshold?: number;
}

export function run(checks: Array<CheckBuilder | CheckResult>, options: RunOptions = {}): RunResult {
  const results = checks.map((c) => (c instanceof CheckBuilder ? structuredClone(c.r) : c));
  const count = (s: CheckStatus): number => results.filter((c) => c.status === s).length;
  const critical = results.filter((c) => c.severity === 'critical').length;
  const warnings = results.filter((c) => c.severity === 'warning').length;
  const verdict: Verdict = critical > 0 ? 'critical' : warnings > 0 ? 'warning' : 'passed';
  const ends = results.map((c) => (c.finishedAt ? Date.parse(c.finishedAt) - RUN_START : 0));
  const checksEnd = Math.max(200, ...ends);
  const timeline = options.timeline ?? defaultTimeline(results, critical, checksEnd);
  const lastEvent = Math.max(checksEnd, ...timeline.map((e) => Date.parse(e.at) - RUN_START));
  const immediate = options.immediateThreshold ?? 2;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: 'run-0001',
    tool: { name: 'smokeguard', version: '0.1.0' },
    target: options.target ?? { baseUrl: 'http://127.0.0.1:8080', environment: 'prod' },
    startedAt: iso(0),
    finishedAt: iso(lastEvent),
    durationMs: lastEvent,
    deadlineMs: 300_000,
    deadlineReached: options.deadlineReached ?? false,
    verdict,
    summary: {
      total: results.length, passed: count('passed'), failed: count('failed'), timedOut: count('timed_out'), errors: count('error'),
      blocked: count('blocked'), skipped: count('skipped'), critical, warnings,
    },
    checks: results,
    decision: critical > 0
      ? { action: 'rollback', mode: critical >= immediate ? 'immediate' : 'awaiting_confirmation', criticalFailures: critical, threshold: 1, reason: `${critical} critical failure(s) reach the threshold of 1` }
      : { action: 'none', criticalFailures: 0, threshold: 1, reason: 'no critical failure' },
    dryRun: false,
    timeline,
    ...(options.rollback !== undefined ? { rollback: options.rollback } : {}),
    ...(options.findings !== undefined ? { findings: options.findings } : {}),
  };
}

function defaultTimeline(checks: CheckResult[], critical: number, endMs: number): TimelineEvent[] {
  const events: TimelineEvent[] = [{ at: iso(0), kind: 'run_started', message: 'Smoke run started' }];
  for (const c of checks) {
    if (c.startedAt) events.push({ at: c.startedAt, kind: 'check_started', message: `${c.name} started`, check: c.name });
    if (c.finishedAt) events.push({ at: c.finishedAt, kind: 'check_finished', message: `${c.name} ${c.status}`, check: c.name });
  }
  if (critical > 0) {
    events.push({ at: iso(endMs), kind: 'failures_detected', message: `${critical} critical failure(s) detected` });
    events.push({ at: iso(endMs + 10), kind: 'decision', message: 'Rollback decided' });
  }
  events.push({ at: iso(endMs + 20), kind: 'run_finished', message: 'Smoke run finished' });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** A rollback timeline: started and finished (or failed) after the decision. */
export function rollbackEvents(startMs: number, endMs: number, outcome: 'complete' | 'failed'): TimelineEvent[] {
  return [
    { at: iso(startMs), kind: 'rollback', message: 'Rollback started' },
    { at: iso(endMs), kind: 'rollback', message: outcome === 'complete' ? 'Rollback complete' : 'Rollback failed' },
  ];
}

/** A rollback record as the rollback stage writes it: the given fields over a quick succeeded rollback. */
export function rollbackOutcome(fields: Partial<RollbackOutcome> = {}): RollbackOutcome {
  return { status: 'succeeded', message: 'Rolled back', startedAt: iso(1_000), finishedAt: iso(2_000), durationMs: 1_000, alertOps: false, ...fields };
}
