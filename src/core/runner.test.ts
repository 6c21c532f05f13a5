import { describe, expect, it } from 'vitest';
import type { CheckContext } from './check-context.js';
import { createHttpClient } from '../util/http.js';
import { Redactor } from '../util/redact.js';
import { runChecks, type PlannedCheck } from './runner.js';
import type { CheckOutcome } from './types.js';
import { ManualClock } from '../../test/helpers/manual-clock.js';

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
  it('a passing check keeps the summary of what it measured; a reason is only for what went wrong', async () => {
    const { results } = await runChecks([planned('limits', async () => ({ status: 'passed', summary: 'the limit engaged at request 11, Retry-After 60 s', reason: 'stray' }))], options());
    expect(results[0]).toMatchObject({ status: 'passed', severity: 'none', summary: 'the limit engaged at request 11, Retry-After 60 s' });
    expect(results[0]!.reason).toBeUndefined();
  });

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
    const clock = new ManualClock();
    const calls: number[] = [];
    const running = runChecks([planned('flaky', async () => { calls.push(clock.now()); return { status: 'failed', reason: 'nope' }; }, { timeoutMs: 400, retries: { attempts: 5, initial_delay_ms: 300 } })], options({ clock, deadline: clock.now() + 10_000, random: () => 1 }));
    await clock.advance(400);
    const { results } = await running;
    expect(results[0]).toMatchObject({ status: 'failed', reason: 'nope', attempts: 2 });
    // Attempt 2 after the 300 ms delay; the next delay (600 ms) would end past the 400 ms timeout.
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 300]);
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

describe('runner deadlines, on a clock the test moves', () => {
  /** A check that answers only when its signal aborts (as a driver honouring its deadline does). */
  const hangs = (name: string, timeoutMs: number): PlannedCheck => planned(name, (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))), { timeoutMs });

  it.each(['first-set-first', 'last-set-first'] as const)('check timer and run deadline firing together (%s): the run deadline wins and says so', async (order) => {
    const clock = new ManualClock(undefined, order);
    const events: string[] = [];
    const running = runChecks([hangs('readiness', 10_000)], {
      concurrency: 4, deadline: clock.now() + 1_000, context, clock, onEvent: (e) => events.push(e.kind),
    });
    await clock.advance(1_000);
    const { results, deadlineReached } = await running;
    expect(deadlineReached).toBe(true);
    expect(results[0]).toMatchObject({ status: 'timed_out', durationMs: 1_000, reason: "run deadline reached after 1 s, before the check's own 10 s timeout" });
    expect(events).toContain('deadline_reached');
  });

  it.each(['first-set-first', 'last-set-first'] as const)('check timeout and run deadline both 1 s (%s): the run deadline, "together with" the check\'s, not "before" it', async (order) => {
    const clock = new ManualClock(undefined, order);
    const running = runChecks([hangs('readiness', 1_000)], { concurrency: 4, deadline: clock.now() + 1_000, context, clock });
    await clock.advance(1_000);
    const { results, deadlineReached } = await running;
    expect(deadlineReached).toBe(true);
    expect(results[0]).toMatchObject({ status: 'timed_out', durationMs: 1_000, reason: "run deadline reached after 1 s, together with the check's own 1 s timeout" });
  });

  it("the check's own timeout, when it comes first, is named as the check's", async () => {
    const clock = new ManualClock();
    const running = runChecks([hangs('cache', 2_000)], { concurrency: 4, deadline: clock.now() + 300_000, context, clock });
    await clock.advance(2_000);
    const { results, deadlineReached } = await running;
    expect(deadlineReached).toBe(false);
    expect(results[0]).toMatchObject({ status: 'timed_out', durationMs: 2_000, reason: 'timeout: no result within 2 s' });
  });

  it('checks not started when the run deadline arrives are timed out, not run', async () => {
    const clock = new ManualClock();
    let started = 0;
    const plan = [hangs('a', 60_000), planned('b', async () => { started++; return { status: 'passed' }; })];
    const running = runChecks(plan, { concurrency: 1, deadline: clock.now() + 5_000, context, clock });
    await clock.advance(5_000);
    const { results } = await running;
    expect(started).toBe(0);
    expect(results.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['a', 'timed_out', "run deadline reached after 5 s, before the check's own 60 s timeout"],
      ['b', 'timed_out', 'not started: the run deadline was reached'],
    ]);
  });
});
