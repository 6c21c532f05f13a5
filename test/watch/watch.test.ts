import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { createStyle } from '../../src/reporters/style.js';
import { renderIntervalLine } from '../../src/watch/render.js';
import { systemScheduler } from '../../src/watch/loop.js';
import { watch, type IntervalEvent } from '../../src/watch/watch.js';
import { fastScheduler } from '../helpers/fast-scheduler.js';
import { startHttpTarget, type CannedResponse, type HttpTarget } from '../helpers/http-target.js';
import { closedPort } from '../helpers/silent-server.js';
import { startPushgateway, type Pushgateway } from '../monitoring/pushgateway-server.js';

/**
 * The watch against local services that degrade on cue. Each service counts the requests to
 * its /health, so "healthy for 3 intervals, then 500s" holds whatever the machine's speed; the
 * watch's clock is injected (30-second intervals pass at once), except where the interval's own
 * deadline is the point.
 */

const plain = createStyle(false);
let target: HttpTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** A /health that answers the n-th request (1-based) with `answer(n)`. */
async function degrading(answer: (n: number) => CannedResponse | Promise<CannedResponse>): Promise<HttpTarget> {
  let n = 0;
  target = await startHttpTarget({ '/health': () => answer(++n) });
  return target;
}

function config(t: HttpTarget, input: Record<string, unknown> = {}) {
  return configSchema.parse({
    base_url: t.url,
    health_checks: [{ name: 'readiness', endpoint: '/health', timeout_seconds: 5 }],
    watch: { interval_seconds: 30, duration_seconds: 300, failure_limit: 3, consecutive_failures: 2 },
    ...input,
  });
}

async function watched(cfg: ReturnType<typeof config>, extra: Parameters<typeof watch>[1] = {}) {
  const lines: string[] = [];
  const events: IntervalEvent[] = [];
  const result = await watch(cfg, {
    env: {},
    scheduler: fastScheduler(),
    ...extra,
    onInterval: async (e) => {
      events.push(e);
      lines.push(renderIntervalLine(e.interval, e.planned, e.state, plain));
      await extra.onInterval?.(e);
    },
  });
  return { result, lines, events, outcomes: result.watch!.intervals.map((i) => i.outcome) };
}

describe('watch: the window decides', () => {
  it('healthy for 3 intervals, then 500s: critical at the 2nd failure in a row (interval 5 of 10)', async () => {
    const t = await degrading((n) => (n <= 3 ? { body: { status: 'ok' } } : { status: 500, body: 'boom' }));
    const { result, lines, outcomes } = await watched(config(t));
    expect(outcomes).toEqual(['passed', 'passed', 'passed', 'failed', 'failed']);
    expect(result.verdict).toBe('critical');
    expect(result.watch).toMatchObject({ status: 'failed', plannedIntervals: 10, failedIntervals: 2, reason: '2 failed intervals in a row (consecutive_failures 2)' });
    expect(result.checks[0]).toMatchObject({ name: 'readiness', status: 'failed', severity: 'critical', httpStatus: 500 });
    expect(result.checks[0]!.reason).toMatch(/^returned 500 \(expected 2xx\) — interval 5\/10: 2 failed intervals in a row/);
    expect(result.decision).toMatchObject({ action: 'none', criticalFailures: 1 }); // auto_rollback is off by default: decided, not executed
    expect(lines[0]).toMatch(/^\[1\/10\] ✓ 1\/1 · p95 \d+ ms$/);
    expect(lines[4]).toMatch(/^\[5\/10\] ✗ 0\/1 · p95 \d+ ms · readiness: returned 500 \(expected 2xx\) · 2 failed, 2 in a row · window failed: 2 failed intervals in a row/);
    expect(result.timeline.filter((e) => e.kind === 'watch').map((e) => e.message)).toEqual([
      'Watching 1 check every 30.0 s for 10 intervals (critical at 3 failed or 2 in a row)',
      'Interval 4/10 failed: readiness: returned 500 (expected 2xx)',
      'Interval 5/10 failed: readiness: returned 500 (expected 2xx)',
    ]);
    expect(result.timeline.some((e) => e.kind === 'failures_detected' && e.message === 'Watch failed at interval 5/10: 2 failed intervals in a row (consecutive_failures 2)')).toBe(true);
  });

  it('slowly rising latency: fails once it passes max_latency_ms, twice in a row', async () => {
    const t = await degrading(async (n) => {
      await new Promise((r) => setTimeout(r, n * 250));
      return { body: 'ok' };
    });
    const cfg = config(t, { health_checks: [{ name: 'readiness', endpoint: '/health', expect: { max_latency_ms: 900 } }] });
    const { result, outcomes } = await watched(cfg);
    // 250, 500, 750 ms pass; 1000 and 1250 ms do not (150 ms of margin for a loaded machine).
    expect(outcomes).toEqual(['passed', 'passed', 'passed', 'failed', 'failed']);
    expect(result.verdict).toBe('critical');
    expect(result.checks[0]!.reason).toMatch(/latency/);
  });

  it('flapping: never twice in a row, critical at the 3rd failure in total', async () => {
    const t = await degrading((n) => (n % 2 ? { body: 'ok' } : { status: 503, body: 'flap' }));
    const { result, outcomes } = await watched(config(t));
    expect(outcomes).toEqual(['passed', 'failed', 'passed', 'failed', 'passed', 'failed']);
    expect(result.watch).toMatchObject({ status: 'failed', reason: '3 failed intervals in total (failure_limit 3)' });
    expect(result.verdict).toBe('critical');
  });

  it('failures below the limits: the whole window runs, and the check is a warning naming how often', async () => {
    const t = await degrading((n) => (n === 2 ? { status: 500 } : { body: 'ok' }));
    const { result, outcomes } = await watched(config(t, { watch: { interval_seconds: 30, duration_seconds: 120 } }));
    expect(outcomes).toEqual(['passed', 'failed', 'passed', 'passed']);
    expect(result.verdict).toBe('warning');
    expect(result.watch?.status).toBe('passed');
    expect(result.checks[0]).toMatchObject({ severity: 'warning', reason: expect.stringMatching(/^failed in 1 of 4 intervals, below the limits \(last, interval 2\/4: returned 500 \(expected 2xx\)\)$/) });
    expect(result.decision.action).toBe('none');
  });

  it('healthy throughout: passed, one record per interval, 30 s apart on the injected clock', async () => {
    const t = await degrading(() => ({ body: 'ok' }));
    const { result } = await watched(config(t, { watch: { interval_seconds: 30, duration_seconds: 120 } }));
    expect(result.verdict).toBe('passed');
    const intervals = result.watch!.intervals;
    expect(intervals.map((i) => i.index)).toEqual([1, 2, 3, 4]);
    const starts = intervals.map((i) => Date.parse(i.startedAt));
    // On a fixed rate from the first: 0, 30, 60, 90 s.
    expect(starts.map((s) => Math.round((s - starts[0]!) / 1000))).toEqual([0, 30, 60, 90]);
    expect(intervals.every((i) => i.outcome === 'passed' && typeof i.latencies.readiness === 'number')).toBe(true);
    expect(result.checks[0]).toMatchObject({ status: 'passed', attempts: 4, details: { watch: { intervals: 4, passed: 4, failed: 0, samples: 4 } } });
  });

  it('measuring errors (Prometheus down) never trigger a rollback: inconclusive after consecutive_error_limit', async () => {
    const t = await degrading(() => ({ body: 'ok' }));
    const cfg = config(t, {
      auto_rollback: { enabled: true, requires_ops_confirmation: false },
      dependency_checks: [{ name: 'error-ratio', type: 'prometheus', url: `http://127.0.0.1:${await closedPort()}`, query: 'x', threshold: '< 0.01' }],
      watch: { interval_seconds: 30, duration_seconds: 300, consecutive_error_limit: 3 },
    });
    const { result, outcomes } = await watched(cfg);
    expect(outcomes).toEqual(['error', 'error', 'error']);
    expect(result.watch).toMatchObject({ status: 'inconclusive', errorIntervals: 3 });
    expect(result.verdict).toBe('warning');
    expect(result.decision.action).toBe('none');
    expect(result.rollback).toBeUndefined();
    expect(result.checks.find((c) => c.name === 'error-ratio')!.reason).toMatch(/^could not measure in 3 of 3 intervals \(last, interval 3\/10: Prometheus unreachable: connection refused/);
  });

  it('watch.checks chooses what is re-run; the others are reported as not watched', async () => {
    const t = await degrading(() => ({ body: 'ok' }));
    t.requests.length = 0;
    const cfg = config(t, {
      health_checks: [{ name: 'readiness', endpoint: '/health' }, { name: 'liveness', endpoint: '/live', required: false }],
      watch: { interval_seconds: 30, duration_seconds: 60, checks: ['readiness'] },
    });
    const { result } = await watched(cfg);
    expect(t.requests.map((r) => r.path)).toEqual(['/health', '/health']);
    expect(result.checks.find((c) => c.name === 'liveness')).toMatchObject({ status: 'skipped', reason: 'not watched (watch.checks)' });
  });
});

describe('watch: deadlines and signals', () => {
  it('an interval\'s checks are cut at the interval\'s end, and intervals never overlap', async () => {
    // A /health that never answers, a check timeout (5 s) longer than the interval (0.3 s): the
    // interval's deadline is what cuts it.
    target = await startHttpTarget({ '/health': () => new Promise<CannedResponse>(() => {}) });
    const cfg = config(target, { watch: { interval_seconds: 0.3, duration_seconds: 3, consecutive_failures: 2 } });
    const { result } = await watched(cfg, { scheduler: systemScheduler });
    const intervals = result.watch!.intervals;
    expect(intervals).toHaveLength(2);
    expect(intervals[0]!.problems).toEqual([{ name: 'readiness', status: 'timed_out', reason: expect.stringMatching(/^run deadline reached after/) }]);
    const end0 = Date.parse(intervals[0]!.startedAt) + intervals[0]!.durationMs;
    expect(Date.parse(intervals[1]!.startedAt)).toBeGreaterThanOrEqual(end0);
  });

  it('SIGTERM (the run\'s signal) stops the watch: verdict aborted, the intervals so far kept', async () => {
    const t = await degrading(() => ({ body: 'ok' }));
    const controller = new AbortController();
    const { result } = await watched(config(t), {
      signal: controller.signal,
      onInterval: (e) => {
        if (e.interval.index === 2) controller.abort('SIGTERM received');
      },
    });
    expect(result.verdict).toBe('aborted');
    expect(result.abortReason).toBe('SIGTERM received');
    expect(result.watch).toMatchObject({ status: 'aborted' });
    expect(result.watch!.intervals).toHaveLength(2);
  });
});

describe('watch: metrics after every interval', () => {
  let gateway: Pushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(() => gateway.stop());

  async function pushedVerdict(): Promise<string | undefined> {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    return /smokeguard_run_verdict\{[^}]*verdict="(\w+)"[^}]*\} 1\n/.exec(text)?.[1];
  }

  it('each interval is pushed to the Pushgateway before the next one runs', async () => {
    const t = await degrading((n) => (n === 2 ? { status: 500 } : { body: 'ok' }));
    const seen: Array<string | undefined> = [];
    const cfg = config(t, { monitoring: { pushgateway: { url: gateway.url } }, watch: { interval_seconds: 30, duration_seconds: 120 } });
    // onInterval runs before that interval's push: what the gateway holds then is the previous interval.
    const { result } = await watched(cfg, { onInterval: async () => void seen.push(await pushedVerdict()) });
    expect(seen).toEqual([undefined, 'passed', 'critical', 'passed']);
    // The run's own push at the end: the window's verdict.
    expect(await pushedVerdict()).toBe('warning');
    expect(result.monitoring).toMatchObject([{ sink: 'pushgateway', status: 'sent' }]);
  });
});
