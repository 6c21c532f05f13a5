import type { RunStore, RunSummary, Answer } from '../store/types.js';

/** Everything a route group needs; passed in, never global (tests build one per server). */
export interface DashboardContext {
  store: RunStore;
  /** Required for publish, approve and deny. Unset: writes only from loopback clients of a loopback server. */
  writeToken?: string;
  /** When set, every page and API read needs it too (except /healthz). */
  readToken?: string;
  /** Answers a waiting run the way `smokeguard approve` does; returns where it was recorded. */
  answer(run: RunSummary, answer: Answer): Promise<string>;
  /** Largest report accepted on POST /api/v1/runs, in bytes. */
  maxReportBytes: number;
  /** "Slower than the last good run" baseline size, and the history shown per deployment. */
  historyRuns: number;
  now(): number;
  /** The smoke config the Flagger / Argo Rollouts webhooks run (`serve --config`); unset: they answer 501. */
  webhooks?: WebhookSettings;
}

/** What `serve --config` gives the webhook routes (routes/webhooks.ts). */
export interface WebhookSettings {
  configPath: string;
  /** Defaults for a request that names none (`serve --base-url`, `--environment`). */
  baseUrl?: string;
  environment?: string;
  /** SMOKEGUARD_WEBHOOK_TOKEN: when set, a webhook call must carry it as `?token=`. */
  token?: string;
  env: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_MAX_REPORT_BYTES = 5 * 1024 * 1024;
