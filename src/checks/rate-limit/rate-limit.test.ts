import { afterEach, describe, expect, it } from 'vitest';
import { checkOptionProblems, checkOptions } from '../../../test/helpers/check-options.js';
import { testContext } from '../../../test/helpers/check-context.js';
import { startHttpTarget } from '../../../test/helpers/http-target.js';
import { startRateLimitedServer, type RateLimitedServerOptions } from '../../../test/helpers/rate-limited-server.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import type { CheckOutcome } from '../../core/types.js';
import { rateLimit, runRateLimit, type RateLimitOptions } from './rate-limit.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function runAgainst(server: RateLimitedServerOptions, entry: Record<string, unknown>, timeoutMs = 5_000) {
  const s = await startRateLimitedServer(server);
  cleanups.push(() => s.close());
  const ctx = testContext({ timeoutMs });
  cleanups.push(() => ctx.dispose());
  const out = await rateLimit.run(checkOptions(rateLimit, { url: `${s.url}/api/items`, ...entry }), ctx);
  return { out, received: s.received() };
}

interface Scenario {
  name: string;
  server: RateLimitedServerOptions;
  entry: Record<string, unknown>;
  status: CheckOutcome['status'];
  reason: RegExp;
  details?: Record<string, unknown>;
  /** Most requests the server may have received (the burst must stop). */
  maxReceived?: number;
}

const limited: RateLimitedServerOptions = { capacity: 10, refillPerSecond: 1 };

const burst: Scenario[] = [
  { name: 'limit engages at request 11, one at a time', server: limited, entry: { mode: 'burst', requests: 50, concurrency: 1, expect_limited_after: 20 }, status: 'passed', reason: /^the limit engaged at request 11, Retry-After 1 s \(.* req\/s; 200×10, 429×1\)$/, details: { limitedAtRequest: 11, requestsSent: 11, stoppedBy: 'limited', retryAfterSeconds: 1, statusCounts: { 200: 10, 429: 1 }, rateLimitHeaders: { format: 'ietf-structured', limit: 10, remaining: 0 } }, maxReceived: 11 },
  { name: 'concurrent burst stops soon after the first 429', server: { ...limited, delayMs: 20 }, entry: { mode: 'burst', requests: 100, concurrency: 5, expect_limited_after: 15 }, status: 'passed', reason: /^the limit engaged at request ([89]|1[0-5]),/, maxReceived: 15 },
  { name: 'limit engages later than expected', server: limited, entry: { mode: 'burst', requests: 50, concurrency: 1, expect_limited_after: 5 }, status: 'failed', reason: /^the limit engaged only at request 11, expected by request 5 \(200×10, 429×1\)$/ },
  { name: 'unlimited server', server: { ...limited, unlimited: true }, entry: { mode: 'burst', requests: 30, concurrency: 3 }, status: 'failed', reason: /^no 429 was seen within 30 requests at [\d.]+ req\/s: 200×30$/, details: { requestsSent: 30, stoppedBy: 'completed' }, maxReceived: 30 },
  { name: '429 without Retry-After', server: { ...limited, retryAfter: false }, entry: { mode: 'burst', requests: 20, concurrency: 1 }, status: 'failed', reason: /^1 of 1 answers 429 carry no Retry-After header$/ },
  { name: '429 without Retry-After, allowed', server: { ...limited, retryAfter: false }, entry: { mode: 'burst', requests: 20, concurrency: 1, require_retry_after: false }, status: 'passed', reason: /^the limit engaged at request 11 \(/ },
  { name: '5xx during the burst', server: { ...limited, unlimited: true, failEvery: 4 }, entry: { mode: 'burst', requests: 20, concurrency: 2 }, status: 'failed', reason: /^5 of 20 requests answered 5xx during the burst \(200×15, 503×5\)/ },
  { name: 'requests capped by max_requests_cap', server: { ...limited, unlimited: true }, entry: { mode: 'burst', requests: 500, max_requests_cap: 25, concurrency: 5 }, status: 'failed', reason: /^no 429 was seen within 25 requests/, details: { requestsPlanned: 25, capped: true }, maxReceived: 25 },
  { name: 'default cap is 200', server: { ...limited, unlimited: true }, entry: { mode: 'burst', requests: 1000, concurrency: 16 }, status: 'failed', reason: /^no 429 was seen within 200 requests/, maxReceived: 200 },
  { name: 'keeps sending after the limit when asked', server: limited, entry: { mode: 'burst', requests: 30, concurrency: 1, stop_when_limited: false }, status: 'passed', reason: /200×10, 429×20/, maxReceived: 30 },
  { name: 'burst bounded by the deadline', server: { ...limited, unlimited: true, delayMs: 100 }, entry: { mode: 'burst', requests: 200, concurrency: 1 }, status: 'failed', reason: /^no 429 was seen within \d+ requests .*\(the burst stopped at the check's deadline after \d+ ms, 200 planned\)/, details: { stoppedBy: 'time' }, maxReceived: 15 },
];

const headers: Scenario[] = [
  { name: 'IETF structured headers', server: limited, entry: {}, status: 'passed', reason: /^rate-limit headers: policy "default", limit 10, remaining 9, reset in 1 s, window 10 s \(ietf-structured\)$/ },
  { name: 'IETF draft-07 dictionary', server: { ...limited, headerStyle: 'ietf-dictionary' }, entry: { mode: 'headers' }, status: 'passed', reason: /limit 10, remaining 9, .*\(ietf-dictionary\)$/ },
  { name: 'IETF separate headers', server: { ...limited, headerStyle: 'ietf-separate' }, entry: {}, status: 'passed', reason: /limit 10, remaining 9, reset in 1 s \(ietf-separate\)$/ },
  { name: 'X-RateLimit headers', server: { ...limited, headerStyle: 'x-ratelimit' }, entry: {}, status: 'passed', reason: /limit 10, remaining 9, reset in [01] s \(x-ratelimit\)$/ },
  { name: 'no headers at all', server: { ...limited, headerStyle: 'none' }, entry: {}, status: 'failed', reason: /^no rate-limit headers in the 200 answer from http:\/\/127\.0\.0\.1:\d+\/api\/items/ },
  { name: 'headers mode sends one request', server: limited, entry: { mode: 'headers', requests: 100 }, status: 'passed', reason: /remaining 9/, maxReceived: 1 },
];

describe('rate_limit check', () => {
  it.each([...burst.map((s) => ({ ...s, name: `burst: ${s.name}` })), ...headers.map((s) => ({ ...s, name: `headers: ${s.name}` }))])('$name', async (s) => {
    const { out, received } = await runAgainst(s.server, s.entry, s.name.includes('deadline') ? 1_500 : 5_000);
    expect(out.status, out.reason).toBe(s.status);
    expect(out.status === 'passed' ? out.summary : out.reason).toMatch(s.reason);
    if (s.status === 'passed') expect(out.reason).toBeUndefined();
    if (s.details) expect(out.details).toMatchObject(s.details);
    if (s.maxReceived !== undefined) expect(received).toBeLessThanOrEqual(s.maxReceived);
  });

  it('wrong credentials: every answer 401, the reason shows it', async () => {
    const target = await startHttpTarget({ '/api/items': { status: 401, body: { error: 'unauthorized' } } });
    cleanups.push(() => target.close());
    const ctx = testContext();
    cleanups.push(() => ctx.dispose());
    const out = await rateLimit.run(checkOptions(rateLimit, { url: `${target.url}/api/items`, mode: 'burst', requests: 10, headers: { authorization: 'Bearer wrong-token' } }), ctx);
    expect(out).toMatchObject({ status: 'failed', errorCode: 'RATE_LIMIT_NOT_ENGAGED' });
    expect(out.reason).toMatch(/no 429 was seen within 10 requests .*: 401×10$/);
  });

  it.each(['burst', 'headers'])('nothing listening (%s): connection refused', async (mode) => {
    const port = await closedPort();
    const ctx = testContext();
    cleanups.push(() => ctx.dispose());
    const out = await rateLimit.run(checkOptions(rateLimit, { url: `http://127.0.0.1:${port}/api`, mode, requests: 5 }), ctx);
    expect(out).toMatchObject({ status: 'failed', errorCode: 'ECONNREFUSED', reason: `connection refused at http://127.0.0.1:${port}/api` });
  });

  it('accepts and stays silent, headers mode: cut at the timeout', async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const ctx = testContext({ timeoutMs: 700 });
    cleanups.push(() => ctx.dispose());
    const started = Date.now();
    await expect(rateLimit.run(checkOptions(rateLimit, { url: `${silent.url('http')}/api` }), ctx)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(700 + 1000);
  });

  it('accepts and stays silent, burst mode: stops before the timeout, saying nothing answered', async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const ctx = testContext({ timeoutMs: 1_000 });
    cleanups.push(() => ctx.dispose());
    const started = Date.now();
    const out = await rateLimit.run(checkOptions(rateLimit, { url: `${silent.url('http')}/api`, mode: 'burst', requests: 20, concurrency: 4 }), ctx);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(out).toMatchObject({ status: 'failed', errorCode: 'NO_ANSWER' });
    expect(out.reason).toMatch(/^no answer to any of 4 requests within \d+ ms$/);
  });

  it('runRateLimit takes the same options, for critical-path steps', async () => {
    const s = await startRateLimitedServer({ capacity: 3, refillPerSecond: 1 });
    cleanups.push(() => s.close());
    const ctx = testContext({ baseUrl: s.url });
    cleanups.push(() => ctx.dispose());
    const opts = checkOptions(rateLimit, { endpoint: '/api', mode: 'burst', requests: 10, concurrency: 1 }) as unknown as RateLimitOptions;
    const out = await runRateLimit(opts, ctx);
    expect(out).toMatchObject({ status: 'passed', details: { limitedAtRequest: 4 } });
  });

  it('config: defaults and bad values', () => {
    expect(checkOptions(rateLimit, { endpoint: '/api' })).toMatchObject({ mode: 'headers', requests: 50, concurrency: 5, max_requests_cap: 200, require_retry_after: true, stop_when_limited: true });
    expect(checkOptionProblems(rateLimit, { endpoint: '/api', mode: 'flood', concurrency: 0 }).map((p) => p.split(':')[0])).toEqual(['mode', 'concurrency']);
  });
});
