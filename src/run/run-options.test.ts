import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { run } from './pipeline.js';
import { RunOptionsError } from './run-options-error.js';

/** The library's run() checks its options itself: the CLI is not the only door. */
describe('run() options', () => {
  const config = (extra: Record<string, unknown> = {}) => validateConfig({ base_url: 'http://127.0.0.1:1', health_checks: [{ name: 'basic-health', endpoint: '/health' }], ...extra }, { env: {} }).config;

  it('only naming no check is refused before anything runs, not a "passed" run of nothing', async () => {
    await expect(run(config(), { env: {}, only: ['typo'] })).rejects.toThrow(new RunOptionsError('--only: no check named "typo" (known: basic-health)'));
  });

  it('a disabled config is refused, not reported as passed', async () => {
    await expect(run(config({ enabled: false }), { env: {} })).rejects.toThrow(RunOptionsError);
  });
});
