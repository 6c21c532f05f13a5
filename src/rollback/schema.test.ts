import { describe, expect, it } from 'vitest';
import { autoRollbackSchema, deploymentSchema, rollbackStrategySchema } from './schema.js';

describe('rollback config', () => {
  it('the seed\'s rollback_strategy and auto_rollback are valid as written, with defaults', () => {
    expect(rollbackStrategySchema.parse({ type: 'previous-image', max_rollback_attempts: 1, notify_channels: ['slack-ops', 'email-on-call'] })).toMatchObject({ lock: true, verify: true });
    expect(autoRollbackSchema.parse({ enabled: true, critical_failure_threshold: 1, requires_ops_confirmation: true, rollback_timeout_seconds: 60 }))
      .toMatchObject({ confirmation_timeout_seconds: 120, on_confirmation_timeout: 'skip' });
  });

  it.each([
    ['command without argv', { type: 'command' }, ['command'], /needs command/],
    ['argv with another type', { type: 'previous-image', command: ['x'] }, ['command'], /only used with type "command"/],
    ['to_revision with previous-image', { to_revision: 2 }, ['to_revision'], /only used with type "rollout-undo"/],
    ['unknown variable', { type: 'command', command: ['helm', 'rollback', '${release}'] }, ['command', 2], /unknown variable \$\{release\}/],
  ])('%s', (_name, input, path, message) => {
    const r = rollbackStrategySchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue?.path).toEqual(path);
    expect(issue?.message).toMatch(message);
  });

  it('names are DNS-1123 before they reach the API', () => {
    expect(deploymentSchema().safeParse({ name: 'Django App' }).success).toBe(false);
    expect(deploymentSchema().safeParse({ name: 'django', namespace: 'prod.eu' }).success).toBe(false);
    expect(deploymentSchema().parse({ name: 'django' }).namespace).toBe('default');
  });
});

describe('the confirmation window fits in the run budget', () => {
  it.each([
    ['no budget given: the configured window', undefined, 120_000],
    ['plenty of budget: the configured window', 1_000_000 + 300_000, 120_000],
    ['little budget: shortened so the rollback still fits', 1_000_000 + 100_000, 40_000],
    ['no budget left: no wait at all', 1_000_000 + 30_000, 0],
  ])('%s', async (_name, budgetEnd, expected) => {
    const { confirmationWindowMs } = await import('./execute.js');
    const { configSchema } = await import('../config/schema.js');
    const config = configSchema.parse({ auto_rollback: { enabled: true, confirmation_timeout_seconds: 120, rollback_timeout_seconds: 60 } });
    expect(confirmationWindowMs({ config, budgetEnd }, 1_000_000)).toBe(expected);
  });
});
