import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTarget, type HttpTarget } from '../../test/helpers/http-target.js';
import { runChecks, type PlannedCheck } from '../core/runner.js';
import { Redactor } from './redact.js';
import { abortable, onAbort, sleep, timeoutSignal } from './abort.js';
import { createHttpClient } from './http.js';

/**
 * "(node:NNN) MaxListenersExceededWarning: Possible EventTarget memory leak" came from one abort
 * listener per request on a check's signal (two with node:http's own) and one per check on the
 * run's signal. However many wait on a signal, it now carries a single listener, and none is
 * left behind by work that is over.
 */
const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

let target: HttpTarget;
const http = createHttpClient({ connections: 32 });
beforeAll(async () => {
  target = await startHttpTarget({ '/slow': async () => { await new Promise((r) => setTimeout(r, 30)); return { status: 200, body: 'ok' }; } });
});
afterAll(async () => {
  await http.close();
  await target.close();
});

describe('abort listeners', () => {
  it('a burst of 25 concurrent requests on one signal adds one listener, and no warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const burst = Array.from({ length: 25 }, () => http.request({ method: 'GET', url: `${target.url}/slow`, signal: controller.signal }));
      expect(abortListeners(controller.signal)).toBe(1);
      expect((await Promise.all(burst)).map((r) => r.status)).toEqual(Array(25).fill(200));
      await new Promise((r) => setImmediate(r)); // a warning is emitted on the next tick
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('twelve checks at once on the run signal: one listener on each check\'s signal, and no warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    let peak = 0;
    const plan: PlannedCheck[] = Array.from({ length: 12 }, (_, i) => ({
      name: `c${i}`, kind: 'health', type: 'test', required: true, timeoutMs: 5_000, dependsOn: [],
      async execute(ctx) {
        peak = Math.max(peak, abortListeners(ctx.signal));
        await sleep(5, ctx.signal);
        return { status: 'passed' };
      },
    }));
    const { results } = await runChecks(plan, {
      concurrency: 12, deadline: Date.now() + 10_000,
      context: (signal, deadline) => ({ signal, deadline, http, resolveUrl: (e) => e, headers: {}, env: {}, redactor: new Redactor() }),
    });
    expect(results.every((r) => r.status === 'passed')).toBe(true);
    expect(peak).toBeLessThanOrEqual(1);
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
  });

  it('subscriptions end with the work: abortable, sleep and timeoutSignal leave nothing to call', async () => {
    const controller = new AbortController();
    let called = 0;
    await abortable(controller.signal, Promise.resolve(1), () => called++);
    await sleep(1, controller.signal);
    timeoutSignal(60_000, controller.signal).dispose();
    const off = onAbort(controller.signal, () => called++);
    off();
    controller.abort();
    expect(called).toBe(0);
  });
});
