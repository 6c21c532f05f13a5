import type { StatusExpectation } from '../config/http-schema.js';
import type { AssertionResult } from '../core/types.js';

/** True when `status` matches 200, "2xx", "20x" or any of a list of those. */
export function statusMatches(expected: StatusExpectation, status: number): boolean {
  const patterns = Array.isArray(expected) ? expected : [expected];
  return patterns.some((p) => {
    if (typeof p === 'number') return p === status;
    const s = String(status);
    return p.length === 3 && [...p.toLowerCase()].every((c, i) => c === 'x' || c === s[i]);
  });
}

/**
 * What a status assertion expected: one code stays a number (reports then say `expected 200`, not
 * `expected "200"`, also when the config wrote "200"); patterns and lists are words ("2xx", "200 or 204").
 */
export function describeStatusExpectation(expected: StatusExpectation): string | number {
  const patterns = Array.isArray(expected) ? expected : [expected];
  if (patterns.length === 1 && /^\d{3}$/.test(String(patterns[0]))) return Number(patterns[0]);
  return patterns.map(String).join(' or ');
}

export function assertStatus(expected: StatusExpectation, status: number): AssertionResult {
  return { name: 'status', expected: describeStatusExpectation(expected), actual: status, passed: statusMatches(expected, status) };
}
