import { stringify } from 'yaml';
import type { Starter } from './starter.js';
import { VARIABLE_CONVENTIONS } from './conventions.js';
import { Redactor } from '../util/redact.js';

/** A YAML scalar, quoted only when YAML needs it. */
function scalar(value: string | number | boolean): string {
  return stringify(value).trimEnd();
}

const CRITICAL_PATH_EXAMPLE = `# critical_paths:                      # none found: smokeguard cannot guess your login. An example:
#   - name: user-login
#     timeout_seconds: 15
#     steps:
#       - method: POST
#         endpoint: /api/auth/login
#         payload: { email: smoke@example.com, password: \${SMOKE_PASSWORD} }
#       - method: GET
#         endpoint: /api/user/profile    # the login's session cookie is sent along
#         required_status: 200
# See docs/configuration.md#critical-paths (captures, cleanup, rate-limit steps).`;

/**
 * The starter smokeguard.yaml: the seed's shape, every entry commented with why it is there and
 * why it is (not) required. Pure: `init` writes what this returns.
 */
export function renderStarterYaml(starter: Starter, writtenAt: Date): string {
  const shown = new Redactor(); // the comment names the service, not its password
  shown.addUrlCredentials(starter.baseUrl);
  const lines: string[] = [
    `# smokeguard.yaml — written by \`smokeguard init\` on ${writtenAt.toISOString().slice(0, 10)} from what ${shown.text(starter.baseUrl)} answered.`,
    '# Edit freely: every field is described in docs/configuration.md; check it with `smokeguard validate`.',
    '# required: true  → its failure is critical (counts towards a rollback)',
    '# required: false → its failure is a warning (the deployment stays)',
    'enabled: true',
    'timeout_seconds: 300                   # the whole run\'s hard deadline (the seed\'s 5 minutes)',
    `base_url: ${scalar(starter.baseUrl)}${' '.repeat(Math.max(1, 28 - starter.baseUrl.length))}# --base-url or SMOKEGUARD_BASE_URL override it`,
  ];
  if (starter.deployment) {
    const d = starter.deployment;
    lines.push(
      'deployment:                            # read from the cluster: what a rollback acts on',
      `  name: ${scalar(d.name)}`,
      `  namespace: ${scalar(d.namespace)}`,
      ...(d.container ? [`  container: ${scalar(d.container)}`] : []),
      'auto_rollback:                         # the seed\'s: roll back on the first critical failure, after ops confirm',
      '  enabled: true',
      '  critical_failure_threshold: 1',
      '  requires_ops_confirmation: true',
      '  rollback_timeout_seconds: 60',
    );
  } else {
    lines.push(
      'auto_rollback:',
      '  enabled: false                       # no deployment named: add `deployment:` (docs/rollback.md), then turn this on',
    );
  }
  lines.push('health_checks:');
  for (const h of starter.health) {
    lines.push(
      ...h.why.map((w) => `  # ${w}`),
      `  - name: ${scalar(h.name)}`,
      `    endpoint: ${scalar(h.endpoint)}`,
      `    expected_status: ${h.expectedStatus}`,
      `    timeout_seconds: ${h.timeoutSeconds}`,
      `    required: ${h.required}`,
    );
  }
  if (!starter.health.length) lines.push('  []                                   # none found: add one (docs/configuration.md#health-checks-http)');
  if (starter.dependencies.length) {
    lines.push('dependency_checks:');
    for (const d of starter.dependencies) {
      lines.push(
        `  # ${d.why}`,
        `  - name: ${scalar(d.name)}`,
        `    type: ${d.type}`,
        `    url: \${${d.variable}}`,
        ...Object.entries(d.fields).map(([k, v]) => `    ${k}: ${scalar(v)}`),
        `    timeout_seconds: ${d.timeoutSeconds}`,
        `    required: ${d.required}`,
      );
    }
  } else {
    // Every variable init looks for, so the reader knows which names it would have picked up.
    lines.push(`# dependency_checks: none found (no ${VARIABLE_CONVENTIONS.map((v) => v.variable).join(', ')} set): see docs/check-types.md`);
  }
  lines.push(CRITICAL_PATH_EXAMPLE);
  if (starter.deployment) lines.push('rollback_strategy:', '  type: previous-image', '  max_rollback_attempts: 1');
  return `${lines.join('\n')}\n`;
}
