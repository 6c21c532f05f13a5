import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFault } from '../faults/harness.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';

/** `smokeguard watch` and `run --watch` through the built CLI, on short real intervals. */
let healthy: HttpTarget;
let broken: HttpTarget;
let slow: HttpTarget;
beforeAll(async () => {
  [healthy, broken, slow] = await Promise.all([
    startHttpTarget({ '/health': { body: 'ok' } }),
    startHttpTarget({ '/health': { status: 500, body: 'down' } }),
    startHttpTarget({ '/health': () => new Promise((r) => setTimeout(() => r({ body: 'ok' }), 250)) }),
  ]);
});
afterAll(async () => {
  await Promise.all([healthy.close(), broken.close(), slow.close()]);
});

const config = (t: HttpTarget, watch: Record<string, unknown> = {}) => ({
  base_url: t.url,
  health_checks: [{ name: 'readiness', endpoint: '/health', timeout_seconds: 2 }],
  watch: { interval_seconds: 0.3, ...watch },
});

describe('watch through the CLI', () => {
  it('run --watch: a passing smoke run, then the watch; one line per interval, each run its own reports', async () => {
    const run = await runFault(config(healthy), { args: ['--watch', '1s'] });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => /^\[\d+\/4\]/.test(l));
    expect(lines).toEqual([1, 2, 3, 4].map((i) => expect.stringMatching(new RegExp(`^\\[${i}/4\\] ✓ 1/1 · p95 \\d+ ms$`))));
    expect(run.stdout).toContain('Watching 1 check every 300 ms for 4 intervals (critical at 3 failed or 2 in a row)');
    expect(run.report.watch).toBeUndefined(); // <report-dir>/report.json is the smoke run's
    const watched = JSON.parse(await readFile(join(run.dir, 'watch', 'report.json'), 'utf8'));
    expect(watched).toMatchObject({ verdict: 'passed', watch: { status: 'passed', plannedIntervals: 4 } });
    expect(watched.watch.intervals).toHaveLength(4);
  });

  it('run --watch after a critical smoke run: no watch', async () => {
    const run = await runFault(config(broken), { args: ['--watch', '1s'] });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/^\[1\//m);
  });

  it('watch --interval --duration: a failing deployment is critical at the 2nd failed interval, exit 1', async () => {
    const run = await runFault(config(broken), { command: 'watch', args: ['--interval', '200ms', '--duration', '10s'] });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\[2\/50\] ✗ 0\/1 · p95 \d+ ms · readiness: returned 500 \(expected 2xx\) · 2 failed, 2 in a row · window failed: 2 failed intervals in a row/m);
    expect(run.report).toMatchObject({ verdict: 'critical', watch: { status: 'failed', failedIntervals: 2 } });
  });

  it('SIGTERM during the watch: exit 143, the partial report says aborted with the intervals so far', async () => {
    const run = await runFault(config(healthy), { command: 'watch', args: ['--duration', '30s'], signal: { name: 'SIGTERM', after: /^\[2\/100\]/m } });
    expect(run.code).toBe(143);
    expect(run.report).toMatchObject({ verdict: 'aborted', abortReason: 'SIGTERM received', watch: { status: 'aborted' } });
    expect(run.report.watch!.intervals.length).toBeGreaterThanOrEqual(2);
  });

  it('--baseline: the previous version\'s report; a significant slowdown is a warning naming both p50s', async () => {
    const compare = { compare: { min_samples: 5, alpha: 0.05 } };
    // 6 intervals of 500 ms each side; the new version answers in 250 ms where the old one took ~1 ms.
    const before = await runFault(config(healthy, compare), { command: 'watch', args: ['--interval', '500ms', '--duration', '3s'] });
    expect(before.code, before.stderr).toBe(0);
    const after = await runFault(config(slow, compare), { command: 'watch', args: ['--interval', '500ms', '--duration', '3s', '--baseline', join(before.dir, 'report.json')] });
    expect(after.code, after.stderr).toBe(0);
    expect(after.report.watch!.comparison).toMatchObject({ checks: [{ check: 'readiness', outcome: 'fail', baselineSamples: 6, canarySamples: 6 }] });
    expect(after.stdout).toMatch(/readiness p50 \d+ ms → \d+ ms \(\+\d+ %\), significant \(p [<=] 0\.0\d+\)/);
    expect(after.report.verdict).toBe('warning');
    const missing = await runFault(config(slow, compare), { command: 'watch', args: ['--baseline', '/nonexistent/report.json'] });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--baseline /nonexistent/report.json: no such file');
  });

  it('a bad duration is a usage error', async () => {
    const run = await runFault(config(healthy), { command: 'watch', args: ['--duration', 'soon'] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected a duration like 30s, 15m/);
  });
});
