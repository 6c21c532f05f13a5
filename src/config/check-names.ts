import type { ConfigProblem } from './config-error.js';

/** The three sections that hold checks, in config order. */
export const CHECK_SECTIONS = ['health_checks', 'dependency_checks', 'critical_paths'] as const;

interface NamedCheck {
  name: string;
  path: string;
  dependsOn: unknown[];
}

function checksOf(raw: Record<string, unknown>): NamedCheck[] {
  const out: NamedCheck[] = [];
  for (const section of CHECK_SECTIONS) {
    const list = raw[section];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      const e = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
      if (typeof e.name === 'string') out.push({ name: e.name, path: `${section}[${i}]`, dependsOn: Array.isArray(e.depends_on) ? e.depends_on : [] });
    });
  }
  return out;
}

/** The name of the check a field path is in (`health_checks[1].expected_status` → `readiness`). */
export function checkNameAt(raw: unknown, path: string): string | undefined {
  const m = /^(health_checks|dependency_checks|critical_paths)\[(\d+)\]/.exec(path);
  if (!m || !raw || typeof raw !== 'object') return undefined;
  const entry = ((raw as Record<string, unknown>)[m[1]!] as unknown[] | undefined)?.[Number(m[2])];
  const name = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Names that must be unique and `depends_on` targets that must exist (and not go round in a
 * cycle). Checked on the config as written, before and whatever the schema says, so these
 * problems are reported together with every other one, not only once the rest is fixed.
 */
export function checkNameProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const all = checksOf(raw);
  const seen = new Map<string, string>();
  for (const check of all) {
    const first = seen.get(check.name);
    if (first) problems.push({ path: `${check.path}.name`, message: `duplicate check name "${check.name}" (also at ${first}); names must be unique` });
    else seen.set(check.name, check.path);
  }
  const known = [...seen.keys()];
  for (const check of all) {
    check.dependsOn.forEach((dep, i) => {
      if (typeof dep !== 'string') return; // the schema reports it
      if (!seen.has(dep)) problems.push({ path: `${check.path}.depends_on[${i}]`, message: `no check named "${dep}" (known: ${known.join(', ')})` });
      else if (dep === check.name) problems.push({ path: `${check.path}.depends_on[${i}]`, message: 'a check cannot depend on itself' });
    });
  }
  const cycle = findCycle(all);
  if (cycle) problems.push({ path: `${seen.get(cycle[0]!)!}.depends_on`, message: `dependency cycle: ${cycle.join(' → ')}` });
  return problems;
}

function findCycle(checks: NamedCheck[]): string[] | undefined {
  const deps = new Map(checks.map((c) => [c.name, c.dependsOn.filter((d): d is string => typeof d === 'string' && d !== c.name)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done' || !deps.has(name)) return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const d of deps.get(name)!) {
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const c of checks) {
    const found = visit(c.name);
    if (found) return found;
  }
  return undefined;
}
