import type { RunResult } from '../../core/types.js';
import { UNNAMED_DEPLOYMENT, type RunStart } from './types.js';

/** The deployment a run is grouped under: its named deployment, else "unnamed". */
export function deploymentOf(result: Pick<RunResult, 'target'>): string {
  return result.target.deployment || UNNAMED_DEPLOYMENT;
}

function deployedAtOf(result: RunResult): number | undefined {
  const event = result.timeline.find((e) => e.kind === 'deployment_completed');
  return event ? Date.parse(event.at) : undefined;
}

export function startOf(result: RunResult): RunStart {
  const t = result.target;
  return {
    runId: result.runId,
    deployment: deploymentOf(result),
    environment: t.environment,
    namespace: t.namespace,
    revision: t.version,
    baseUrl: t.baseUrl,
    startedAt: Date.parse(result.startedAt),
    deployedAt: deployedAtOf(result),
  };
}

/** The rollback record is `unknown` to the run model: read the two fields the history shows. */
export function rollbackFacts(result: RunResult): { status?: string; confirmedBy?: string } {
  const rb = result.rollback as { status?: unknown; confirmation?: { by?: unknown; required?: unknown } } | undefined;
  const status = typeof rb?.status === 'string' ? rb.status : undefined;
  const by = rb?.confirmation?.required && typeof rb.confirmation.by === 'string' ? rb.confirmation.by : undefined;
  return { status, confirmedBy: by };
}

/** Checks that weighed on the verdict. */
export function failedChecksOf(result: RunResult): string[] {
  return result.checks.filter((c) => c.severity !== 'none').map((c) => c.name);
}
