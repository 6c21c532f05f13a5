import type { RollbackOutcome } from './types.js';

/**
 * The rollback's console lines, in the seed's style ("Automatic rollback initiated:",
 * "Current: …", "Rollback to: …", "Status: Rolling back 3/3 pods..."). Pure. The caller prints
 * the "✗ ROLLBACK FAILED — alert ops" banner for status `failed`; these lines give the detail.
 */
export function renderRollbackConsole(o: RollbackOutcome): string[] {
  if (o.status === 'not_needed') return [];
  const images = [...(o.currentImage ? [`Current: ${o.currentImage}`] : []), ...(o.targetImage ? [`Rollback to: ${o.targetImage}`] : [])];
  const where = o.deployment ? `deployment/${o.deployment} -n ${o.namespace}` : '';
  const manual = o.manualCommand ? [`Manual rollback: ${o.manualCommand}`] : [];
  const seconds = `${(o.durationMs / 1000).toFixed(1)}s`;
  switch (o.status) {
    case 'not_configured':
      return [`To roll back automatically: ${o.hint ?? 'name the deployment'}`];
    case 'aborted':
      return [`Rollback not started: the run was stopped — alert ops`, ...images, ...manual, ...nothing(o)];
    case 'dry_run':
      return ['Dry run — rollback not executed:', ...images, ...(where ? [`Target: ${where} (${o.strategy})`] : []), ...(o.confirmation?.required ? ['Would wait for ops confirmation'] : []), ...(o.manualCommand ? [`Would run: ${o.manualCommand}`] : [])];
    case 'denied':
      return [`Rollback denied by ${o.confirmation?.by ?? 'ops'} (${o.confirmation?.method ?? 'unknown'}): deployment left as it is`, ...images, ...manual];
    case 'confirmation_timeout':
      return [`Rollback not confirmed in time: no rollback — alert ops`, ...images, ...manual];
    case 'skipped_limit':
      return [o.message.replace(/^rollback skipped/, 'Rollback skipped'), ...manual, ...nothing(o)];
    case 'locked_by_other_run':
      return [`Rollback not started: ${o.message}`];
    case 'succeeded':
      return [
        'Automatic rollback initiated:',
        ...images,
        `Status: Rolling back ${pods(o)} pods... done in ${seconds}`,
        ...confirmationLine(o),
        ...(o.verification ? [o.verification.healthy ? 'Verification: healthy again (required checks pass)' : `Verification: STILL UNHEALTHY after rollback — alert ops${failing(o)}`] : []),
      ];
    case 'failed':
      return [
        'Automatic rollback initiated:',
        ...images,
        ...(o.pods ? [`Status: stopped at ${pods(o)} pods`] : []),
        `Reason: ${o.error?.message ?? o.message}`,
        ...(o.error?.missingPermission ? [`Missing permission: ${o.error.missingPermission} (see "RBAC" in docs/rollback.md)`] : []),
        ...manual,
        ...(o.error?.kind === 'no_previous_revision' ? [] : nothing(o)),
      ];
  }
}

/** Said plainly when no manual rollback is offered (the reason is not already the headline). */
function nothing(o: RollbackOutcome): string[] {
  return !o.manualCommand && o.nothingToRollBackTo ? [`No manual rollback: ${o.nothingToRollBackTo}`] : [];
}

function pods(o: RollbackOutcome): string {
  return o.pods ? `${o.pods.ready}/${o.pods.desired}` : '?';
}

function confirmationLine(o: RollbackOutcome): string[] {
  const c = o.confirmation;
  if (!c) return [];
  if (c.method === 'immediate') return ['Confirmation: skipped (several critical failures: immediate rollback)'];
  if (c.method === 'not_required') return [`Confirmation: not required (${c.by ?? 'automatic'})`];
  return [`Confirmed by: ${c.by ?? 'unknown'} (${c.method})`];
}

function failing(o: RollbackOutcome): string {
  const bad = o.verification?.checks.filter((c) => c.status !== 'passed' && c.status !== 'skipped') ?? [];
  if (o.verification?.error) return `: ${o.verification.error}`;
  return bad.length ? `: ${bad.map((c) => `${c.name} ${c.reason ?? c.status}`).join('; ')}` : '';
}
