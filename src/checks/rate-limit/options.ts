import * as z from 'zod';
import { httpRequestShape } from '../../config/http-schema.js';
import { defineCheckOptions } from '../check-type.js';

export const DEFAULT_RATE_LIMIT_REQUESTS = 50;
export const DEFAULT_RATE_LIMIT_CONCURRENCY = 5;
/** The most requests a burst may send, whatever `requests` says: this runs against production. */
export const DEFAULT_MAX_REQUESTS_CAP = 200;

/** The options of a rate-limit verification; also usable by a critical-path step. Built on first use, then kept. */
let shape: ReturnType<typeof buildRateLimitShape> | undefined;
export function rateLimitShape(): ReturnType<typeof buildRateLimitShape> {
  return (shape ??= buildRateLimitShape());
}

function buildRateLimitShape() {
  const { endpoint, url, method, headers, payload, body, form, insecure_tls, ca_file } = httpRequestShape;
  return {
    endpoint,
    url,
    method,
    headers,
    payload,
    body,
    form,
    insecure_tls,
    ca_file,
    mode: z.enum(['headers', 'burst']).default('headers')
      .describe('headers: one request must carry rate-limit headers; burst: many requests must meet a 429'),
    requests: z.number().int().min(1).default(DEFAULT_RATE_LIMIT_REQUESTS).describe('burst: requests to send at most (capped by max_requests_cap)'),
    concurrency: z.number().int().min(1).max(64).default(DEFAULT_RATE_LIMIT_CONCURRENCY).describe('burst: requests in flight at once'),
    expect_limited_after: z.number().int().min(1).optional().describe('burst: the first 429 must come no later than this request'),
    max_requests_cap: z.number().int().min(1).max(10_000).default(DEFAULT_MAX_REQUESTS_CAP),
    require_retry_after: z.boolean().default(true).describe('burst: 429 answers must carry Retry-After'),
    stop_when_limited: z.boolean().default(true).describe('burst: stop sending at the first 429'),
  };
}

export type RateLimitOptions = z.infer<z.ZodObject<ReturnType<typeof rateLimitShape>>>;

/** The rate_limit check's options: what config validates (the implementation is ./rate-limit.ts, loaded when a check runs). */
export const rateLimitOptions = defineCheckOptions({
  type: 'rate_limit',
  description: 'rate limiting: rate-limit headers on one answer, or a bounded burst that must meet a 429 with Retry-After',
  shape: rateLimitShape,
});
