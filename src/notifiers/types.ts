import type { HttpClient } from '../util/http.js';
import type { Redactor } from '../util/redact.js';
import type { RunResult } from '../core/types.js';
import type { SmokeConfig } from '../config/schema.js';
import type { PendingRollback } from '../rollback/types.js';

export { NOTIFICATION_PHASES, NOTIFY_EVENTS } from '../core/notify-events.js';
export type { NotificationOutcome, NotificationPhase, NotifyEvent } from '../core/types.js';
import type { NotificationOutcome, NotificationPhase } from '../core/types.js';


/** What the pipeline hands to notify() and openIncident(), after checks, decision, rollback and analysis. */
export interface NotifyInput {
  /** The run, already redacted, with its rollback record and findings. */
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
  /** Which message this is (default `outcome`). */
  phase?: NotificationPhase;
  /** For the first two phases: what the rollback is about to do (images, deadline, approve/deny commands). */
  pending?: PendingRollback;
  /** Messages already sent for this run: the outcome follows up under them and does not repeat them. */
  earlier?: NotificationOutcome[];
}
