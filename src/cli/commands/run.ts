// First: before any module below builds a zod schema (see ../jitless.ts).
import '../jitless.js';
// Not node:fs/promises: see src/checks/ca-file.ts.
import { appendFile } from 'node:fs';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { run as runSmoke, type RunOptions } from '../../run/pipeline.js';
import { RunOptionsError, runOptionsProblem } from '../../run/run-options-error.js';
import type { RunResult, TimelineEvent } from '../../core/types.js';
import { NOT_SELECTED } from '../../core/runner.js';
import { clock, count, nameWidth, renderCheckLine, renderSummary } from '../../reporters/console.js';
import { renderCheckDetails, renderPhaseTimings } from '../../reporters/console-verbose.js';
import { LiveProgress } from '../live-progress.js';
import { renderJson } from '../../reporters/json.js';
import type { ReportFormat } from '../../reporters/index.js';
import { createStyle, shouldColor } from '../../reporters/style.js';
import { version } from '../../version.js';
import { EXIT } from '../exit-codes.js';
import { Redactor } from '../../util/redact.js';

export interface RunFlags {
  config?: string;
  baseUrl?: string;
  baseUrlSource?: 'flag' | 'env';
  environment?: string;
  reportDir?: string;
  format?: string[];
  dryRun?: boolean;
  json?: boolean;
  concurrency?: number;
  only?: string[];
  revision?: string;
  yes?: boolean;
  deployment?: string;
  namespace?: string;
  container?: string;
  context?: string;
  kubeconfig?: string;
  stateDir?: string;
  reportUrl?: string;
  runId?: string;
  deployedAt?: Date;
  /** `run --watch`: watch this many seconds after a passing smoke run. */
  watch?: number;
  /** `smokeguard watch`: no smoke run, the watch alone, with its --interval and --duration. */
  watchOnly?: boolean;
  interval?: number;
  duration?: number;
  /** Only the verdict block and the failures. */
  quiet?: boolean;
  /** Assertions, steps, attempts, and the time each phase took. */
  verbose?: boolean;
  /** `warning`: a warning verdict exits 1 too. */
  failOn?: 'critical' | 'warning';
  baseline?: string[];
  waitForRollout?: boolean;
  dashboard?: string;
  store?: string;
}

/**
 * Writes the chosen report formats into --report-dir (all of them by default), and the markdown
 * summary to $GITHUB_STEP_SUMMARY when set. A report that cannot be written is said, not fatal:
 * the verdict stands.
 */
async function writeReportFiles(result: RunResult, flags: RunFlags, env: NodeJS.ProcessEnv): Promise<string[]> {
  if (!flags.reportDir && !env.GITHUB_STEP_SUMMARY) return [];
  const { writeReports, REPORT_FORMATS } = await import('../../reporters/index.js');
  try {
    if (flags.reportDir) return await writeReports(result, { dir: resolve(flags.reportDir), formats: flags.format as ReportFormat[] | undefined, env });
    await promisify(appendFile)(env.GITHUB_STEP_SUMMARY!, `${REPORT_FORMATS.markdown.render(result)}\n`, 'utf8');
    return [env.GITHUB_STEP_SUMMARY!];
  } catch (err) {
    // An error of smokeguard's own, on stderr as every other: stdout keeps the run's output (or its JSON).
    process.stderr.write(`smokeguard: could not write reports: ${(err as Error).message}\n`);
    return [];
  }
}

/** Stage events printed live (the rest are in the reports' timeline). */
const SHOWN_STAGES = new Set<TimelineEvent['kind']>(['deadline_reached', 'rollback', 'rollout', 'deployment_completed']);

/** The exit code a result deserves. */
export function exitCodeOf(result: RunResult, stoppedBy?: StopSignal): number {
  if (result.abortReason && stoppedBy) return EXIT[stoppedBy];
  // A deployment that never completed was not judged: that is its own outcome, not a smoke failure.
  if (result.rollout && result.rollout.status !== 'complete') return EXIT.DEPLOYMENT_FAILED;
  const rollback = result.rollback;
  // A dry run executes nothing, so nothing it did can have failed: its verdict decides.
  if (rollback?.status === 'failed' && !result.dryRun) return EXIT.ROLLBACK_FAILED;
  return result.verdict === 'critical' ? EXIT.CRITICAL : EXIT.PASSED;
}

type StopSignal = 'SIGTERM' | 'SIGINT';

/**
 * SIGTERM (a deleted Kubernetes Job) and SIGINT (a cancelled CI job, Ctrl-C) abort the run: the
 * checks are cut, no rollback starts, the reports are written with verdict `aborted`, and the
 * exit code is 128 + the signal's number. A second signal exits at once.
 */
function trapStopSignals(controller: AbortController): { stoppedBy(): StopSignal | undefined; release(): void } {
  let stoppedBy: StopSignal | undefined;
  const handlers = (['SIGTERM', 'SIGINT'] as const).map((name) => {
    const handler = () => {
      if (stoppedBy) process.exit(EXIT[stoppedBy]);
      stoppedBy = name;
      controller.abort(`${name} received`);
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return { stoppedBy: () => stoppedBy, release: () => handlers.forEach((off) => off()) };
}

export async function runCommand(flags: RunFlags, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv }): Promise<number> {
  const env = io.env;
  // From the first moment: a signal during config loading still ends in an `aborted` report.
  const stop = new AbortController();
  const trap = trapStopSignals(stop);
  try {
    return await runWithSignal(flags, io, stop.signal, trap.stoppedBy);
  } finally {
    trap.release();
  }
}

async function runWithSignal(flags: RunFlags, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv }, signal: AbortSignal, stoppedBy: () => StopSignal | undefined): Promise<number> {
  const env = io.env;
  const loaded = await loadConfig({ path: flags.config, environment: flags.environment ?? env.SMOKEGUARD_ENVIRONMENT, baseUrl: flags.baseUrl, baseUrlSource: flags.baseUrlSource, env });
  const { config } = loaded;
  // Human output goes to stdout, unless stdout carries the JSON result.
  const out = flags.json ? io.stderr : io.stdout;
  const style = createStyle(!flags.json && shouldColor(out, env));
  if (!config.enabled) {
    out.write(`Smoke tests are disabled (enabled: false in ${loaded.file}); nothing to do.\n`);
    return EXIT.PASSED;
  }
  const names = [...config.health_checks, ...config.dependency_checks, ...config.critical_paths].map((c) => c.name);

  // A misspelt --only is a usage error before anything is printed or run (run() refuses it too).
  const problem = runOptionsProblem(config, flags.only);
  if (problem) throw new RunOptionsError(problem);
  const width = nameWidth(names);
  // The base URL may carry a password (https://user:pass@host): the header shows it redacted, as the timeline does.
  const redactor = new Redactor();
  redactor.addUrlCredentials(config.base_url);
  const target = config.base_url ? redactor.text(config.base_url) : undefined;
  if (!flags.quiet) out.write(style.dim(`smokeguard ${version} · ${count(names.length, 'check')}${target ? ` against ${target}` : ''} · deadline ${config.timeout_seconds} s · ${loaded.file}\n`));
  // Live progress: in place on a terminal, "still running" lines in CI logs; none when quiet.
  const live = new LiveProgress({ out, tty: Boolean(out.isTTY) && !flags.quiet, style });
  if (!flags.quiet) live.start();
  const options: RunOptions = {
    signal,
    env,
    environment: flags.environment,
    dryRun: flags.dryRun,
    concurrency: flags.concurrency,
    only: flags.only,
    secrets: loaded.secrets,
    configPath: loaded.file,
    baseUrlArg: flags.baseUrl,
    revision: flags.revision,
    runId: flags.runId,
    deployedAt: flags.deployedAt,
    ...(flags.waitForRollout ? { waitForRollout: true } : {}),
    reportUrl: flags.reportUrl,
    assumeYes: flags.yes === true || /^(yes|true|1)$/i.test(env.SMOKEGUARD_CONFIRM ?? ''),
    // Read only when a rollback asks ops: process.stdin is built on first use, and building it
    // (a stream, and the fs stream modules for a file or /dev/null) cost every run ~1 ms.
    get interactive() {
      return Boolean(process.stdin.isTTY && io.stderr.isTTY);
    },
    get input() {
      return process.stdin;
    },
    output: io.stderr,
    rollbackTarget: { deployment: flags.deployment, namespace: flags.namespace, container: flags.container, context: flags.context, kubeconfig: flags.kubeconfig },
    stateDir: flags.stateDir,
    history: { url: flags.dashboard, store: flags.store, token: env.SMOKEGUARD_DASHBOARD_TOKEN || undefined },
    onEvent(event) {
      if (event.kind === 'check_started' && !flags.quiet) live.started(event.check.name, event.at);
      else if (event.kind === 'check_progress') live.progress(event.name, event.step);
      else if (event.kind === 'check_finished') {
        // A check --only left out is no news: the summary counts it, its line would be noise.
        const notSelected = event.result.status === 'skipped' && event.result.reason === NOT_SELECTED;
        const shown = !notSelected && (!flags.quiet || event.result.severity !== 'none');
        live.finished(event.result.name, shown ? [renderCheckLine(event.result, style, width), ...(flags.verbose ? renderCheckDetails(event.result, style) : [])].join('\n') : undefined);
      } else if (event.kind === 'stage') {
        if (event.event.kind === 'decision') live.stop(); // the checks are done
        // A dashboard warning is not repeated live: the summary's closing lines carry it, once.
        if (SHOWN_STAGES.has(event.event.kind)) live.line(`${clock(event.event.at)} ${event.event.message}`);
      }
    },
  };
  let result: RunResult | undefined;
  try {
    if (!flags.watchOnly) {
      result = await runSmoke(config, options);
      live.stop();
      await report(result, flags, env, out, style);
    }
    // `run --watch`: only a deployment that may stay is watched; its reports go to <report-dir>/watch.
    if (flags.watchOnly || (flags.watch !== undefined && (result?.verdict === 'passed' || result?.verdict === 'warning'))) {
      const { watchFromCli } = await import('./watch.js');
      // After the smoke run, the watch is a run of its own: with a given run id (a CI job's) it is
      // that id + "-watch", or the dashboard would take its report for the smoke run's (replacing it)
      // and ignore its progress (that run has finished).
      const watchOptions = !flags.watchOnly && options.runId ? { ...options, runId: `${options.runId.slice(0, 122)}-watch` } : options;
      result = await watchFromCli(config, watchOptions, flags, out, style);
      await report(result, flags.watchOnly || !flags.reportDir ? flags : { ...flags, reportDir: join(flags.reportDir, 'watch') }, env, out, style);
    }
  } finally {
    live.stop();
  }
  if (flags.json) io.stdout.write(renderJson(result!));
  const code = exitCodeOf(result!, stoppedBy());
  // --fail-on warning: pipelines that want a warning to fail the job.
  return code === EXIT.PASSED && flags.failOn === 'warning' && result!.verdict === 'warning' ? EXIT.CRITICAL : code;
}

async function report(result: RunResult, flags: RunFlags, env: NodeJS.ProcessEnv, out: NodeJS.WriteStream, style: ReturnType<typeof createStyle>): Promise<void> {
  const written = await writeReportFiles(result, flags, env);
  if (result.rollout && result.rollout.status !== 'complete') out.write(`\n${style.bad(`✗ DEPLOYMENT DID NOT COMPLETE — smoke tests not run`)}\n${result.rollout.message}\n`);
  else out.write(`${renderSummary(result, style)}\n`);
  if (written.length) out.write(style.dim(`Reports: ${written.join(', ')}\n`));
  if (flags.verbose) out.write(style.dim(`${renderPhaseTimings(result)}\n`));
}
