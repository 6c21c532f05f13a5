import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { startDemoService, type DemoService } from '../demo/service.js';
import { run, type RunEvent } from './pipeline.js';

/** A path says which step it is starting (for live progress), redacted like everything the run emits. */
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService();
});
afterAll(() => service.close());

describe('check_progress events', () => {
  it('one per step of a path, in order, with the step label; credentials in a step URL redacted', async () => {
    const withCredentials = service.url.replace('http://', 'http://smoke:s3cret-in-url@');
    const { config } = validateConfig({
      base_url: service.url,
      health_checks: [{ name: 'readiness', endpoint: '/health/ready' }],
      critical_paths: [{ name: 'user-login', steps: [
        { method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' } },
        { method: 'GET', endpoint: '/api/user/profile' },
        { method: 'GET', url: `${withCredentials}/api/resources` },
      ] }],
    }, { file: 'inline.json' });
    const events: RunEvent[] = [];
    const result = await run(config, { onEvent: (e) => events.push(e) });
    expect(result.verdict).toBe('passed');
    const progress = events.filter((e) => e.kind === 'check_progress');
    expect(progress.map((e) => [e.name, e.step.step, e.step.of, e.step.label])).toEqual([
      ['user-login', 1, 3, 'POST /api/auth/login'],
      ['user-login', 2, 3, 'GET /api/user/profile'],
      ['user-login', 3, 3, expect.stringMatching(/^GET http:\/\/smoke:\*+@127\.0\.0\.1:\d+\/api\/resources$/)],
    ]);
    // Each comes after the path started and before it finished.
    const index = (pred: (e: RunEvent) => boolean) => events.findIndex(pred);
    expect(index((e) => e.kind === 'check_started' && e.check.name === 'user-login')).toBeLessThan(index((e) => e.kind === 'check_progress'));
    expect(events.length - 1 - [...events].reverse().findIndex((e) => e.kind === 'check_progress')).toBeLessThan(index((e) => e.kind === 'check_finished' && e.result.name === 'user-login'));
    expect(JSON.stringify(events)).not.toContain('s3cret-in-url');
  });
});
