import type { RunResult } from '../core/types.js';

/** What a deployment tool asks for: run the smoke tests of this workload. */
export interface SmokeRequest {
  deployment: string;
  namespace: string;
  /** Where the workload answers (a canary Service); the config's base_url when absent. */
  baseUrl?: string;
  /** `--environment` overrides to apply. */
  environment?: string;
}

/** Runs the configured smoke tests for one request (see runner.ts); never rolls back: the caller's tool does. */
export type SmokeRunner = (request: SmokeRequest) => Promise<RunResult>;

/** An HTTP answer, independent of the server that sends it. */
export interface HookAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The verdict as the callers read it: small, stable, never a stack trace. */
export function verdictBody(result: RunResult): Record<string, unknown> {
  return {
    verdict: result.verdict,
    runId: result.runId,
    summary: result.summary,
    failed: result.checks.filter((c) => c.severity !== 'none').map((c) => ({ name: c.name, severity: c.severity, status: c.status, ...(c.reason ? { reason: c.reason } : {}) })),
    durationMs: result.durationMs,
  };
}

/** A run that could not even start (a bad config, a broken stage): said plainly, never a stack. */
export function internalError(err: unknown): HookAnswer {
  const message = err instanceof Error ? ((err as { format?: () => string }).format?.() ?? err.message) : String(err);
  return { status: 500, body: { error: `smoke run could not run: ${message}` } };
}
