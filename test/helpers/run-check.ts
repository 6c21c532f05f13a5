import * as z from 'zod';
import type { CheckType } from '../../src/checks/check-type.js';
import { checkBaseShape } from '../../src/config/check-base.js';
import type { CheckOutcome } from '../../src/core/types.js';
import { testContext } from './check-context.js';

export interface CheckRun {
  /** The outcome, when `run` resolved. */
  outcome?: CheckOutcome;
  /** What `run` rejected with (the deadline cutting it), when it did. */
  error?: unknown;
  elapsedMs: number;
  /** Everything the run registered as secret, applied to a text. */
  redact(text: string): string;
}

/**
 * Validates `raw` with the type's schema (as the config loader would: base fields + options)
 * and runs the check once with a deadline `timeoutMs` away, as the runner would.
 */
export async function runCheck(type: CheckType, raw: Record<string, unknown>, options: { timeoutMs?: number; env?: Record<string, string | undefined>; runVariables?: Record<string, string | undefined>; baseUrl?: string; headers?: Record<string, string> } = {}): Promise<CheckRun> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const parsed = z.strictObject({ ...checkBaseShape(), type: z.literal(type.type), ...type.options }).parse({ name: `${type.type}-check`, type: type.type, timeout_seconds: timeoutMs / 1000, ...raw });
  const ctx = testContext({ timeoutMs, env: options.env, runVariables: options.runVariables, baseUrl: options.baseUrl, headers: options.headers });
  const started = performance.now();
  try {
    const outcome = await type.run(parsed as never, ctx);
    return { outcome, elapsedMs: performance.now() - started, redact: (t) => ctx.redactor.text(t) };
  } catch (error) {
    return { error, elapsedMs: performance.now() - started, redact: (t) => ctx.redactor.text(t) };
  } finally {
    await ctx.dispose();
  }
}

export type Expectation =
  | { status: 'passed'; details?: Record<string, unknown> }
  | { status: 'failed'; reason: RegExp; errorCode?: string }
  /** The check could not run (its own set-up, e.g. nothing to connect to): a test execution error. */
  | { status: 'error'; reason: RegExp }
  /** Cut at the deadline: rejected (the runner records timed_out) or failed with a timeout reason, within `withinMs`. */
  | { status: 'cut'; withinMs: number };

/** Asserts one scenario's outcome; returns a message describing the mismatch, or undefined. */
export function mismatch(run: CheckRun, expected: Expectation): string | undefined {
  const got = run.outcome ? `${run.outcome.status}: ${run.outcome.reason ?? ''} (${run.outcome.errorCode ?? '-'})` : `rejected: ${String(run.error)}`;
  switch (expected.status) {
    case 'passed':
      if (run.outcome?.status !== 'passed') return `expected passed, got ${got}`;
      for (const [k, v] of Object.entries(expected.details ?? {})) {
        if (JSON.stringify(run.outcome.details?.[k]) !== JSON.stringify(v)) return `expected details.${k}=${JSON.stringify(v)}, got ${JSON.stringify(run.outcome.details?.[k])}`;
      }
      return undefined;
    case 'failed':
      if (run.outcome?.status !== 'failed') return `expected failed, got ${got}`;
      if (!expected.reason.test(run.outcome.reason ?? '')) return `reason ${JSON.stringify(run.outcome.reason)} does not match ${expected.reason}`;
      if (expected.errorCode && run.outcome.errorCode !== expected.errorCode) return `expected errorCode ${expected.errorCode}, got ${run.outcome.errorCode}`;
      return undefined;
    case 'error':
      if (run.outcome?.status !== 'error') return `expected error, got ${got}`;
      if (!expected.reason.test(run.outcome.reason ?? '')) return `reason ${JSON.stringify(run.outcome.reason)} does not match ${expected.reason}`;
      return undefined;
    case 'cut': {
      const timedOutOutcome = run.outcome?.status === 'failed' && /no answer|timed? ?out/i.test(run.outcome.reason ?? '');
      if (!run.error && !timedOutOutcome) return `expected the deadline to cut the check, got ${got}`;
      if (run.error && (run.error as Error).name !== 'AbortError') return `rejected with something other than the deadline: ${String(run.error)}`;
      if (run.elapsedMs > expected.withinMs) return `cut after ${Math.round(run.elapsedMs)} ms, expected within ${expected.withinMs} ms`;
      return undefined;
    }
  }
}
