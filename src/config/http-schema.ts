import * as z from 'zod';

/** 200, "2xx", "20x" or a list of those. */
export const statusPattern = z.union([
  z.number().int().min(100).max(599),
  z.string().regex(/^[1-5](\d\d|\dx|xx)$/i, 'a status like 200, "2xx" or "20x"'),
]);
export const statusExpectation = z.union([statusPattern, z.array(statusPattern).min(1)]);
export type StatusExpectation = z.infer<typeof statusExpectation>;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** An expected value: a literal (equality) or an operator object. */
export const matcher = z.union([
  scalar,
  z.strictObject({
    equals: z.unknown().optional(),
    not_equals: z.unknown().optional(),
    contains: z.string().optional(),
    matches: z.string().optional().describe('a regular expression'),
    exists: z.boolean().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    one_of: z.array(z.unknown()).optional(),
  }),
]);
export type Matcher = z.infer<typeof matcher>;

/** Assertions on a response beyond its status. */
export const expectation = z.strictObject({
  json: z.record(z.string().regex(/^\$/, 'a JSONPath starting with $'), matcher).optional()
    .describe('JSONPath → expected value, e.g. {"$.version": "${EXPECTED_VERSION}"}'),
  headers: z.record(z.string(), matcher).optional(),
  body_contains: z.union([z.string(), z.array(z.string())]).optional(),
  body_not_contains: z.union([z.string(), z.array(z.string())]).optional(),
  body_matches: z.string().optional().describe('a regular expression the body must match'),
  max_latency_ms: z.number().positive().optional(),
});
export type Expectation = z.infer<typeof expectation>;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** What an HTTP request is made of; shared by health checks, `http` dependencies and path steps. */
export const httpRequestShape = {
  endpoint: z.string().min(1).optional().describe('a path joined to base_url ("/health") or an absolute URL'),
  url: z.string().min(1).optional().describe('an absolute URL (alternative to endpoint)'),
  method: z.enum(HTTP_METHODS).default('GET'),
  headers: z.record(z.string(), z.string()).optional(),
  payload: z.unknown().optional().describe('a JSON body'),
  body: z.string().optional().describe('a raw body'),
  form: z.record(z.string(), z.string()).optional().describe('an application/x-www-form-urlencoded body'),
  expected_status: statusExpectation.optional(),
  required_status: statusExpectation.optional().describe('the seed\'s name for expected_status'),
  expect: expectation.optional(),
  follow_redirects: z.boolean().optional().describe('follow 3xx redirects (up to 5): default true for health checks and http dependencies, false for path steps'),
  body_status: z.enum(['judge', 'ignore']).optional().describe('an application/health+json body\'s own status: "fail" fails the check, "warn" warns (judge, the default) or is not read (ignore)'),
  insecure_tls: z.boolean().optional().describe('skip TLS certificate verification'),
  ca_file: z.string().optional().describe('PEM file of extra certificate authorities'),
};

export const httpRequest = z.strictObject(httpRequestShape);
export type HttpRequestOptions = z.infer<typeof httpRequest>;
