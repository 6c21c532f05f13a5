import { checkType } from '../checks/registry.js';
import { runHttpCheck } from '../checks/http/http.js';
import type { CommonCheckOptions } from '../checks/check-type.js';
import type { SmokeConfig } from '../config/schema.js';
import { runFlow } from '../flows/run-flow.js';
import type { PlannedCheck } from '../core/runner.js';

const ms = (seconds: number) => Math.round(seconds * 1000);

/** Turns the validated config into the runner's plan: one PlannedCheck per entry, in config order. */
export function buildPlan(config: SmokeConfig): PlannedCheck[] {
  const health: PlannedCheck[] = config.health_checks.map((c) => ({
    name: c.name,
    kind: 'health',
    type: 'http',
    required: c.required,
    timeoutMs: ms(c.timeout_seconds),
    dependsOn: c.depends_on ?? [],
    retries: c.retries,
    target: `${c.method} ${c.endpoint ?? c.url}`,
    execute: (ctx) => runHttpCheck(c, ctx),
  }));
  const dependencies: PlannedCheck[] = config.dependency_checks.map((c) => {
    const type = checkType(c.type);
    if (!type) throw new Error(`unknown check type ${c.type}`); // unreachable: the schema admits registered types only
    return {
      name: c.name,
      kind: 'dependency',
      type: c.type,
      required: c.required,
      timeoutMs: ms(c.timeout_seconds),
      dependsOn: c.depends_on ?? [],
      retries: c.retries,
      execute: (ctx) => type.run(c as unknown as CommonCheckOptions, ctx),
    };
  });
  const paths: PlannedCheck[] = config.critical_paths.map((p) => ({
    name: p.name,
    kind: 'path',
    type: 'flow',
    required: p.required,
    timeoutMs: ms(p.timeout_seconds),
    dependsOn: p.depends_on ?? [],
    retries: p.retries,
    target: p.steps.map((s) => (s.rate_limit ? `rate limit ${s.rate_limit.endpoint ?? s.rate_limit.url}` : `${s.method} ${s.endpoint ?? s.url}`)).join(' → '),
    execute: (ctx) => runFlow(p, ctx),
  }));
  return [...health, ...dependencies, ...paths];
}
