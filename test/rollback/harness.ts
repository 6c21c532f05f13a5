import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type SmokeConfigInput } from '../../src/config/schema.js';
import { REPORT_SCHEMA_VERSION, type CheckResult, type RollbackDecision, type RunResult } from '../../src/core/types.js';
import type { RollbackEvent, RollbackInput } from '../../src/rollback/types.js';
import type { RunningSimulator } from '../helpers/k8s-simulator/index.js';

/** The kubectl the tests drive: the one on PATH, or another build (e.g. Debian's kubernetes-client 1.20) to check against. */
export const KUBECTL = process.env.SMOKEGUARD_TEST_KUBECTL ?? 'kubectl';

/** The seed's story: django v1.21.8-stable was live, v1.22.0-context-api was just deployed and fails. */
export const GOOD = 'django:v1.21.8-stable';
export const BAD = 'django:v1.22.0-context-api';

export function seedDjango(s: RunningSimulator, replicas = 3): void {
  s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', replicas, revisions: [{ django: GOOD }, { django: BAD }] });
}

export function liveImage(s: RunningSimulator, name = 'django'): string | undefined {
  const d = s.sim.cluster.get('deployments', 'prod', name);
  return (d?.spec as { template: { spec: { containers: { image: string }[] } } } | undefined)?.template.spec.containers[0].image;
}

/** Writes that changed the Deployment (Lease writes are not rollbacks). */
export function deploymentWrites(s: RunningSimulator) {
  return s.sim.writesTo('deployments', 'django');
}

export function decision(mode: RollbackDecision['mode'], criticalFailures = mode === 'immediate' ? 2 : 1): RollbackDecision {
  return { action: 'rollback', mode, criticalFailures, threshold: 1, reason: `${criticalFailures} critical failure(s)` };
}

let runs = 0;
export function runResult(d: RollbackDecision, fields: Partial<RunResult> = {}): RunResult {
  const now = new Date().toISOString();
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: `run-${process.pid}-${++runs}`,
    tool: { name: 'smokeguard', version: 'test' },
    target: {},
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    deadlineMs: 300_000,
    deadlineReached: false,
    verdict: 'critical',
    summary: { total: 1, passed: 0, failed: 1, timedOut: 0, errors: 0, blocked: 0, skipped: 0, critical: d.criticalFailures, warnings: 0 },
    checks: [],
    decision: d,
    dryRun: false,
    timeline: [],
    ...fields,
  };
}

export function passed(name: string): CheckResult {
  return { name, kind: 'health', type: 'http', required: true, status: 'passed', severity: 'none', attempts: 1, durationMs: 3, timeoutMs: 5000 };
}

export async function stateDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'smokeguard-state-'));
}

export interface Harness {
  input: RollbackInput;
  events: RollbackEvent[];
  messages: () => string[];
}

/** A RollbackInput aimed at the simulator's prod/django, with --yes unless told otherwise. */
export function harness(
  s: RunningSimulator,
  options: { config?: SmokeConfigInput; mode?: RollbackDecision['mode']; input?: Partial<RollbackInput>; stateDir?: string } = {},
): Harness {
  const events: RollbackEvent[] = [];
  const config = configSchema.parse({
    deployment: { name: 'django', namespace: 'prod', kubeconfig: s.kubeconfig },
    ...options.config,
    auto_rollback: { enabled: true, rollback_timeout_seconds: 10, ...options.config?.auto_rollback },
  });
  const input: RollbackInput = {
    config,
    result: runResult(decision(options.mode ?? 'awaiting_confirmation')),
    dryRun: false,
    assumeYes: true,
    interactive: false,
    env: {},
    stateDir: options.stateDir ?? join(s.dir, 'state'),
    verify: async () => [passed('basic-health'), passed('readiness')],
    onEvent: (e) => events.push(e),
    pollMs: 25,
    ...options.input,
  };
  return { input, events, messages: () => events.map((e) => e.message) };
}
