import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../checks/check-type.js';
import { createHttpClient } from '../util/http.js';
import { Redactor } from '../util/redact.js';
import { runChecks, type PlannedCheck } from './runner.js';
import type { CheckOutcome } from './types.js';

/** The runner on its own: machinery errors, drivers that ignore their signal, concurrency, priority. */
const http = createHttpClient();
const context = (signal: AbortSignal, deadline: number): CheckContext => ({
  signal, deadline, http, resolveUrl: (e) => e, headers: {}, env: {}, redactor: new Redactor(),
});

function planned(name: string, execute: (ctx: CheckContext) => Promise<CheckOutcome>, extra: Partial<PlannedCheck> = {}): PlannedCheck {
  return { name, kind: 'dependency', type: 'test', required: true, timeoutMs: 2_000, dependsOn: [], execute, ...extra };
}

const options = (extra: Partial<Parameters<typeof runChecks>[1]> = {}) => ({ concurrency: 4, deadline: Date.now() + 10_000, context, ...extra });

describe('runner', () => {
  it('an exception inside the test machinery is an error, a warning even for a required check', async () => {
    const { results } = await runChecks([planned('broken', async () => { throw new TypeError('cannot read properties of undefined'); })], options());
    expect(results[0]).toMatchObject({ status: 'error', severity: 'warning', required: true });
    expect(results[0]!.reason).toContain('internal error in the test check: cannot read properties of undefined');
  });

  it('a driver that ignores its AbortSignal is still cut at the deadline', async () => {
    const started = Date.now();
    const { results } = await runChecks([planned('stubborn', () => new Promise(() => {}), { timeoutMs: 300 })], options());
    expect(results[0]).toMatchObject({ status: 'timed_out', severity: 'critical' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('never runs more than `concurrency` checks at once, and runs required checks first', async () => {
    let inFlight = 0;
    let peak = 0;
    const order: string[] = [];
    const work = (name: string) => async (): Promise<CheckOutcome> => {
      order.push(name);
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return { status: 'passed' };
    };
    const plan = [
      planned('optional-1', work('optional-1'), { required: false }),
      planned('required-1', work('required-1')),
      planned('optional-2', work('optional-2'), { required: false }),
      planned('required-2', work('required-2')),
    ];
    const { results } = await runChecks(plan, options({ concurrency: 2 }));
    expect(peak).toBe(2);
    expect(order.slice(0, 2).sort()).toEqual(['required-1', 'required-2']);
    expect(results.map((r) => r.name)).toEqual(['optional-1', 'required-1', 'optional-2', 'required-2']); // config order in the result
  });

  it('does not retry past the check deadline: a retry that cannot finish only hides the failure', async () => {
    let calls = 0;
    const { results } = await runChecks([planned('flaky', async () => { calls++; return { status: 'failed', reason: 'nope' }; }, { timeoutMs: 400, retries: { attempts: 5, initial_delay_ms: 300 } })], options());
    expect(results[0]).toMatchObject({ status: 'failed', reason: 'nope' });
    expect(calls).toBeLessThanOrEqual(2);
  });

  it('a dependency chain blocks transitively', async () => {
    const plan = [
      planned('a', async () => ({ status: 'failed', reason: 'down' })),
      planned('b', async () => ({ status: 'passed' }), { dependsOn: ['a'] }),
      planned('c', async () => ({ status: 'passed' }), { dependsOn: ['b'] }),
    ];
    const { results } = await runChecks(plan, options());
    expect(results.map((r) => [r.name, r.status, r.severity])).toEqual([['a', 'failed', 'critical'], ['b', 'blocked', 'none'], ['c', 'blocked', 'none']]);
  });
});
