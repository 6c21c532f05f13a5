import type { z } from 'zod';
import type { CheckOutcome } from '../core/types.js';

/** Fields every check has, whatever its type (validated by the config schema). */
export interface CommonCheckOptions {
  name: string;
  type: string;
  required: boolean;
  timeout_seconds: number;
}

export type { CheckContext, StepProgress } from '../core/check-context.js';
import type { CheckContext } from '../core/check-context.js';

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
/** A passing check's summary when the server said its version ("Redis 7.2.4"); nothing otherwise. */
export function serverSummary(product: string, version: unknown): string | undefined {
  return typeof version === 'string' && version ? `${product} ${version}` : undefined;
}

export function defineCheck<S extends z.ZodRawShape>(def: {
  type: string;
  description: string;
  options: S;
  run(options: z.infer<z.ZodObject<S>> & CommonCheckOptions, ctx: CheckContext): Promise<CheckOutcome>;
}): CheckType {
  return def as unknown as CheckType;
}
