import { describe, expect, it } from 'vitest';
import { checkLimit, parseLedger, recordAttempt, type AttemptLedger } from './attempts.js';

const at = '2026-11-27T14:32:35.000Z';
const once = recordAttempt({ failed: {} }, 'bad', 'good', { runId: 'r1', at });

describe('attempt ledger', () => {
  it.each<[string, AttemptLedger, string, string | undefined, number, boolean, RegExp?]>([
    ['first rollback of a version', { failed: {} }, 'bad', 'good', 1, true],
    ['limit reached for the failed version', once, 'bad', 'older', 1, false, /already rolled back 1 time/],
    ['limit not reached with max 2', recordAttempt({ failed: {} }, 'bad', undefined, { runId: 'r1', at }), 'bad', 'good', 2, true],
    ['never from the version smokeguard rolled back to (re-run of the hook)', once, 'good', 'bad', 5, false, /smokeguard rolled back to/],
    ['never to a version that failed before', { failed: { bad: { attempts: 1, last: at, runId: 'r0' } } }, 'new', 'bad', 5, false, /itself failed smoke tests/],
    ['max 0 switches rollback off', { failed: {} }, 'bad', 'good', 0, false, /switched off/],
  ])('%s', (_name, ledger, from, to, max, allowed, reason) => {
    const v = checkLimit(ledger, from, to, max);
    expect(v.allowed).toBe(allowed);
    if (reason && !v.allowed) expect(v.reason).toMatch(reason);
  });

  it('attempts older than countSince do not count (no version known)', () => {
    expect(checkLimit(once, 'bad', undefined, 1, undefined, '2026-11-27T15:00:00.000Z').allowed).toBe(true);
    expect(checkLimit(once, 'bad', undefined, 1, undefined, '2026-11-27T14:00:00.000Z').allowed).toBe(false);
  });

  it('round-trips through the annotation text, and a broken one starts fresh', () => {
    expect(parseLedger(JSON.stringify(once))).toEqual(once);
    expect(parseLedger('{not json')).toEqual({ failed: {} });
    expect(recordAttempt(once, 'bad', 'good', { runId: 'r2', at }).failed.bad.attempts).toBe(2);
  });
});
