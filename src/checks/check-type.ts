import type { z } from 'zod';
import type { CheckOutcome } from '../core/types.js';
import type { HttpClient } from '../util/http.js';
import type { Redactor } from '../util/redact.js';

/** Fields every check has, whatever its type (validated by the config schema). */
export interface CommonCheckOptions {
  name: string;
  type: string;
  required: boolean;
  timeout_seconds: number;
}

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
  /** Default headers from the config (and environment), applied to every HTTP request. */
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

/**
 * A kind of check: one folder under src/checks/, one line in the registry.
 *
 * Contract of `run`:
 * - never throws for a target problem: it returns `failed` with a reason a person can act on;
 *   an exception that escapes is treated as a machinery error (status `error`, a warning);
 * - honours `ctx.signal`: every socket or driver call is cut when it fires, and every
 *   connection it opened is closed before it returns, whatever the outcome;
 * - loads its driver lazily (`await import(...)` inside `run`), so a run that does not use
 *   the type never pays for the driver.
 */
export interface CheckType<Options = CommonCheckOptions> {
  /** The config's `type` value; also the folder name. */
  type: string;
  /** The type-specific fields (beyond name, type, required, timeout_seconds, retries, depends_on). */
  options: z.ZodRawShape;
  /** One line for `smokeguard schema` and the README. */
  description: string;
  run(options: Options, ctx: CheckContext): Promise<CheckOutcome>;
}

/**
 * Declares a check type with options typed from its schema shape; the registry stores it erased.
 * Usage: `export const tcp = defineCheck({ type: 'tcp', options: { host: z.string(), … }, run(opts, ctx) {…} })`.
 */
export function defineCheck<S extends z.ZodRawShape>(def: {
  type: string;
  description: string;
  options: S;
  run(options: z.infer<z.ZodObject<S>> & CommonCheckOptions, ctx: CheckContext): Promise<CheckOutcome>;
}): CheckType {
  return def as unknown as CheckType;
}
