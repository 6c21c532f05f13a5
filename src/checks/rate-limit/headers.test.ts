import { describe, expect, it } from 'vitest';
import { describeRateLimit, parseRateLimitHeaders, parseRetryAfter, type RateLimitInfo } from './headers.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('parseRateLimitHeaders', () => {
  const cases: Array<{ name: string; headers: Record<string, string>; expected: Partial<RateLimitInfo> | undefined }> = [
    { name: 'IETF draft-08+ structured list', headers: { ratelimit: '"default";r=50;t=30', 'ratelimit-policy': '"default";q=100;w=60' }, expected: { format: 'ietf-structured', policy: 'default', limit: 100, remaining: 50, reset: 30, window: 60 } },
    { name: 'structured, RateLimit alone', headers: { ratelimit: '"burst";r=0;t=2' }, expected: { format: 'ietf-structured', policy: 'burst', remaining: 0, reset: 2 } },
    { name: 'structured, two policies: the first is reported', headers: { ratelimit: '"day";r=900;t=3600, "minute";r=5;t=20', 'ratelimit-policy': '"day";q=1000;w=86400, "minute";q=10;w=60' }, expected: { policy: 'day', limit: 1000, remaining: 900, window: 86400 } },
    { name: 'IETF draft-07 dictionary', headers: { ratelimit: 'limit=100, remaining=50, reset=30', 'ratelimit-policy': '100;w=60' }, expected: { format: 'ietf-dictionary', limit: 100, remaining: 50, reset: 30, window: 60 } },
    { name: 'IETF drafts 00-06, separate headers', headers: { 'ratelimit-limit': '100, 100;w=60', 'ratelimit-remaining': '7', 'ratelimit-reset': '12' }, expected: { format: 'ietf-separate', limit: 100, remaining: 7, reset: 12 } },
    { name: 'X-RateLimit with a delta reset', headers: { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': '30' }, expected: { format: 'x-ratelimit', limit: 60, remaining: 59, reset: 30 } },
    { name: 'X-RateLimit with an epoch reset (GitHub)', headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(NOW / 1000 + 1800) }, expected: { format: 'x-ratelimit', limit: 5000, reset: 1800 } },
    { name: 'no rate-limit headers', headers: { 'content-type': 'application/json' }, expected: undefined },
    { name: 'unreadable values only', headers: { ratelimit: 'garbage' }, expected: undefined },
  ];
  it.each(cases)('$name', ({ headers, expected }) => {
    const info = parseRateLimitHeaders(headers, NOW);
    if (expected === undefined) expect(info).toBeUndefined();
    else expect(info).toMatchObject(expected);
  });

  it('keeps the raw headers and describes them', () => {
    const info = parseRateLimitHeaders({ ratelimit: '"default";r=50;t=30', 'ratelimit-policy': '"default";q=100;w=60' })!;
    expect(info.raw).toEqual({ ratelimit: '"default";r=50;t=30', 'ratelimit-policy': '"default";q=100;w=60' });
    expect(describeRateLimit(info)).toBe('policy "default", limit 100, remaining 50, reset in 30 s, window 60 s (ietf-structured)');
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120],
    [' 3 ', 3],
    ['Fri, 27 Nov 2026 12:00:30 GMT', 30],
    ['Fri, 27 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('%s → %s', (value, seconds) => {
    expect(parseRetryAfter(value, NOW)).toBe(seconds);
  });
});
