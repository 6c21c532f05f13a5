import type { CheckResult, CheckStatus, RollbackDecision, Severity, Verdict } from './types.js';

/**
 * The seed's Failure Handling table, row by row:
 * - a required check that failed or timed out is critical; an optional one a warning;
 * - an error inside the test machinery (not the target) is a warning, whatever `required` says;
 * - a blocked check is silent when what blocked it is already critical (one root cause, one alert),
 *   but a required check blocked by a mere warning is critical: it was never verified.
 */
export function severityOf(status: CheckStatus, required: boolean, blockedByCritical = false): Severity {
  switch (status) {
    case 'failed':
    case 'timed_out':
      return required ? 'critical' : 'warning';
    case 'error':
      return 'warning';
    case 'blocked':
      return blockedByCritical ? 'none' : required ? 'critical' : 'warning';
    default:
      return 'none';
  }
}

export function verdictOf(checks: CheckResult[]): Verdict {
  if (checks.some((c) => c.severity === 'critical')) return 'critical';
  if (checks.some((c) => c.severity === 'warning')) return 'warning';
  return 'passed';
}

/** The fields of `auto_rollback` (rollback/schema.ts) the decision reads. */
export interface RollbackPolicy {
  enabled: boolean;
  critical_failure_threshold: number;
  immediate_rollback_threshold: number;
  requires_ops_confirmation: boolean;
}

/** Whether to roll back, and how: computed from the checks alone, executed (or not) elsewhere. */
export function decideRollback(checks: CheckResult[], policy: RollbackPolicy): RollbackDecision {
  const criticalFailures = checks.filter((c) => c.severity === 'critical').length;
  const threshold = policy.critical_failure_threshold;
  const base = { criticalFailures, threshold };
  if (criticalFailures === 0) return { ...base, action: 'none', reason: 'no critical failures' };
  const plural = criticalFailures === 1 ? '1 critical failure' : `${criticalFailures} critical failures`;
  if (!policy.enabled) return { ...base, action: 'none', reason: `${plural}, but auto_rollback is not enabled: roll back by hand if needed` };
  if (criticalFailures < threshold) return { ...base, action: 'none', reason: `${plural}, below critical_failure_threshold (${threshold})` };
  if (criticalFailures >= policy.immediate_rollback_threshold) {
    return { ...base, action: 'rollback', mode: 'immediate', reason: `${plural} (at or over ${policy.immediate_rollback_threshold}): immediate rollback, no confirmation needed` };
  }
  if (policy.requires_ops_confirmation) {
    return { ...base, action: 'rollback', mode: 'awaiting_confirmation', reason: `${plural} (threshold ${threshold}): rollback awaiting ops confirmation` };
  }
  return { ...base, action: 'rollback', mode: 'automatic', reason: `${plural} (threshold ${threshold}): automatic rollback` };
}
