import { describe, expect, it } from 'vitest';
import { initialWindow, nextWindow, type IntervalOutcome, type WindowState } from './judge.js';

const LIMITS = { failureLimit: 3, consecutiveFailures: 2, consecutiveErrorLimit: 3 };
const codes: Record<string, IntervalOutcome> = { '.': 'passed', w: 'warning', X: 'failed', e: 'error' };

/** Feeds a window a string of outcomes (`.` passed, `w` warning, `X` failed, `e` error). */
function judge(series: string, limits = LIMITS): WindowState & { at: number } {
  let state = initialWindow();
  let at = 0;
  for (const ch of series) {
    if (state.status !== 'running') break;
    state = nextWindow(state, codes[ch]!, limits);
    at++;
  }
  return { ...state, at };
}

describe('the window, judged as Argo and Flagger judge theirs', () => {
  const table: Array<{ name: string; series: string; status: WindowState['status']; at?: number; reason?: RegExp }> = [
    { name: 'all healthy', series: '..........', status: 'running', at: 10 },
    { name: 'healthy 3 intervals, then failing: stops at the 2nd failure in a row', series: '...XXXXX', status: 'failed', at: 5, reason: /^2 failed intervals in a row \(consecutive_failures 2\)$/ },
    { name: 'flapping: never 2 in a row, the 3rd failure in total', series: '.X.X.X.X', status: 'failed', at: 6, reason: /^3 failed intervals in total \(failure_limit 3\)$/ },
    { name: 'warnings (optional checks) are not failures and break a streak', series: 'XwXwwww', status: 'running', at: 7 },
    { name: 'measuring errors never fail the window; 3 in a row end it inconclusive', series: '.eee...', status: 'inconclusive', at: 4, reason: /could not measure in 3 intervals in a row \(consecutive_error_limit 3\)/ },
    { name: 'an error between two failures neither breaks nor extends the streak', series: 'XeX', status: 'failed', at: 3, reason: /2 failed intervals in a row/ },
    { name: 'errors interleaved with passes never add up', series: 'ee.ee.ee.', status: 'running', at: 9 },
  ];
  for (const row of table) {
    it(row.name, () => {
      const got = judge(row.series);
      expect(got.status).toBe(row.status);
      if (row.at !== undefined) expect(got.at).toBe(row.at);
      if (row.reason) expect(got.reason).toMatch(row.reason);
    });
  }

  it('counts failures and errors apart', () => {
    expect(judge('.Xe.e')).toMatchObject({ intervals: 5, failed: 1, errors: 2, consecutiveFailed: 0, consecutiveErrors: 1 });
  });

  it('a finished window does not change', () => {
    const failed = judge('XX');
    expect(nextWindow(failed, 'passed', LIMITS)).toBe(failed);
  });
});

describe('watch config', () => {
  it('watch.checks must name checks of the config', async () => {
    const { validateConfig } = await import('../config/load.js');
    const { ConfigError } = await import('../config/config-error.js');
    const config = { base_url: 'http://127.0.0.1:1', health_checks: [{ name: 'readiness', endpoint: '/health' }], watch: { checks: ['readiness', 'redyness'] } };
    let problems: string[] = [];
    try {
      validateConfig(config, { env: {} });
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems).toEqual(['watch.checks[1]: no check named "redyness" (known: readiness)']);
  });
});
