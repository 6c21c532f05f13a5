import type { Expectation, StatusExpectation } from '../config/http-schema.js';
import type { AssertionResult } from '../core/types.js';
import { headerValue, parseJsonBody, type HttpResponse } from '../util/http.js';
import { queryJson } from './jsonpath.js';
import { applyMatcher } from './matchers.js';
import { assertStatus } from './status.js';

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every assertion on one response: status first, then the `expect` block. */
export async function assertResponse(res: HttpResponse, status: StatusExpectation, expect: Expectation | undefined): Promise<AssertionResult[]> {
  const results: AssertionResult[] = [assertStatus(status, res.status)];
  if (!expect) return results;
  if (expect.json) {
    const doc = parseJsonBody(res);
    for (const [path, matcher] of Object.entries(expect.json)) {
      const observed = await queryJson(doc, path);
      const outcome = applyMatcher(matcher, observed);
      results.push({ name: `json ${path}`, expected: outcome.expected, actual: doc === undefined ? `(${res.bodyProblem ?? 'body is not JSON'})` : observed.error ? `(${observed.error})` : observed.found ? observed.value : '(absent)', passed: outcome.passed });
    }
  }
  if (expect.headers) {
    for (const [name, matcher] of Object.entries(expect.headers)) {
      const value = headerValue(res.headers, name);
      const outcome = applyMatcher(matcher, { found: value !== undefined, value });
      results.push({ name: `header ${name}`, expected: outcome.expected, actual: value ?? '(absent)', passed: outcome.passed });
    }
  }
  for (const needle of asList(expect.body_contains)) {
    results.push({ name: 'body contains', expected: needle, actual: res.body.includes(needle) ? needle : '(not found)', passed: res.body.includes(needle) });
  }
  for (const needle of asList(expect.body_not_contains)) {
    const found = res.body.includes(needle);
    results.push({ name: 'body does not contain', expected: needle, actual: found ? '(found)' : '(not found)', passed: !found });
  }
  if (expect.body_matches) {
    const ok = new RegExp(expect.body_matches).test(res.body);
    results.push({ name: 'body matches', expected: `/${expect.body_matches}/`, actual: ok ? '(matched)' : '(no match)', passed: ok });
  }
  if (expect.max_latency_ms !== undefined) {
    results.push({ name: 'latency', expected: `≤ ${expect.max_latency_ms} ms`, actual: `${res.durationMs} ms`, passed: res.durationMs <= expect.max_latency_ms });
  }
  return results;
}

/** "expected status 200, got 503" style summary of the failed assertions. */
export function describeFailedAssertions(results: AssertionResult[]): string {
  return results
    .filter((r) => !r.passed)
    .map((r) => (r.name === 'status' ? `returned ${String(r.actual)} (expected ${String(r.expected)})` : `${r.name}: expected ${String(r.expected)}, got ${typeof r.actual === 'string' ? r.actual : JSON.stringify(r.actual)}`))
    .join('; ');
}
