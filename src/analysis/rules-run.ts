import { cmd, type Names } from './commands.js';
import type { RollbackEvidence } from './evidence.js';
import { defineRule, type Match } from './rule.js';

/** Rules about the run as a whole: the rollback outcome and the run's deadline. */

const ROLLBACK_FAILED = new Set(['failed', 'error', 'timed_out', 'timeout', 'aborted']);

export const rollbackFailed = defineRule<Match & { rollback: RollbackEvidence }>({
  id: 'rollback-failed',
  description: 'The automatic rollback failed: the faulty release may still be serving, so ops are paged with the manual command.',
  match: (ev) => {
    const rb = ev.rollback;
    return rb && (rb.alertOps || ROLLBACK_FAILED.has(rb.status.toLowerCase())) ? [{ checks: [], rollback: rb }] : [];
  },
  build: ({ rollback }, n) => (rollback.status === 'succeeded' ? stillUnhealthy(rollback, n) : {
    severity: 'critical',
    title: rollback.status === 'failed' ? 'Rollback failed: the faulty release may still be serving' : `Rollback needs ops now (${rollback.status.replace(/_/g, ' ')})`,
    issue: `Automatic rollback ${rollback.status.replace(/_/g, ' ')}${rollback.reason ? `: ${rollback.reason}` : ''}`,
    impact: 'CRITICAL - Faulty deployment still live; users are affected until it is rolled back by hand',
    probableCause: rollbackCause(rollback),
    remediation: [
      'Page the ops on-call now: the automatic rollback did not restore service.',
      // Never advise redeploying a failed version: the manual command targets the last known good one.
      ...(rollback.nothingToRollBackTo
        ? [`Nothing to roll back to: ${rollback.nothingToRollBackTo}. Fix forward, or deploy a known good version by hand.`]
        : [`Roll back by hand: ${rollback.manualCommand ?? cmd.rollback(n)}`, ...(rollback.manualCommand ? [] : [`Or undo to the previous revision: ${cmd.rolloutUndo(n)}`])]),
      `Watch it converge: ${cmd.rolloutStatus(n)}`,
      `See why pods do not start: ${cmd.events(n)}`,
      `Re-run the smoke tests: ${cmd.rerun(n)}`,
    ],
  }),
});

/**
 * The rollback completed and health did not return: the previous version serves. No roll back
 * is advised — an undo from here (`kubectl rollout undo`) would redeploy the failed version.
 */
function stillUnhealthy(rollback: RollbackEvidence, n: Names) {
  const live = rollback.previousImage ?? 'the previous version';
  return {
    severity: 'critical' as const,
    title: `Still unhealthy after the rollback${rollback.previousImage ? ` to ${rollback.previousImage}` : ''}`,
    issue: `Automatic rollback succeeded${rollback.reason ? `: ${rollback.reason}` : ''}`,
    impact: 'CRITICAL - Service still unhealthy after the rollback; users are affected until the cause is found',
    probableCause: rollbackCause(rollback),
    remediation: [
      'Page the ops on-call now: health did not return after the rollback.',
      `${live} is live again: do not roll back further; look at what it depends on (the other findings) and at recent changes to the environment.`,
      `See why pods are not ready: ${cmd.events(n)}`,
      `Re-run the smoke tests: ${cmd.rerun(n)}`,
    ],
  };
}

/**
 * Why the rollback left ops with work, as it happened: the seed's default path ends in a
 * confirmation nobody gave, which is not a permission or image problem.
 */
function rollbackCause(rb: RollbackEvidence): string {
  if (rb.errorKind === 'paused') return 'The Deployment is paused (spec.paused: true): a patch would only roll out when someone resumes it, so smokeguard wrote nothing.';
  if (rb.errorKind === 'no_previous_revision') return 'The Deployment has no earlier revision to go back to: a first deploy, or its history was trimmed by revisionHistoryLimit.';
  if (rb.errorKind === 'interrupted') return "The run was stopped (SIGTERM/SIGINT) after the rollback's patch was sent: the rollout was watched for a short grace only, not to its end.";
  if (rb.status === 'aborted') return 'The run was stopped (SIGTERM/SIGINT) before the rollback started: nothing was rolled back.';
  if (rb.status === 'confirmation_timeout') return 'Nobody answered the confirmation request in time (on_confirmation_timeout: skip): the rollback was not started.';
  if (rb.status === 'skipped_limit') return 'The attempt limit (max_rollback_attempts) is reached for this version, or the version to go back to failed smoke tests before: no further automatic rollback.';
  if (rb.status === 'succeeded' && rb.healthyAfter === false) return 'The rollback completed but the required health checks still fail: the cause is not (only) the new release — a dependency or the environment.';
  return 'The rollback could not be applied or did not converge in time: missing RBAC permission, the previous image cannot be pulled, or the pods of the previous revision do not become ready.';
}

export const deadlineReached = defineRule<Match>({
  id: 'deadline-reached',
  description: "The run hit its overall deadline (the config's timeout_seconds): the checks still running were cut and later ones not run.",
  match: (ev) => (ev.result.deadlineReached ? [{ checks: [] }] : []),
  build: (_m, n, ev) => {
    const cut = ev.checks.filter((c) => c.status === 'timed_out').length;
    return {
      severity: ev.result.verdict === 'critical' ? 'critical' : 'warning',
      title: `Run deadline of ${Math.round(ev.result.deadlineMs / 1000)} s reached`,
      issue: `The smoke run did not finish within ${Math.round(ev.result.deadlineMs / 1000)} s; ${cut} check(s) timed out`,
      impact: 'Results are incomplete: the deployment was not fully verified',
      probableCause: 'The service answers too slowly, or checks wait on dependencies that hang; retries and long per-check timeouts add up past the run budget.',
      remediation: [
        `Look for slow or hanging requests: ${cmd.logs(n, 'timeout|slow|deadline')}`,
        `Check CPU/memory pressure: ${cmd.top(n)}`,
        'Lower per-check timeout_seconds or retries so that the sum fits the run budget, or raise timeout_seconds for the run.',
        `Re-run the smoke tests: ${cmd.rerun(n)}`,
      ],
    };
  },
});
