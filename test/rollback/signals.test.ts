import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRollback } from '../../src/rollback/index.js';
import { leaseName } from '../../src/rollback/lease.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { BAD, deploymentWrites, GOOD, harness, liveImage, seedDjango } from './harness.js';

/**
 * SIGTERM/SIGINT reach the rollback as an AbortSignal (RunOptions.signal): no rollback is started
 * after it, a patch already sent is watched for a bounded grace, and the Lease is released.
 */
describe('rollback and the stop signal', () => {
  let s: RunningSimulator;
  beforeEach(async () => {
    s = await startK8sSimulator({ tickMs: 20 });
    seedDjango(s);
  });
  afterEach(async () => s.stop());

  const leaseHolder = () => (s.sim.cluster.get('leases', 'prod', leaseName('django'))?.spec as { holderIdentity?: string } | undefined)?.holderIdentity;

  it('a signal before the rollback: nothing is started, nothing written', async () => {
    const stop = new AbortController();
    stop.abort(new Error('SIGTERM'));
    const outcome = await executeRollback(harness(s, { mode: 'immediate', input: { signal: stop.signal } }).input);
    expect(outcome).toMatchObject({ status: 'aborted', alertOps: true, interrupted: { during: 'before_start' } });
    expect(outcome.message).toContain('rollback not started: the run was stopped (SIGTERM)');
    expect(s.sim.cluster.writes).toEqual([]);
  });

  it('a signal during the confirmation wait: the wait ends at once, no rollback, the Lease is released', async () => {
    const stop = new AbortController();
    const h = harness(s, { config: { auto_rollback: { confirmation_timeout_seconds: 30 } }, input: { assumeYes: false, signal: stop.signal } });
    h.input.onAwaitingConfirmation = () => void setTimeout(() => stop.abort(new Error('SIGINT')), 50);
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({ status: 'aborted', interrupted: { during: 'confirmation' }, manualCommand: expect.stringContaining(`django=${GOOD}`) });
    expect(outcome.durationMs).toBeLessThan(10_000); // not the 30 s window
    expect(deploymentWrites(s)).toHaveLength(0);
    expect(liveImage(s)).toBe(BAD);
    expect(leaseHolder()).toBeUndefined();
  });

  it('a signal after the patch: the rollout is watched for the grace only, reported interrupted, the Lease released', async () => {
    s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'stall', afterPods: 1 });
    const stop = new AbortController();
    const h = harness(s, { mode: 'immediate', config: { auto_rollback: { rollback_timeout_seconds: 60 } }, input: { signal: stop.signal, signalGraceMs: 300 } });
    h.input.onEvent = (e) => {
      if (e.message.startsWith('Rolling back 1/3')) stop.abort(new Error('SIGTERM'));
    };
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({ status: 'failed', alertOps: true, error: { kind: 'interrupted' }, interrupted: { during: 'rollout' }, pods: { ready: 1, desired: 3 } });
    expect(outcome.durationMs).toBeLessThan(20_000); // cut by the grace, not the 60 s rollback timeout
    expect(liveImage(s)).toBe(GOOD); // the patch stays: it was sent before the signal
    expect(leaseHolder()).toBeUndefined();
  });

  it('a rollout that completes within the grace is reported succeeded, without starting verification', async () => {
    const stop = new AbortController();
    let verified = false;
    const h = harness(s, { mode: 'immediate', input: { signal: stop.signal, signalGraceMs: 5_000, verify: async () => { verified = true; return []; } } });
    h.input.onEvent = (e) => {
      if (e.message.startsWith('Rollback started')) stop.abort(new Error('SIGTERM'));
    };
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({ status: 'succeeded', interrupted: { during: 'verification' }, pods: { ready: 3, desired: 3 } });
    expect(verified).toBe(false);
    expect(leaseHolder()).toBeUndefined();
  });
});
