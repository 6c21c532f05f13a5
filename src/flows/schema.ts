import * as z from 'zod';
import { checkBaseShape } from '../config/check-base.js';
import { DEFAULT_PATH_TIMEOUT_SECONDS } from '../config/defaults.js';
import { httpRequestShape } from '../config/http-schema.js';
import { rateLimitShape } from '../checks/rate-limit/options.js';

/** Where a captured value comes from. A bare string is a JSONPath into the body. */
export const captureSpec = z.union([
  z.string().regex(/^\$/, 'a JSONPath starting with $'),
  z.strictObject({ json: z.string().regex(/^\$/, 'a JSONPath starting with $') }),
  z.strictObject({ header: z.string().min(1) }),
  z.strictObject({ cookie: z.string().min(1) }),
  z.strictObject({ regex: z.string().min(1).describe('the first group (or the whole match) of this pattern in the body') }),
]);
export type CaptureSpec = z.infer<typeof captureSpec>;

export const CAPTURE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const httpStepSchema = z.strictObject({
  name: z.string().optional(),
  ...httpRequestShape,
  capture: z.record(z.string().regex(CAPTURE_NAME, 'a variable name'), captureSpec).optional()
    .describe('variables for later steps: {"token": "$.access_token", "sid": {"cookie": "session"}}'),
});
export type HttpStepConfig = z.infer<typeof httpStepSchema>;

/**
 * A step is an HTTP request, or — with `rate_limit` — a rate-limit verification (e.g. after a
 * login, with its session cookie). One object shape rather than a union, so that a wrong field
 * is reported as itself, not as "no variant matched".
 */
export const stepSchema = httpStepSchema.extend({
  rate_limit: z.strictObject(rateLimitShape()).optional().describe('verify rate limiting here instead of making one request (see the rate_limit check type)'),
});
export type StepConfig = z.infer<typeof stepSchema>;
export type RateLimitStepConfig = StepConfig & { rate_limit: NonNullable<StepConfig['rate_limit']> };

export function isRateLimitStep(step: StepConfig): step is RateLimitStepConfig {
  return step.rate_limit !== undefined;
}

/** HTTP fields that mean nothing on a rate_limit step (its request lives inside rate_limit). */
export const HTTP_ONLY_STEP_FIELDS = ['endpoint', 'url', 'headers', 'payload', 'body', 'form', 'expected_status', 'required_status', 'expect', 'capture', 'insecure_tls', 'ca_file'] as const;

export const criticalPathSchema = z.strictObject({
  ...checkBaseShape(DEFAULT_PATH_TIMEOUT_SECONDS),
  steps: z.array(stepSchema).min(1),
  cleanup: z.array(httpStepSchema).optional().describe('steps that always run after the path, e.g. delete what it created'),
});
export type CriticalPathConfig = z.infer<typeof criticalPathSchema>;
