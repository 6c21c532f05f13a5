import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { executeRollback, renderRollbackConsole } from '../../src/rollback/index.js';
import type { PendingRollback } from '../../src/rollback/types.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { BAD, deploymentWrites, GOOD, harness, liveImage } from './harness.js';

/**
 * A rollback that never makes things worse, against the Kubernetes API simulator through the
 * real client: a paused Deployment, no history, manual commands that never point at a failed
 * version, every confirmation path named, and the moments ops are told before anything happens.
 */
describe('rollback safety', () => {
  let s: RunningSimulator;
  beforeEach(async () => {
    s = await startK8sSimulator({ tickMs: 20 });
  });
  afterEach(async () => s.stop());

  const scope = () => `-n prod --kubeconfig ${s.kubeconfig}`;

  it('a paused Deployment is refused before anything is written, with the manual undo and resume', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: GOOD }, { django: BAD }], paused: true });
    const outcome = await executeRollback(harness(s).input);
    expect(outcome).toMatchObject({ status: 'failed', alertOps: true, error: { kind: 'paused' } });
    expect(outcome.message).toContain('deployment/django is paused (spec.paused: true): not rolling back');
    expect(outcome.manualCommand).toBe(`kubectl set image deployment/django django=${GOOD} ${scope()} && kubectl rollout resume deployment/django ${scope()}`);
    // Not the Deployment, not even the Lease: nothing at all.
    expect(s.sim.cluster.writes).toEqual([]);
    expect(liveImage(s)).toBe(BAD);
  });

  it.each([
    ['a first deploy', { revisions: [{ django: BAD }] }],
    ['history trimmed by revisionHistoryLimit: 0', { revisions: [{ django: GOOD }, { django: BAD }], revisionHistoryLimit: 0 }],
  ])('no earlier revision (%s): "cannot roll back", no manual command, nothing written', async (_name, seed) => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', ...seed });
    const outcome = await executeRollback(harness(s).input);
    expect(outcome).toMatchObject({ status: 'failed', alertOps: true, error: { kind: 'no_previous_revision' } });
    expect(outcome.message).toContain('cannot roll back: deployment/django has no earlier revision');
    expect(outcome.manualCommand).toBeUndefined();
    expect(outcome.nothingToRollBackTo).toContain('no earlier revision');
    expect(renderRollbackConsole(outcome).join('\n')).not.toContain('Manual rollback');
    expect(s.sim.cluster.writes).toEqual([]);
  });

  it('a re-run against the rolled-back Deployment never advises redeploying the failed image', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: GOOD }, { django: BAD }] });
    expect((await executeRollback(harness(s).input)).status).toBe('succeeded');
    const again = await executeRollback(harness(s, { input: { assumeYes: false } }).input);
    expect(again.status).toBe('skipped_limit');
    expect(again.manualCommand).toBeUndefined();
    expect(again.targetImage).toBeUndefined();
    expect(again.nothingToRollBackTo).toContain('already runs the last known good version');
    const shown = renderRollbackConsole(again).join('\n');
    expect(shown).not.toContain(BAD.split(':')[1]);
    expect(shown).toContain('No manual rollback:');
    // The findings say it too, instead of advising `kubectl rollout undo` back to the failed version.
    const findings = analyze({ ...harness(s).input.result, rollback: again }, { deployment: 'django', namespace: 'prod' });
    const steps = findings.flatMap((f) => f.remediation).join('\n');
    expect(steps).toContain('Nothing to roll back to:');
    expect(steps).not.toContain(BAD.split(':')[1]);
    expect(steps).not.toContain('rollout undo');
  });

  it('when the previous revision is a failed one, manual commands target the last known good version from the ledger', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: GOOD }, { django: BAD }] });
    expect((await executeRollback(harness(s).input)).status).toBe('succeeded'); // GOOD is live, BAD is in the ledger
    await setImage(s, BAD); // someone redeploys the failed image…
    await setImage(s, 'django:v1.23.0'); // …and then a new one, which fails too: its previous revision is BAD
    const outcome = await executeRollback(harness(s).input);
    expect(outcome.status).toBe('skipped_limit');
    expect(outcome.message).toContain('itself failed smoke tests before');
    expect(outcome.lastKnownGood).toMatchObject({ source: 'ledger', images: { django: GOOD } });
    expect(outcome.manualCommand).toBe(`kubectl set image deployment/django django=${GOOD} ${scope()}`);
    expect(outcome.targetImage).toBe(GOOD);
  });

  it.each([
    ['immediate', 'immediate', {}, 'immediate: 2 critical failures'],
    ['automatic', 'automatic', {}, 'automatic: requires_ops_confirmation is false'],
    ['--yes', 'awaiting_confirmation', { assumeYes: true }, '--yes'],
    ['SMOKEGUARD_CONFIRM', 'awaiting_confirmation', { assumeYes: false, env: { SMOKEGUARD_CONFIRM: 'yes' } }, 'SMOKEGUARD_CONFIRM=yes'],
  ] as const)('"confirmed by" is recorded for %s', async (_name, mode, input, by) => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: GOOD }, { django: BAD }] });
    const h = harness(s, { mode, input });
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({ status: 'succeeded', confirmation: { approved: true, by } });
    expect(h.messages()).toContain(`Rollback confirmed by ${by} (${outcome.confirmation?.method})`);
    expect(h.messages().join('\n')).not.toContain('undefined');
  });

  it('ops are told before the confirmation wait starts, with the deadline and the exact commands', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: GOOD }, { django: BAD }] });
    const order: string[] = [];
    let pending: PendingRollback | undefined;
    const h = harness(s, {
      config: { auto_rollback: { confirmation_timeout_seconds: 0.5 } },
      input: { assumeYes: false, onAwaitingConfirmation: (p) => { pending = p; order.push('alert'); } },
    });
    const before = Date.now();
    h.input.onEvent = (e) => { if (e.message.startsWith('Waiting for ops confirmation')) order.push('wait'); };
    const outcome = await executeRollback(h.input);
    expect(order).toEqual(['alert', 'wait']);
    expect(pending).toMatchObject({ kind: 'awaiting_confirmation', deployment: 'django', namespace: 'prod', currentImage: BAD, targetImage: GOOD,
      confirmation: { onTimeout: 'skip', approveCommand: `smokeguard approve ${h.input.result.runId} --deployment django --namespace prod`, denyCommand: `smokeguard deny ${h.input.result.runId} --deployment django --namespace prod` } });
    // The window was fixed at the decision: its deadline is the configured 0.5 s after it.
    const deadline = Date.parse(pending?.confirmation?.deadline ?? '');
    expect(deadline - before).toBeGreaterThanOrEqual(450);
    expect(deadline - before).toBeLessThan(5_000);
    expect(outcome).toMatchObject({ status: 'confirmation_timeout', confirmation: { awaiting: { approveCommand: pending?.confirmation?.approveCommand } } });
  });

  it('a slow alert does not hold the wait: the window starts anyway after the grace', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: GOOD }, { django: BAD }] });
    let release: () => void = () => {};
    const h = harness(s, {
      config: { auto_rollback: { confirmation_timeout_seconds: 3 } },
      input: { assumeYes: false, onAwaitingConfirmation: () => new Promise<void>((r) => (release = r)) },
    });
    const outcome = await executeRollback(h.input);
    release();
    expect(outcome.status).toBe('confirmation_timeout');
    expect(h.messages().some((m) => m.startsWith('Waiting for ops confirmation'))).toBe(true);
  });

  it('without a wait, "rollback starting" is announced before the patch is sent', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: GOOD }, { django: BAD }] });
    const seen: { kind: string; writes: number; target?: string }[] = [];
    const h = harness(s, { mode: 'immediate', input: { onRollbackStarting: (p) => void seen.push({ kind: p.kind, writes: deploymentWrites(s).length, target: p.targetImage }) } });
    expect((await executeRollback(h.input)).status).toBe('succeeded');
    expect(seen).toEqual([{ kind: 'starting', writes: 0, target: GOOD }]);
  });
});

async function setImage(s: RunningSimulator, image: string): Promise<void> {
  const d = s.sim.cluster.get('deployments', 'prod', 'django') as { spec: { template: { spec: { containers: { image: string }[] } } } } & Parameters<typeof s.sim.cluster.put>[1];
  d.spec.template.spec.containers[0].image = image;
  s.sim.cluster.put('deployments', d);
  for (let i = 0; i < 200 && liveImage(s) !== image; i++) await new Promise((r) => setTimeout(r, 10));
}
