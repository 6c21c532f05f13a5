import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { writeConfig } from '../helpers/cli.js';
import { hookPost } from '../helpers/hook-post.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

/**
 * The real `smokeguard serve --config` (the built bundle) answering Flagger and the Argo Rollouts
 * web provider, its smoke runs checking the demo service that stands for the canary.
 */
const WEBHOOK_TOKEN = 'webhook-token-7c1e';

/**
 * The bytes Flagger's pkg/controller/webhook.go sends: json.Marshal of CanaryWebhookPayload
 * (name, namespace, phase, checksum, metadata omitempty), Content-Type application/json, Go's
 * default User-Agent, no other header.
 */
const flaggerBytes = (checksum: string, metadata?: Record<string, string>) =>
  `{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"${checksum}"${metadata ? `,"metadata":${JSON.stringify(metadata)}` : ''}}`;

const post = hookPost;

describe('smokeguard serve --config answers the webhooks', () => {
  let service: DemoService;
  let store: TempStore;
  let bare: TempStore;
  let serve: ServeProcess;
  let unconfigured: ServeProcess;

  beforeAll(async () => {
    service = await startDemoService();
    store = await tempStore('sqlite');
    bare = await tempStore('sqlite');
    const { file } = await writeConfig({
      deployment: { name: 'podinfo', namespace: 'test' },
      health_checks: [
        { name: 'basic-health', endpoint: '/health', expected_status: 200, timeout_seconds: 5 },
        { name: 'readiness', endpoint: '/health/ready', expected_status: 200, timeout_seconds: 5 },
      ],
    });
    // The base URL comes from serve's own --base-url when Flagger's metadata names none.
    [serve, unconfigured] = await Promise.all([
      startServe(['--store', store.url, '--config', file, '--base-url', service.url], { SMOKEGUARD_WEBHOOK_TOKEN: WEBHOOK_TOKEN }),
      startServe(['--store', bare.url]),
    ]);
  }, 60_000);

  afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
    expect(await unconfigured?.stop()).toBe(0);
    await service?.close();
    await store?.drop();
    await bare?.drop();
  });

  const flagger = () => `${serve.url}/api/v1/flagger?token=${WEBHOOK_TOKEN}`;

  it('Flagger: 200 for a healthy canary, a code above 202 (never 202) with the verdict for a failing one', async () => {
    service.faults.readiness = 'ok';
    const ok = await post(flagger(), flaggerBytes('6d8f4c9b7'));
    expect(ok).toMatchObject({ status: 200, body: { canary: 'test/podinfo', phase: 'Progressing', verdict: 'passed', summary: { passed: 2 } } });

    service.faults.readiness = 'database-down';
    const failing = await post(flagger(), flaggerBytes('9e0a1b2c3', { base_url: service.url }));
    expect(failing.status).toBeGreaterThan(202);
    expect(failing.status).toBe(412);
    expect(failing.body).toMatchObject({ verdict: 'critical', failed: [{ name: 'readiness', severity: 'critical' }] });
    service.faults.readiness = 'ok';
  });

  it('Argo Rollouts web provider: 200 with the JSON verdict, for a failing run too', async () => {
    service.faults.readiness = 'database-down';
    const failing = await post(`${serve.url}/api/v1/analysis?token=${WEBHOOK_TOKEN}`, JSON.stringify({ deployment: 'podinfo', namespace: 'test', base_url: service.url }));
    expect(failing).toMatchObject({ status: 200, body: { verdict: 'critical' } });
    service.faults.readiness = 'ok';
    const passing = await post(`${serve.url}/api/v1/analysis?token=${WEBHOOK_TOKEN}`, JSON.stringify({ deployment: 'podinfo', namespace: 'test', base_url: service.url }));
    expect(passing).toMatchObject({ status: 200, body: { verdict: 'passed' } });
  });

  it('with SMOKEGUARD_WEBHOOK_TOKEN set, a call without ?token= or with a wrong one is refused (401), before any run', async () => {
    for (const url of [`${serve.url}/api/v1/flagger`, `${serve.url}/api/v1/flagger?token=nope`, `${serve.url}/api/v1/analysis?token=${WEBHOOK_TOKEN}x`]) {
      const res = await post(url, flaggerBytes('0f0f0f0f'));
      expect(res.status).toBe(401);
      expect(String(res.body.error)).toMatch(/SMOKEGUARD_WEBHOOK_TOKEN/);
      expect(res.body.verdict).toBeUndefined();
    }
  });

  it('serve without --config answers the webhooks 501 with a clear JSON error', async () => {
    for (const path of ['/api/v1/flagger', '/api/v1/analysis']) {
      const res = await post(`${unconfigured.url}${path}`, flaggerBytes('6d8f4c9b7'));
      expect(res.status).toBe(501);
      expect(res.body.error).toMatch(/started without --config/);
    }
  });
});
