import { isDeepStrictEqual } from 'node:util';
import type { Matcher } from '../config/http-schema.js';

const OPERATORS = ['equals', 'not_equals', 'contains', 'matches', 'exists', 'gt', 'gte', 'lt', 'lte', 'one_of'] as const;

/** A value found (or not) at a JSONPath or header. */
export interface Observed {
  found: boolean;
  value: unknown;
  /** Why the value could not be looked up at all (an unusable JSONPath), as opposed to absent. */
  error?: string;
}

export interface MatchOutcome {
  passed: boolean;
  /** What was expected, in words, for the report. */
  expected: string;
}

/** Literal scalars compare loosely across types, so `"200"` matches `200` and "1.2" matches "1.2". */
function looseEquals(actual: unknown, expected: unknown): boolean {
  if (isDeepStrictEqual(actual, expected)) return true;
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return scalar(actual) && scalar(expected) && String(actual) === String(expected);
}

function asNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Applies one matcher; every operator in an operator object must hold. */
export function applyMatcher(matcher: Matcher, observed: Observed): MatchOutcome {
  if (matcher === null || typeof matcher !== 'object') {
    return { passed: observed.found && looseEquals(observed.value, matcher), expected: JSON.stringify(matcher) };
  }
  const words: string[] = [];
  let passed = true;
  const check = (ok: boolean, word: string) => {
    words.push(word);
    if (!ok) passed = false;
  };
  for (const op of OPERATORS) {
    if (!(op in matcher)) continue;
    const want = (matcher as Record<string, unknown>)[op];
    const v = observed.value;
    switch (op) {
      case 'exists':
        check(observed.found === want, want ? 'present' : 'absent');
        break;
      case 'equals':
        check(observed.found && looseEquals(v, want), `= ${JSON.stringify(want)}`);
        break;
      case 'not_equals':
        check(!observed.found || !looseEquals(v, want), `≠ ${JSON.stringify(want)}`);
        break;
      case 'contains':
        check(observed.found && (typeof v === 'string' ? v.includes(String(want)) : Array.isArray(v) && v.some((x) => looseEquals(x, want))), `contains ${JSON.stringify(want)}`);
        break;
      case 'matches':
        check(observed.found && new RegExp(String(want)).test(typeof v === 'string' ? v : JSON.stringify(v)), `matches /${String(want)}/`);
        break;
      case 'one_of':
        check(observed.found && (want as unknown[]).some((w) => looseEquals(v, w)), `one of ${JSON.stringify(want)}`);
        break;
      default: {
        const n = asNumber(v);
        const limit = want as number;
        const cmp = { gt: (a: number) => a > limit, gte: (a: number) => a >= limit, lt: (a: number) => a < limit, lte: (a: number) => a <= limit }[op];
        const sym = { gt: '>', gte: '≥', lt: '<', lte: '≤' }[op];
        check(observed.found && n !== undefined && cmp(n), `${sym} ${limit}`);
      }
    }
  }
  return { passed, expected: words.join(' and ') || 'anything' };
}
