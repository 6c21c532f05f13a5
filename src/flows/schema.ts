import { z } from 'zod';
import { checkBaseShape } from '../config/check-base.js';
import { DEFAULT_PATH_TIMEOUT_SECONDS } from '../config/defaults.js';
import { httpRequestShape } from '../config/http-schema.js';

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

export const stepSchema = z.strictObject({
  name: z.string().optional(),
  ...httpRequestShape,
  capture: z.record(z.string().regex(CAPTURE_NAME, 'a variable name'), captureSpec).optional()
    .describe('variables for later steps: {"token": "$.access_token", "sid": {"cookie": "session"}}'),
});
export type StepConfig = z.infer<typeof stepSchema>;

export const criticalPathSchema = z.strictObject({
  ...checkBaseShape(DEFAULT_PATH_TIMEOUT_SECONDS),
  steps: z.array(stepSchema).min(1),
  cleanup: z.array(stepSchema).optional().describe('steps that always run after the path, e.g. delete what it created'),
});
export type CriticalPathConfig = z.infer<typeof criticalPathSchema>;
