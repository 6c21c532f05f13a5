import type { CheckResult } from '../core/types.js';
import type { Names } from './commands.js';
import type { Evidence } from './evidence.js';
import type { Finding } from './types.js';

/** One recognised situation: the checks it explains, plus whatever the builder needs. */
export interface Match {
  checks: CheckResult[];
}

/** A finding before the rule id, severity and check names are stamped on it. */
export interface FindingDraft {
  title: string;
  issue: string;
  impact: string;
  probableCause: string;
  remediation: string[];
  /** Default: critical when any explained check is critical, else warning. */
  severity?: Finding['severity'];
}

/**
 * A failure-analysis rule. `match` looks at the evidence (mostly `ev.open`, the failures no
 * earlier rule explained) and returns one match per finding; `build` words the finding.
 * Rules never throw and never do I/O.
 */
export interface RuleSpec<M extends Match> {
  /** Stable id, shown in reports and used by dashboards and tests. */
  id: string;
  /** What the rule recognises, in one sentence (docs/reports.md lists them). */
  description: string;
  match(ev: Evidence): M[];
  build(m: M, names: Names, ev: Evidence): FindingDraft;
}

/** A rule with its match type erased, so rules of different shapes sit in one table. */
export interface Rule {
  id: string;
  description: string;
  apply(ev: Evidence, names: Names): Finding[];
}

export function severityOf(checks: CheckResult[]): Finding['severity'] {
  return checks.some((c) => c.severity === 'critical') ? 'critical' : 'warning';
}

export function defineRule<M extends Match>(spec: RuleSpec<M>): Rule {
  return {
    id: spec.id,
    description: spec.description,
    apply(ev, names) {
      return spec.match(ev).map((m) => {
        const { severity, ...draft } = spec.build(m, names, ev);
        return { rule: spec.id, severity: severity ?? severityOf(m.checks), checks: m.checks.map((c) => c.name), ...draft };
      });
    },
  };
}

/** The seed's Impact lines. */
export const IMPACT = {
  serviceDown: 'CRITICAL - Service cannot handle requests',
  coreBroken: 'CRITICAL - Core functionality broken',
  minor: 'Minor feature degradation',
} as const;

/** "readiness, database" */
export const list = (checks: CheckResult[]): string => checks.map((c) => c.name).join(', ');

export const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
