import { describe, expect, it } from 'vitest';
import type { RunResult } from '../core/types.js';
import { health, run as runOf } from '../../test/helpers/result-builder.js';
import { createFlaggerHandler, FLAGGER_FAILED_STATUS } from './flagger.js';
import type { SmokeRequest } from './types.js';

/**
 * The body exactly as Flagger's pkg/controller/webhook.go marshals CanaryWebhookPayload
 * (`json:"name"`, `json:"namespace"`, `json:"phase"`, `json:"checksum"`, `json:"metadata,omitempty"`)
 * for a pre-rollout webhook whose spec carries `metadata: {base_url: …}`.
 */
const FLAGGER_BODY = '{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"6d8f4c9b7","metadata":{"base_url":"http://podinfo-canary.test:9898"}}';

const passed = runOf([health('readiness')]);
const critical = runOf([health('readiness').fails(503)]);

/** A runner that answers with a fixed result and records what it was asked. */
function runner(result: RunResult | (() => Promise<RunResult>)) {
  const asked: SmokeRequest[] = [];
  const run = async (request: SmokeRequest) => {
    asked.push(request);
    return typeof result === 'function' ? result() : result;
  };
  return { asked, run };
}

describe('Flagger webhook handler', () => {
  it('a passing run answers 200; the canary, base URL and checksum come from the payload', async () => {
    const r = runner(passed);
    const answer = await createFlaggerHandler({ run: r.run })(JSON.parse(FLAGGER_BODY));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ canary: 'test/podinfo', phase: 'Progressing', checksum: '6d8f4c9b7', verdict: 'passed' });
    expect(r.asked).toEqual([{ deployment: 'podinfo', namespace: 'test', baseUrl: 'http://podinfo-canary.test:9898' }]);
  });

  it('a critical run answers above 202 (a failure for Flagger, never 202) with the verdict and the failed checks', async () => {
    const answer = await createFlaggerHandler({ run: runner(critical).run })(JSON.parse(FLAGGER_BODY));
    expect(answer.status).toBe(FLAGGER_FAILED_STATUS);
    expect(answer.status).toBeGreaterThan(202);
    expect(answer.body).toMatchObject({ verdict: 'critical', failed: [{ name: 'readiness', severity: 'critical', status: 'failed', reason: 'status: expected 200, got 503' }] });
  });

  it('a warning run passes (200): optional checks never block a canary', async () => {
    const answer = await createFlaggerHandler({ run: runner(runOf([health('liveness').optional().status('timed_out', 'no answer within 5 s')])).run })(JSON.parse(FLAGGER_BODY));
    expect(answer).toMatchObject({ status: 200, body: { verdict: 'warning' } });
  });

  it('the same checksum and phase share one run (in flight, then its answer) until the answer expires', async () => {
    let now = 0;
    const pending: Array<() => void> = [];
    const r = runner(() => new Promise<RunResult>((resolve) => pending.push(() => resolve(passed))));
    const handle = createFlaggerHandler({ run: r.run, dedupeMs: 60_000, now: () => now });
    const body = () => JSON.parse(FLAGGER_BODY) as Record<string, unknown>;
    const first = handle(body());
    const retry = handle(body()); // Flagger cut the first call at its timeout and asked again
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.asked).toHaveLength(1);
    pending.shift()!();
    expect((await first).status).toBe(200);
    expect(await retry).toMatchObject({ status: 200, body: { shared: true } });
    // Answered from memory while fresh: no new run.
    expect((await handle(body())).body.shared).toBe(true);
    expect(r.asked).toHaveLength(1);
    // Another phase, or a new revision (checksum), is a new run.
    const promoting = handle({ ...body(), phase: 'Promoting' });
    const revision = handle({ ...body(), checksum: 'aaaa1111' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.asked).toHaveLength(3);
    pending.splice(0).forEach((release) => release());
    await Promise.all([promoting, revision]);
    // Once the answer is older than dedupeMs, the same call runs again.
    now += 60_000;
    const again = handle(body());
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.asked).toHaveLength(4);
    pending.shift()!();
    expect((await again).body.shared).toBeUndefined();
  });

  it('a run that cannot start answers 500 with the reason, and is not remembered', async () => {
    let calls = 0;
    const run = async () => {
      calls++;
      throw new Error('config.yaml: health_checks.0.endpoint: expected a string');
    };
    const handle = createFlaggerHandler({ run });
    const answer = await handle(JSON.parse(FLAGGER_BODY));
    expect(answer).toEqual({ status: 500, body: { error: 'smoke run could not run: config.yaml: health_checks.0.endpoint: expected a string' } });
    await handle(JSON.parse(FLAGGER_BODY));
    expect(calls).toBe(2);
  });

  it('a body that is not a Flagger payload is a 400 naming what is missing; event webhooks run nothing', async () => {
    const r = runner(passed);
    const handle = createFlaggerHandler({ run: r.run });
    const bad = await handle({ namespace: 'test' });
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/^not a Flagger webhook payload: name: .*; phase: /);
    const event = await handle({ name: 'podinfo', namespace: 'test', phase: 'Progressing', metadata: { eventMessage: 'New revision detected', eventType: 'Normal', timestamp: '1700000000000' } });
    expect(event).toEqual({ status: 200, body: { ignored: 'event webhook' } });
    expect(r.asked).toHaveLength(0);
  });

  it('older Flagger without a checksum: every call runs', async () => {
    const r = runner(passed);
    const handle = createFlaggerHandler({ run: r.run });
    await handle({ name: 'podinfo', namespace: 'test', phase: 'Progressing' });
    await handle({ name: 'podinfo', namespace: 'test', phase: 'Progressing' });
    expect(r.asked).toHaveLength(2);
  });
});
