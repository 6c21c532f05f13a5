import { headerValue, type HttpClient, type HttpRequest } from '../../util/http.js';
import { describeError } from '../../util/net-errors.js';
import { parseRateLimitHeaders, parseRetryAfter, type RateLimitInfo } from './headers.js';
import { monotonicMs } from '../../util/monotonic.js';

/** One request of a burst: its place in the sending order and what came back. */
export interface BurstSample {
  /** 1-based position in the order requests were sent. */
  index: number;
  status?: number;
  /** Retry-After in seconds, on 429 answers that carry one. */
  retryAfter?: number;
  hasRetryAfter?: boolean;
  /** Rate-limit headers of a 429 answer, when it carries any. */
  rateLimit?: RateLimitInfo;
  error?: { code?: string; reason: string };
}

export interface BurstPlan {
  request: Omit<HttpRequest, 'signal'>;
  /** The redacted URL, for error reasons. */
  target: string;
  requests: number;
  concurrency: number;
  /** Stop sending once a 429 came back (the default: this runs against production). */
  stopWhenLimited: boolean;
  /** Epoch ms at which the burst stops sending and cuts what is in flight. */
  stopAt: number;
}

export interface BurstRun {
  samples: BurstSample[];
  sent: number;
  durationMs: number;
  stoppedBy: 'completed' | 'limited' | 'time';
}

/**
 * Sends up to `requests` requests, `concurrency` at a time, through the run's pooled client.
 * Requests cut by the stop (limit seen, or time up) are not samples: they have no answer.
 * Rejects only when `signal` (the check's deadline) fires.
 */
export async function sendBurst(http: HttpClient, plan: BurstPlan, signal: AbortSignal): Promise<BurstRun> {
  const stop = new AbortController();
  let stoppedBy: BurstRun['stoppedBy'] = 'completed';
  const timer = setTimeout(() => {
    stoppedBy = 'time';
    stop.abort();
  }, Math.max(0, plan.stopAt - Date.now()));
  const cut = AbortSignal.any([signal, stop.signal]);
  const samples: BurstSample[] = [];
  let sent = 0;
  const started = monotonicMs();

  const worker = async () => {
    while (sent < plan.requests && !cut.aborted) {
      const index = ++sent;
      try {
        const res = await http.request({ ...plan.request, signal: cut });
        const sample: BurstSample = { index, status: res.status };
        if (res.status === 429) {
          const header = headerValue(res.headers, 'retry-after');
          sample.hasRetryAfter = header !== undefined;
          sample.retryAfter = parseRetryAfter(header);
          sample.rateLimit = parseRateLimitHeaders(res.headers);
          if (plan.stopWhenLimited && !stop.signal.aborted) {
            stoppedBy = 'limited';
            stop.abort();
          }
        }
        samples.push(sample);
      } catch (err) {
        if (cut.aborted) break; // our own stop, not the target's failure
        samples.push({ index, error: describeError(err, plan.target) });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.requests) }, worker));
  } finally {
    clearTimeout(timer);
  }
  signal.throwIfAborted();
  samples.sort((a, b) => a.index - b.index);
  return { samples, sent, durationMs: Math.round(monotonicMs() - started), stoppedBy };
}

export interface BurstStats {
  requestsSent: number;
  requestsAnswered: number;
  durationMs: number;
  requestsPerSecond: number;
  /** Position of the first request answered 429, if any. */
  limitedAtRequest?: number;
  statusCounts: Record<string, number>;
  serverErrors: number;
  networkErrors: number;
  /** 429 answers without a Retry-After header. */
  limitedWithoutRetryAfter: number;
  retryAfterSeconds?: number;
  /** The rate-limit headers of the first 429, as the limiter describes itself. */
  rateLimitHeaders?: RateLimitInfo;
  stoppedBy: BurstRun['stoppedBy'];
}

/** Pure summary of a burst, for the verdict and the report. */
export function burstStats(run: BurstRun): BurstStats {
  const statusCounts: Record<string, number> = {};
  let serverErrors = 0;
  let networkErrors = 0;
  let limitedWithoutRetryAfter = 0;
  let limited: BurstSample | undefined;
  for (const s of run.samples) {
    if (s.status === undefined) {
      networkErrors++;
      continue;
    }
    statusCounts[s.status] = (statusCounts[s.status] ?? 0) + 1;
    if (s.status >= 500) serverErrors++;
    if (s.status === 429) {
      if (!s.hasRetryAfter) limitedWithoutRetryAfter++;
      if (!limited || s.index < limited.index) limited = s;
    }
  }
  const answered = run.samples.length - networkErrors;
  return {
    requestsSent: run.sent,
    requestsAnswered: answered,
    durationMs: run.durationMs,
    requestsPerSecond: run.durationMs > 0 ? Math.round((run.samples.length / run.durationMs) * 10_000) / 10 : 0,
    limitedAtRequest: limited?.index,
    statusCounts,
    serverErrors,
    networkErrors,
    limitedWithoutRetryAfter,
    retryAfterSeconds: limited?.retryAfter,
    rateLimitHeaders: limited?.rateLimit,
    stoppedBy: run.stoppedBy,
  };
}

/** "200×20, 429×3" */
export function formatStatusCounts(counts: Record<string, number>): string {
  return Object.entries(counts).map(([status, n]) => `${status}×${n}`).join(', ') || 'no answers';
}
