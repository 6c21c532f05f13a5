import { loadConfig } from '../../config/load.js';
import { buildPlan } from '../../run/plan.js';
import { Redactor } from '../../util/redact.js';
import { EXIT } from '../exit-codes.js';

/** One row of `smokeguard list`: what the run would do, without doing it. */
export interface PlanRow {
  name: string;
  kind: string;
  type: string;
  target: string;
  required: boolean;
  timeoutSeconds: number;
  dependsOn: string[];
}

/** Where a dependency check connects, as configured (its url, host or endpoint), before any I/O. */
function dependencyTarget(check: Record<string, unknown>): string {
  const url = check.url ?? check.endpoint ?? check.address;
  if (typeof url === 'string') return url;
  if (typeof check.host === 'string') return `${check.host}${check.port !== undefined ? `:${String(check.port)}` : ''}`;
  return '(from the environment)';
}

export async function listCommand(flags: { config?: string; environment?: string; baseUrl?: string; json?: boolean }, io: { stdout: NodeJS.WriteStream; env: NodeJS.ProcessEnv }): Promise<number> {
  const { config, secrets, file } = await loadConfig({ path: flags.config, environment: flags.environment, baseUrl: flags.baseUrl, env: io.env });
  const redactor = new Redactor();
  for (const s of secrets) redactor.addSecret(s);
  const byName = new Map(config.dependency_checks.map((c) => [c.name, c as unknown as Record<string, unknown>]));
  const rows: PlanRow[] = buildPlan(config).map((c) => ({
    name: c.name,
    kind: c.kind,
    type: c.type,
    target: redactor.text(c.target ?? dependencyTarget(byName.get(c.name) ?? {})),
    required: c.required,
    timeoutSeconds: c.timeoutMs / 1000,
    dependsOn: c.dependsOn,
  }));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ config: file, deadlineSeconds: config.timeout_seconds, concurrency: config.concurrency, checks: rows }, null, 2)}\n`);
    return EXIT.PASSED;
  }
  const header = ['name', 'kind', 'type', 'required', 'timeout', 'depends on', 'target'];
  const table = rows.map((r) => [r.name, r.kind, r.type, r.required ? 'yes' : 'no', `${r.timeoutSeconds} s`, r.dependsOn.join(', ') || '-', r.target]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  io.stdout.write(`${[line(header), ...table.map(line)].join('\n')}\n`);
  io.stdout.write(`${rows.length} checks from ${file}; deadline ${config.timeout_seconds} s, ${config.concurrency} at once\n`);
  return EXIT.PASSED;
}
