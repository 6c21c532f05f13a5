import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { createArgoWebHandler } from '../../src/webhooks/argo-web.js';
import { createFlaggerHandler } from '../../src/webhooks/flagger.js';
import { createSmokeRunner } from '../../src/webhooks/runner.js';
import { writeConfig } from '../helpers/cli.js';

/**
 * The webhook handlers with the real runner: the config file, the real checks against the demo
 * service standing for the canary. Flagger and Argo Rollouts roll back themselves, so these runs
 * never do, whatever the config says.
 */
let service: DemoService;
let configPath: string;

beforeAll(async () => {
  service = await startDemoService();
  configPath = (await writeConfig({
    auto_rollback: { enabled: true, requires_ops_confirmation: false },
    deployment: { name: 'podinfo', namespace: 'test' },
    health_checks: [
      { name: 'basic-health', endpoint: '/health', expected_status: 200, timeout_seconds: 5 },
      { name: 'readiness', endpoint: '/health/ready', expected_status: 200, timeout_seconds: 5 },
    ],
  })).file;
});
afterAll(() => service.close());

const flaggerBody = () => ({ name: 'podinfo', namespace: 'test', phase: 'Progressing', checksum: `c-${Math.random()}`, metadata: { base_url: service.url } });

describe('webhooks with the real smoke run', () => {
  it('Flagger: a healthy canary answers 200, a broken one 412 with the failing check — and no rollback is attempted', async () => {
    const handle = createFlaggerHandler({ run: createSmokeRunner({ configPath, env: {} }) });
    service.faults.readiness = 'ok';
    expect(await handle(flaggerBody())).toMatchObject({ status: 200, body: { verdict: 'passed', summary: { passed: 2 } } });
    service.faults.readiness = 'database-down';
    const failed = await handle(flaggerBody());
    expect(failed.status).toBe(412);
    expect(failed.body).toMatchObject({ verdict: 'critical', failed: [{ name: 'readiness', severity: 'critical' }] });
    service.faults.readiness = 'ok';
  });

  it('Argo web provider: 200 with the verdict for a failed run too (a non-2xx would count as an Error, not a Failure)', async () => {
    const handle = createArgoWebHandler({ run: createSmokeRunner({ configPath, env: {} }) });
    service.faults.readiness = 'database-down';
    const answer = await handle({ deployment: 'podinfo', namespace: 'test', base_url: service.url });
    expect(answer.status).toBe(200);
    expect(answer.body.verdict).toBe('critical');
    service.faults.readiness = 'ok';
    expect(await handle({ deployment: 'podinfo', namespace: 'test', base_url: service.url })).toMatchObject({ status: 200, body: { verdict: 'passed' } });
  });

  it('Argo web provider: a malformed request and a broken config are errors (non-2xx), said plainly', async () => {
    const handle = createArgoWebHandler({ run: createSmokeRunner({ configPath, env: {} }) });
    const bad = await handle({ namespace: 'test', base_url: 'not a url' });
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/deployment: .*base_url: /);
    const broken = createArgoWebHandler({ run: createSmokeRunner({ configPath: '/nonexistent/smokeguard.yaml', env: {} }) });
    const answer = await broken({ deployment: 'podinfo' });
    expect(answer.status).toBe(500);
    expect(String(answer.body.error)).toMatch(/^smoke run could not run: Invalid config \(1 problem\):\n  \/nonexistent\/smokeguard\.yaml: file not found$/);
  });
});
