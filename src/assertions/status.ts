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

export function describeStatusExpectation(expected: StatusExpectation): string {
  return (Array.isArray(expected) ? expected : [expected]).map(String).join(' or ');
}

export function assertStatus(expected: StatusExpectation, status: number): AssertionResult {
  return { name: 'status', expected: describeStatusExpectation(expected), actual: status, passed: statusMatches(expected, status) };
}
