import type { HttpClient } from '../util/http.js';
import type { Redactor } from '../util/redact.js';

/** Everything a check may use from the outside world; passed in, never global. */
export interface CheckContext {
  /** Aborted at the check's deadline (its own timeout or the run's, whichever is first). Pass it to every I/O call. */
  signal: AbortSignal;
  /** Epoch ms at which `signal` fires. Drivers with their own timeout options derive them from this. */
  deadline: number;
  /** The run's pooled HTTP client. */
  http: HttpClient;
  /** Resolves an endpoint (`/health` or an absolute URL) against the run's base_url. */
  resolveUrl(endpoint: string): string;
  /** Default headers from the config (and environment), for requests to the base URL's origin only (configHeadersFor). */
  headers: Record<string, string>;
  /** The process environment, for conventional defaults such as DATABASE_URL. */
  env: Readonly<Record<string, string | undefined>>;
  /** Register values that must never appear in any output (passwords, tokens). */
  redactor: Redactor;
  /** What the run knows about the deployment under test (deployment, namespace, revision), for checks that name it in a query. */
  runVariables?: Readonly<Record<string, string | undefined>>;
  /** Says which step a multi-step check (a critical path) is starting, for live progress; set by the runner. */
  progress?(step: StepProgress): void;
}

/** The step a multi-step check is on: `step 2/3 GET /api/user/profile`. */
export interface StepProgress {
  /** 1-based. */
  step: number;
  of: number;
  label: string;
}
