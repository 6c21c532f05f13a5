import * as z from 'zod';
import { DEFAULT_CHECK_TIMEOUT_SECONDS } from './defaults.js';

export const retryPolicy = z.union([
  z.number().int().min(0).max(20).describe('extra attempts after the first'),
  z.strictObject({
    attempts: z.number().int().min(0).max(20).describe('extra attempts after the first'),
    initial_delay_ms: z.number().int().min(0).optional(),
    max_delay_ms: z.number().int().min(0).optional(),
    factor: z.number().min(1).optional(),
  }),
]);
export type RetryPolicy = z.infer<typeof retryPolicy>;

/** Fields every check has, whatever its section and type. */
export function checkBaseShape(defaultTimeoutSeconds = DEFAULT_CHECK_TIMEOUT_SECONDS) {
  return {
    name: z.string().min(1),
    description: z.string().optional(),
    required: z.boolean().default(true).describe('a failure is critical when true, a warning when false'),
    timeout_seconds: z.number().positive().max(3600).default(defaultTimeoutSeconds),
    retries: retryPolicy.optional().describe('retries with exponential backoff and jitter, inside timeout_seconds'),
    depends_on: z.array(z.string().min(1)).optional().describe('checks that must pass first; otherwise this one is blocked'),
  };
}
