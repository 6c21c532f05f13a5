import type { HttpClient } from '../util/http.js';
import type { Redactor } from '../util/redact.js';
import type { RunResult } from '../core/types.js';
import type { SmokeConfig } from '../config/schema.js';

/**
 * When a channel fires. One run may produce several (critical + rollback_failed); each channel
 * still gets one message per run, about the most urgent event it listens to.
 */
export const NOTIFY_EVENTS = ['critical', 'rollback_started', 'rollback_succeeded', 'rollback_failed', 'warning', 'success'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** What the pipeline hands to notify() and openIncident(), after checks, decision, rollback and analysis. */
export interface NotifyInput {
  /** The run, already redacted. `result.rollback` and `result.findings` are read defensively. */
  result: RunResult;
  config: SmokeConfig;
  /** The run's pooled client: every HTTP call goes through it. */
  http: HttpClient;
  /** The run's redactor: payloads go through it before leaving the process. */
  redactor: Redactor;
  /** Epoch ms after which nothing may still be in flight: sends are cut, retries are not started. */
  deadline: number;
  /** Where the full report lives (CI artifact, dashboard), linked from every message. */
  reportUrl?: string;
  /** The process environment (revision from CI variables). */
  env: Readonly<Record<string, string | undefined>>;
}

/** One channel's record in the report. Never an exception: a failed send is data. */
export interface NotificationOutcome {
  /** The channel's name in config (or the undefined name referred to). */
  channel: string;
  /** Provider type, e.g. `slack`; `unknown` for an undefined channel. */
  type: string;
  /** The event the message was about (the most urgent of the run's events the channel listens to). */
  event: NotifyEvent | 'none';
  status: 'sent' | 'failed' | 'skipped' | 'undefined_channel';
  attempts: number;
  durationMs: number;
  /** Why it failed, was skipped, or why the name could not be used. Redacted. */
  error?: string;
  /** PagerDuty: the dedup key the event was sent with (the incident's identity). */
  dedupKey?: string;
  /** PagerDuty: `trigger` or `resolve`. */
  action?: string;
}
