import { resolve } from 'node:path';
import type { SmokeConfig } from '../config/schema.js';
import type { MonitoringOutcome, MonitoringSink, RunResult } from '../core/types.js';
import { abortable, timeoutSignal } from '../util/abort.js';
import type { HttpClient } from '../util/http.js';
import { describeError, isAbort } from '../util/net-errors.js';
import { Redactor } from '../util/redact.js';
import { pushgatewayCredentials, pushgatewayUrl, pushMetrics } from './pushgateway.js';
import { renderPrometheus } from './render.js';
import type { MonitoringConfig } from './schema.js';
import { writeTextfile } from './textfile.js';

export { renderPrometheus } from './render.js';
export { monitoringSchema, type MonitoringConfig } from './schema.js';

/** Below this much time before the deadline a sink is not started: it could not finish. */
export const MIN_SINK_MS = 20;

/** What happened to one sink; part of the result model (src/core/outcome-model.ts). Never thrown: a failure is data. */
export type { MonitoringOutcome, MonitoringSink } from '../core/types.js';

export interface FeedMonitoringInput {
  result: RunResult;
  config: SmokeConfig;
  /** The run's pooled client; every push goes through it with its own AbortSignal. */
  http: HttpClient;
  /** Epoch ms: no sink outlives it. */
  deadline: number;
  /** The run's redactor: the Pushgateway password is registered on it. */
  redactor?: Redactor;
}

interface SinkJob {
  sink: MonitoringSink;
  target: string;
  timeoutMs: number;
  /** Sends the body; resolves with the sink's verdict, rejects on a network or file error. */
  work: (body: string, signal: AbortSignal) => Promise<{ ok: boolean; error?: string }>;
}

/**
 * Feeds the run's metrics to every configured sink, at once. Resolves with one outcome per
 * sink (none when `monitoring` is not configured); never rejects, and no sink runs past its
 * timeout or the deadline: a hung Pushgateway or a stuck filesystem is cut and reported.
 */
export async function feedMonitoring(input: FeedMonitoringInput): Promise<MonitoringOutcome[]> {
  const monitoring: MonitoringConfig | undefined = input.config.monitoring;
  if (!monitoring) return [];
  const redactor = input.redactor ?? new Redactor();
  const jobs = sinkJobs(monitoring, input, redactor);
  let body: string;
  try {
    // Secrets can only reach the metrics through label values (a base URL, a check name);
    // the run's redactor is the last word on what may leave the machine.
    body = redactor.text(renderPrometheus(input.result, monitoring.labels));
  } catch (err) {
    const error = redactor.text(`could not render metrics: ${describeError(err).reason}`);
    return jobs.map((j) => ({ sink: j.sink, status: 'failed', target: j.target, error, durationMs: 0 }));
  }
  return Promise.all(jobs.map((job) => runSink(job, body, input.deadline, redactor)));
}

function sinkJobs(monitoring: MonitoringConfig, input: FeedMonitoringInput, redactor: Redactor): SinkJob[] {
  const jobs: SinkJob[] = [];
  const gateway = monitoring.pushgateway;
  if (gateway) {
    redactor.addSecret(pushgatewayCredentials(gateway)?.password);
    redactor.addUrlCredentials(gateway.url);
    jobs.push({
      sink: 'pushgateway',
      target: redactor.text(pushgatewayUrl(gateway)),
      timeoutMs: gateway.timeout_seconds * 1000,
      work: (body, signal) => pushMetrics(input.http, gateway, body, signal),
    });
  }
  if (monitoring.textfile) {
    const path = resolve(monitoring.textfile);
    jobs.push({
      sink: 'textfile',
      target: path,
      // A local write has only the run's deadline: a healthy disk takes milliseconds.
      timeoutMs: Infinity,
      work: async (body, signal) => {
        await writeTextfile(path, body, signal);
        return { ok: true };
      },
    });
  }
  return jobs;
}

async function runSink(job: SinkJob, body: string, deadline: number, redactor: Redactor): Promise<MonitoringOutcome> {
  const started = Date.now();
  const outcome = (error?: string): MonitoringOutcome => ({
    sink: job.sink,
    status: error === undefined ? 'sent' : 'failed',
    target: job.target,
    ...(error === undefined ? {} : { error: redactor.text(error) }),
    durationMs: Date.now() - started,
  });
  const left = deadline - started;
  if (left < MIN_SINK_MS) return outcome('not sent: no time left before the run deadline');
  const budget = Math.min(job.timeoutMs, left);
  const { signal, dispose } = timeoutSignal(budget);
  try {
    // abortable: even work that ignores its signal (a stuck filesystem call) is let go at the deadline.
    const result = await abortable(signal, job.work(body, signal));
    return outcome(result.ok ? undefined : result.error ?? 'failed');
  } catch (err) {
    if (isAbort(err, signal)) return outcome(`${job.sink === 'textfile' ? 'not written' : 'no answer'} within ${budget} ms${budget < job.timeoutMs ? ' (run deadline)' : ''}`);
    return outcome(describeError(err, job.target).reason);
  } finally {
    dispose();
  }
}
