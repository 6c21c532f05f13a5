import type { CheckResult, RunResult } from '../core/types.js';
import { resolveNames } from './commands.js';
import { buildEvidence, isBad } from './evidence.js';
import type { Rule } from './rule.js';
import { RULES } from './rules.js';
import type { AnalysisContext, Finding } from './types.js';

/**
 * Turns a run's evidence into findings. Each rule sees only the failures earlier rules left
 * unexplained, so one root cause yields one finding. Checks blocked behind an explained
 * failure join that finding (they share its root cause). Critical findings come first.
 * Pure: no I/O, never throws on odd input (unknown rollback shapes are ignored).
 */
export function analyze(result: RunResult, context: AnalysisContext = {}, rules: readonly Rule[] = RULES): Finding[] {
  const names = resolveNames(result, context);
  let open: CheckResult[] = result.checks.filter(isBad);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const found = rule.apply(buildEvidence(result, open), names);
    for (const f of found) {
      findings.push(f);
      open = open.filter((c) => !f.checks.includes(c.name));
    }
  }
  for (const f of findings) f.checks.push(...blockedBehind(result.checks, f.checks));
  return [...findings.filter((f) => f.severity === 'critical'), ...findings.filter((f) => f.severity !== 'critical')];
}

/** Blocked checks whose dependency chain leads to one of `names`. */
function blockedBehind(checks: CheckResult[], names: string[]): string[] {
  const reached = new Set(names);
  const added: string[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const c of checks) {
      if (c.status === 'blocked' && !reached.has(c.name) && c.dependsOn?.some((d) => reached.has(d))) {
        reached.add(c.name);
        added.push(c.name);
        grew = true;
      }
    }
  }
  return added;
}

/** The run's findings (none before failure analysis ran). */
export function findingsOf(result: RunResult): Finding[] {
  return result.findings ?? [];
}
