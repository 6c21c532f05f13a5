import { cmd } from './commands.js';
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
  build: ({ rollback }, n) => ({
    severity: 'critical',
    title: rollback.status === 'failed' ? 'Rollback failed: the faulty release may still be serving' : `Rollback needs ops now (${rollback.status.replace(/_/g, ' ')})`,
    issue: `Automatic rollback ${rollback.status.replace(/_/g, ' ')}${rollback.reason ? `: ${rollback.reason}` : ''}`,
    impact: 'CRITICAL - Faulty deployment still live; users are affected until it is rolled back by hand',
    probableCause: 'The rollback could not be applied or did not converge in time: missing RBAC permission, the previous image cannot be pulled, or the pods of the previous revision do not become ready.',
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
