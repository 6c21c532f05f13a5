import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { runCli, writeConfig } from '../helpers/cli.js';
import { startRateLimitedServer, type RateLimitedServer } from '../helpers/rate-limited-server.js';

/**
 * "(node:NNN) MaxListenersExceededWarning: Possible EventTarget memory leak" was printed on every
 * rate-limit burst and on any config with concurrency >= 10 (issue 10). Both, through the built
 * CLI: runCli fails on any Node process warning, so this run passing is the proof.
 */
let service: DemoService;
let limited: RateLimitedServer;
beforeAll(async () => {
  service = await startDemoService();
  limited = await startRateLimitedServer({ capacity: 30, refillPerSecond: 1, delayMs: 20 });
});
afterAll(async () => {
  await Promise.all([service.close(), limited.close()]);
});

it('16 checks at concurrency 16 and a burst of 40 requests 20 at a time: no Node warning, every check passes', async () => {
  const { dir } = await writeConfig({
    base_url: service.url,
    concurrency: 16,
    health_checks: Array.from({ length: 15 }, (_, i) => ({ name: `health-${i}`, endpoint: '/health', retries: { attempts: 2 } })),
    dependency_checks: [{ name: 'limits', type: 'rate_limit', url: `${limited.url}/api`, mode: 'burst', requests: 40, concurrency: 20, expect_limited_after: 35 }],
  });
  const run = await runCli(['run'], { cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.code, run.stdout).toBe(0);
  expect(run.stdout).toContain('Deployment stable. 16/16 checks passed');
});
