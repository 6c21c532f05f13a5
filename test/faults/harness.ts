import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CheckResult, RunResult } from '../../src/core/types.js';
import { CLI, expectNoNodeWarning, writeConfig } from '../helpers/cli.js';

/**
 * The fault suite's one way to run smokeguard: the built CLI as a real process against real
 * local servers, with --report-dir, optionally sent a signal. Every scenario then asserts the
 * same things through `expectRun`: status, verdict, exit code, wall time, reason words, and a
 * complete report set.
 */

export interface FaultRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, spawn to exit. */
  ms: number;
  /** performance.now() when it exited. */
  exitedAt: number;
  dir: string;
  report: RunResult;
  /** The process's peak resident memory (VmHWM, KiB) as last read while it ran, polled every 20 ms. */
  peakRssKb: number;
}

export interface FaultOptions {
  /** The CLI command (default `run`). */
  command?: string;
  env?: Record<string, string>;
  args?: string[];
  /** Send this signal once stdout contains `after` (or after `afterMs`). */
  signal?: { name: NodeJS.Signals; afterMs?: number; after?: RegExp; again?: boolean; againAfterMs?: number };
  /** Set once the (first) signal was sent: performance.now() of that moment. */
  onSignal?: (at: number) => void;
  timeoutMs?: number;
  reportDir?: string;
}

export async function runFault(config: Record<string, unknown>, options: FaultOptions = {}): Promise<FaultRun> {
  const { dir, file } = await writeConfig(config);
  const reports = options.reportDir ?? join(dir, 'reports');
  const started = performance.now();
  let exitedAt = 0;
  let peakRssKb = 0;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, options.command ?? 'run', '--config', file, '--report-dir', reports, ...(options.args ?? [])], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let sent = false;
    // VmHWM only grows: its last reading before exit is the peak, but for the final few milliseconds.
    const sampler = setInterval(() => {
      readFile(`/proc/${child.pid}/status`, 'utf8').then(
        (status) => (peakRssKb = Math.max(peakRssKb, Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0))),
        () => {},
      );
    }, 20);
    const send = () => {
      if (sent || !options.signal) return;
      sent = true;
      child.kill(options.signal.name);
      options.onSignal?.(performance.now());
      if (options.signal.again) setTimeout(() => child.kill(options.signal!.name), options.signal.againAfterMs ?? 20);
    };
    child.stdout.on('data', (d) => {
      out += d;
      if (options.signal?.after?.test(out)) send();
    });
    child.stderr.on('data', (d) => (err += d));
    if (options.signal?.afterMs !== undefined) setTimeout(send, options.signal.afterMs);
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (c, sig) => {
      exitedAt = performance.now();
      clearTimeout(killer);
      clearInterval(sampler);
      resolve({ code: c ?? (sig ? 128 + (sig === 'SIGTERM' ? 15 : sig === 'SIGINT' ? 2 : 9) : null), stdout: out, stderr: err });
    });
  });
  const ms = performance.now() - started;
  expectNoNodeWarning(`${stderr}\n${stdout}`);
  const json = join(reports, 'report.json');
  const report = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as RunResult) : (undefined as unknown as RunResult);
  return { code, stdout, stderr, ms, exitedAt, dir: reports, report, peakRssKb };
}

/** How late a timer may fire on a loaded two-core machine and still count as "at its timeout". */
export const TIMER_MARGIN_MS = 750;
/** What a whole process adds around the checks: start-up, config, reports (on a loaded machine). */
export const PROCESS_MARGIN_MS = 4_000;

export interface Expected {
  code: number;
  verdict: RunResult['verdict'];
  /** Per check: its status and the words its reason must contain. */
  checks: Record<string, { status: CheckResult['status']; reason?: RegExp; errorCode?: string; httpStatus?: number; severity?: CheckResult['severity'] }>;
  /** Words some finding of the analysis must carry (title, issue or cause), and words none may. */
  finding?: RegExp;
  noFinding?: RegExp;
  /** Wall time of the process: at least `minMs`, at most `maxMs` (a check's timeout plus a margin). */
  minMs?: number;
  maxMs: number;
}

/** The assertions every scenario makes. */
export function expectRun(run: FaultRun, want: Expected): void {
  const context = `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
  expect(run.code, context).toBe(want.code);
  expect(run.stderr, context).not.toMatch(/\bat .*\.(m?js|ts):\d+|Warning:|ERR_UNHANDLED/);
  expect(run.report, `report.json missing\n${context}`).toBeDefined();
  expect(run.report.verdict, context).toBe(want.verdict);
  for (const [name, c] of Object.entries(want.checks)) {
    const got = run.report.checks.find((x) => x.name === name);
    expect(got, `${name} not in report`).toBeDefined();
    expect(got!.status, `${name}: ${got!.reason}`).toBe(c.status);
    if (c.reason) expect(got!.reason, name).toMatch(c.reason);
    if (c.errorCode) expect(got!.errorCode, name).toBe(c.errorCode);
    if (c.httpStatus !== undefined) expect(got!.httpStatus, name).toBe(c.httpStatus);
    if (c.severity) expect(got!.severity, name).toBe(c.severity);
    // No check outlives its timeout by more than a timer's lateness; one cut by its own timeout took that long.
    expect(got!.durationMs, `${name} duration`).toBeLessThan(got!.timeoutMs + TIMER_MARGIN_MS);
    if (got!.status === 'timed_out' && !run.report.deadlineReached) {
      expect(got!.durationMs, `${name} duration`).toBeGreaterThanOrEqual(got!.timeoutMs - 50);
    }
    // The console line says what the report says.
    if (c.status !== 'passed' && got!.reason) expect(run.stdout, name).toContain(got!.reason.slice(0, 40));
  }
  const findings = (run.report.findings ?? []).map((f) => [f.title, f.issue, f.probableCause].join(' | '));
  if (want.finding) expect(findings.join('\n'), 'findings').toMatch(want.finding);
  if (want.noFinding) expect(findings.join('\n'), 'findings').not.toMatch(want.noFinding);
  if (want.minMs !== undefined) expect(run.ms, 'wall time').toBeGreaterThanOrEqual(want.minMs);
  expect(run.ms, 'wall time').toBeLessThan(want.maxMs);
  expectCompleteReports(run);
}

/** Every format written, all of one run, every check present with a status, and a reason unless it passed. */
export function expectCompleteReports(run: FaultRun): void {
  const r = run.report;
  for (const file of ['report.json', 'junit.xml', 'report.md', 'report.html']) {
    const text = readFileSync(join(run.dir, file), 'utf8');
    expect(text, `${file} carries the run id`).toContain(r.runId);
  }
  expect(r.summary.total).toBe(r.checks.length);
  for (const c of r.checks) {
    expect(c.status).toBeTruthy();
    if (c.status !== 'passed') expect(c.reason, `${c.name} has a reason`).toBeTruthy();
  }
  expect(r.finishedAt >= r.startedAt).toBe(true);
  expect(r.timeline.at(-1)?.kind).toBe('run_finished');
}
