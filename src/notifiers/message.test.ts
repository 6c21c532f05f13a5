import { describe, expect, it } from 'vitest';
import { ROLLBACK_FAILED, ROLLBACK_SUCCEEDED, runResult } from '../../test/notifications/fixtures.js';
import { configSchema } from '../config/schema.js';
import type { RollbackOutcome } from '../core/types.js';
import { runIdentity } from './identity.js';
import { buildRunMessage } from './message.js';

function rollbackFailedMessage(rollback: RollbackOutcome) {
  const result = runResult('critical', { rollback });
  return buildRunMessage(result, runIdentity(result, configSchema.parse({}), {}), 'rollback_failed', ['critical', 'rollback_started', 'rollback_failed']);
}

/**
 * The page ops get when a rollback leaves them work says what is live: after a rollback that
 * completed but did not bring health back, the previous version serves, not the faulty one.
 */
describe('rollback_failed message', () => {
  it('a failed rollback: the faulty version may still be serving, with the manual command', () => {
    const m = rollbackFailedMessage(ROLLBACK_FAILED);
    expect(m.title).toMatch(/^✗ ROLLBACK FAILED on /);
    expect(m.headline).toContain('The faulty version may still be serving: act now. Manual rollback: kubectl set image');
  });

  it('the reason is said once: not "ROLLBACK FAILED: ✗ ROLLBACK FAILED — …"', () => {
    const reason = 'deployment/django is paused (spec.paused: true): not rolling back';
    const m = rollbackFailedMessage({ ...ROLLBACK_FAILED, message: `✗ ROLLBACK FAILED — ${reason}`, error: { message: reason, kind: 'paused' } });
    expect(m.headline).toMatch(new RegExp(`^ROLLBACK FAILED: ${reason.replace(/[().]/g, '\\$&')}\\. The faulty version`));
    expect(m.headline.match(/ROLLBACK FAILED/g)).toHaveLength(1);
  });

  it('rolled back, health not back: the previous version is live, nothing says the rollback failed', () => {
    const m = rollbackFailedMessage({ ...ROLLBACK_SUCCEEDED, alertOps: true, message: 'rolled back deployment/django to django:v1.21.8-stable; still unhealthy — alert ops', verification: { healthy: false, checks: [] } });
    expect(m.title).toMatch(/^✗ STILL UNHEALTHY AFTER ROLLBACK on /);
    expect(m.headline).toBe('STILL UNHEALTHY after the rollback: rolled back deployment/django to django:v1.21.8-stable; still unhealthy — alert ops. django:v1.21.8-stable is live again: the cause is not (only) the release — act now.');
    expect(`${m.title} ${m.headline}`).not.toMatch(/ROLLBACK FAILED|faulty version/);
  });
});

describe('critical message without a configured rollback', () => {
  it('says the rollback is needed and not configured, not "Rollback decided … awaiting ops confirmation"', () => {
    const result = runResult('critical', { rollback: { status: 'not_configured', message: 'rollback needed — not configured: set deployment.name …', hint: 'set deployment.name …', startedAt: '', finishedAt: '', durationMs: 0, alertOps: false } });
    result.decision = { action: 'rollback', mode: 'awaiting_confirmation', criticalFailures: 1, threshold: 1, reason: '1 critical failure (threshold 1): rollback awaiting ops confirmation' };
    const m = buildRunMessage(result, runIdentity(result, configSchema.parse({}), {}), 'critical', ['critical']);
    expect(m.headline).toBe('Rollback needed (1 critical failure, threshold 1) — not configured: nothing was rolled back.');
  });
});

