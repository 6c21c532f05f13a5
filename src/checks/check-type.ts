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

/** A passing check's summary when the server said its version ("Redis 7.2.4"); nothing otherwise. */
export function serverSummary(product: string, version: unknown): string | undefined {
  return typeof version === 'string' && version ? `${product} ${version}` : undefined;
}

/**
 * What config needs of a check type: its name, its one-line description and its options. The
 * options are built on first use (`shape()`, then kept): zod schemas cost at construction, and a
 * config builds only the types it uses. Lives in the type's `options.ts`, apart from its
 * implementation, which the registry loads only when a check of the type runs.
 */
export interface CheckOptionsDef<S extends z.ZodRawShape = z.ZodRawShape> {
  type: string;
  description: string;
  shape(): S;
}

export function defineCheckOptions<S extends z.ZodRawShape>(def: CheckOptionsDef<S>): CheckOptionsDef<S> {
  let built: S | undefined;
  return { type: def.type, description: def.description, shape: () => (built ??= def.shape()) };
}

/**
 * Declares a check type from its options and its `run`, with options typed from the shape; the
 * registry stores it erased. Usage (implementation module):
 * `export const tcp = defineCheck({ ...tcpOptions, run(opts, ctx) {…} })`.
 */
export function defineCheck<S extends z.ZodRawShape>(def: CheckOptionsDef<S> & {
  run(options: z.infer<z.ZodObject<S>> & CommonCheckOptions, ctx: CheckContext): Promise<CheckOutcome>;
}): CheckType {
  return checkTypeOf(def, def.run as CheckType['run']);
}

/** A CheckType whose `options` are the shape, built when first read. */
export function checkTypeOf(def: CheckOptionsDef, run: CheckType['run']): CheckType {
  return {
    type: def.type,
    description: def.description,
    get options() {
      return def.shape();
    },
    run,
  };
}
