import { describe, expect, it } from 'vitest';
import { renderRollbackConsole } from './render.js';
import type { RollbackOutcome } from './types.js';

const base: RollbackOutcome = {
  status: 'succeeded', message: '', strategy: 'previous-image', deployment: 'django', namespace: 'prod',
  currentImage: 'django:v1.22.0-context-api', targetImage: 'django:v1.21.8-stable',
  startedAt: '2026-11-27T14:32:35.000Z', finishedAt: '2026-11-27T14:33:15.000Z', durationMs: 40_000, alertOps: false,
};

describe('renderRollbackConsole', () => {
  it('a succeeded rollback reads like the seed', () => {
    expect(renderRollbackConsole({ ...base, pods: { ready: 3, desired: 3 }, confirmation: { required: true, method: 'approve_command', by: 'alice', approved: true }, verification: { healthy: true, checks: [] } })).toEqual([
      'Automatic rollback initiated:',
      'Current: django:v1.22.0-context-api',
      'Rollback to: django:v1.21.8-stable',
      'Status: Rolling back 3/3 pods... done in 40.0s',
      'Confirmed by: alice (approve_command)',
      'Verification: healthy again (required checks pass)',
    ]);
  });

  it('a failed rollback gives the reason, the permission and the manual command', () => {
    const lines = renderRollbackConsole({ ...base, status: 'failed', alertOps: true, manualCommand: 'kubectl set image deployment/django django=django:v1.21.8-stable -n prod',
      error: { message: 'patching the deployment: forbidden', httpStatus: 403, missingPermission: 'patch deployments.apps in namespace prod' } });
    expect(lines.slice(3)).toEqual([
      'Reason: patching the deployment: forbidden',
      'Missing permission: patch deployments.apps in namespace prod (see "RBAC" in docs/rollback.md)',
      'Manual rollback: kubectl set image deployment/django django=django:v1.21.8-stable -n prod',
    ]);
  });

  it.each([
    ['not_needed', {}, []],
    ['not_configured', { hint: 'set deployment.name' }, ['To roll back automatically: set deployment.name']],
    ['locked_by_other_run', { message: 'another smokeguard run (r1) holds the rollback lock' }, ['Rollback not started: another smokeguard run (r1) holds the rollback lock']],
  ] as const)('%s', (status, extra, expected) => {
    expect(renderRollbackConsole({ ...base, status, ...extra })).toEqual(expected);
  });
});
