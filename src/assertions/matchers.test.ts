import { describe, expect, it } from 'vitest';
import type { Matcher } from '../config/http-schema.js';
import { applyMatcher } from './matchers.js';
import { statusMatches } from './status.js';

const at = (value: unknown) => ({ found: true, value });
const absent = { found: false, value: undefined };

describe('applyMatcher', () => {
  const cases: Array<[string, Matcher, { found: boolean; value: unknown }, boolean, string?]> = [
    ['literal equal', 'ok', at('ok'), true, '"ok"'],
    ['literal string vs number', 200, at('200'), true],
    ['literal differs', 'ok', at('down'), false],
    ['literal on absent', 'ok', absent, false],
    ['null literal', null, at(null), true],
    ['equals object', { equals: { a: 1 } }, at({ a: 1 }), true, '= {"a":1}'],
    ['not_equals', { not_equals: 'down' }, at('up'), true],
    ['not_equals on absent holds', { not_equals: 'down' }, absent, true],
    ['contains in string', { contains: 'ok' }, at('all ok'), true],
    ['contains in array', { contains: 'b' }, at(['a', 'b']), true],
    ['contains misses', { contains: 'x' }, at('abc'), false],
    ['matches', { matches: '^1\\.4\\.' }, at('1.4.2'), true, 'matches /^1\\.4\\./'],
    ['matches a number', { matches: '^2' }, at(200), true],
    ['exists true', { exists: true }, at(0), true, 'present'],
    ['exists false', { exists: false }, absent, true, 'absent'],
    ['exists true on absent', { exists: true }, absent, false],
    ['gt / lte range', { gt: 10, lte: 20 }, at(15), true, '> 10 and ≤ 20'],
    ['range missed', { gt: 10, lte: 20 }, at(25), false],
    ['numeric string compares', { gte: 3 }, at('3'), true],
    ['non-number fails a comparison', { lt: 5 }, at('abc'), false],
    ['one_of', { one_of: ['UP', 'OK'] }, at('OK'), true, 'one of ["UP","OK"]'],
    ['one_of misses', { one_of: ['UP'] }, at('DOWN'), false],
  ];
  it.each(cases)('%s', (_name, matcher, observed, passed, words) => {
    const out = applyMatcher(matcher, observed);
    expect(out.passed).toBe(passed);
    if (words) expect(out.expected).toBe(words);
  });
});

describe('statusMatches', () => {
  it.each([
    [200, 200, true],
    ['2xx', 204, true],
    ['2XX', 204, true],
    ['20x', 201, true],
    ['20x', 210, false],
    ['5xx', 499, false],
    [[200, '3xx'], 302, true],
    [[200, '3xx'], 404, false],
  ] as const)('%j accepts %i: %s', (expected, status, ok) => {
    expect(statusMatches(expected as Parameters<typeof statusMatches>[0], status)).toBe(ok);
  });
});
