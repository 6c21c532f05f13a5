import { afterEach, beforeEach, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { watch } from '../../src/watch/watch.js';
import { fastScheduler } from '../helpers/fast-scheduler.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { startSlackSimulator } from '../helpers/simulators/slack.js';
import { BAD, deploymentWrites, GOOD, liveImage, seedDjango, stateDir } from '../rollback/harness.js';

/**
 * The watch's verdict goes through the smoke run's own stages: against the Kubernetes API
 * simulator (driven by the real client) and the Slack simulator, a deployment that turns bad
 * after 3 healthy intervals is rolled back exactly once, announced before the patch and followed
 * up once the rollback is done.
 */

let k8s: RunningSimulator;
let slack: Awaited<ReturnType<typeof startSlackSimulator>>;
let service: HttpTarget;
let healthRequests = 0;

beforeEach(async () => {
  k8s = await startK8sSimulator({ tickMs: 20 });
  seedDjango(k8s);
  slack = await startSlackSimulator();
  healthRequests = 0;
  // The pods: healthy for 3 requests, then 500 — until the previous image is live again.
  service = await startHttpTarget({
    '/health': () => (++healthRequests <= 3 || liveImage(k8s) === GOOD ? { body: 'ok' } : { status: 500, body: 'bad release' }),
  });
});
afterEach(async () => {
  await Promise.all([service.close(), slack.close(), k8s.stop()]);
});

it('healthy 3 intervals, then 500s: one rollback to the previous image, verified healthy, announced before the patch, followed up once', async () => {
  const config = configSchema.parse({
    base_url: service.url,
    deployment: { name: 'django', namespace: 'prod', kubeconfig: k8s.kubeconfig },
    auto_rollback: { enabled: true, requires_ops_confirmation: false, rollback_timeout_seconds: 20 },
    health_checks: [{ name: 'readiness', endpoint: '/health' }],
    rollback_strategy: { notify_channels: ['slack-ops'] },
    notifications: { channels: { 'slack-ops': { type: 'slack', webhook_url: slack.webhookUrl } } },
    watch: { interval_seconds: 30, duration_seconds: 600, failure_limit: 3, consecutive_failures: 2 },
  });
  const result = await watch(config, { env: {}, scheduler: fastScheduler(), stateDir: await stateDir() });

  expect(result.watch).toMatchObject({ status: 'failed', failedIntervals: 2 });
  expect(result.watch!.intervals.map((i) => i.outcome)).toEqual(['passed', 'passed', 'passed', 'failed', 'failed']);
  expect(result.verdict).toBe('critical');
  expect(result.decision).toMatchObject({ action: 'rollback', mode: 'automatic' });
  expect(result.rollback).toMatchObject({ status: 'succeeded', currentImage: BAD, targetImage: GOOD });
  expect(liveImage(k8s)).toBe(GOOD);
  expect(deploymentWrites(k8s)).toHaveLength(1); // exactly one rollback
  // Critical + rollback_started before the patch (an automatic rollback), then the outcome: two messages.
  expect(slack.accepted).toHaveLength(2);
  expect(JSON.stringify(slack.accepted[0])).toMatch(/readiness/);
  expect(JSON.stringify(slack.accepted[0])).toContain(`Automatic rollback starting now to ${GOOD}`);
  const patch = k8s.sim.requests.find((r) => r.method === 'PATCH' && r.path.includes('/deployments/'));
  expect(slack.requests[0].arrived.seq).toBeLessThan(patch?.arrived.seq ?? 0);
  expect(JSON.stringify(slack.accepted[1])).toContain(`Automatic rollback complete to ${GOOD}`);
});

it('with a Slack bot token the alert and its outcome are one thread', async () => {
  const config = configSchema.parse({
    base_url: service.url,
    deployment: { name: 'django', namespace: 'prod', kubeconfig: k8s.kubeconfig },
    auto_rollback: { enabled: true, requires_ops_confirmation: false, rollback_timeout_seconds: 20 },
    health_checks: [{ name: 'readiness', endpoint: '/health' }],
    rollback_strategy: { notify_channels: ['slack-ops'] },
    notifications: { channels: { 'slack-ops': { type: 'slack', token: slack.bot.token, channel: 'C0OPS', api_url: slack.apiUrl } } },
    watch: { interval_seconds: 30, duration_seconds: 600, failure_limit: 3, consecutive_failures: 2 },
  });
  const result = await watch(config, { env: {}, scheduler: fastScheduler(), stateDir: await stateDir() });
  expect(result.rollback).toMatchObject({ status: 'succeeded' });
  expect(deploymentWrites(k8s)).toHaveLength(1);
  const [alert, ...replies] = slack.posted;
  expect(alert!.threadTs).toBeUndefined();
  expect(replies).toHaveLength(1);
  expect(replies[0]!.threadTs).toBe(alert!.ts);
});
