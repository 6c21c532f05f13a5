import type { SmokeConfig } from '../config/schema.js';
import { DEPLOYMENT_ENV, NAMESPACE_ENV } from './defaults.js';
import type { RollbackTarget, RollbackTargetOverrides } from './types.js';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from './validate.js';

export type TargetResolution =
  | { kind: 'target'; target: RollbackTarget }
  /** No deployment named anywhere: the rollback is not configured (not a failure). */
  | { kind: 'missing'; hint: string }
  /** A name that Kubernetes would reject, with where it came from. */
  | { kind: 'invalid'; problems: string[] };

export const TARGET_HINT =
  `set deployment.name (and deployment.namespace) in the config, pass --deployment NAME --namespace NS, or set ${DEPLOYMENT_ENV} / ${NAMESPACE_ENV}`;

/**
 * The deployment a rollback acts on. Precedence, per field: command-line flags, then
 * SMOKEGUARD_DEPLOYMENT / SMOKEGUARD_NAMESPACE, then the config's `deployment` block; the
 * namespace defaults to `default`. Pure: the caller passes the environment.
 */
export function resolveTarget(
  config: Pick<SmokeConfig, 'deployment'>,
  overrides: RollbackTargetOverrides = {},
  env: Readonly<Record<string, string | undefined>> = {},
): TargetResolution {
  const fromConfig = config.deployment;
  const pick = (flag: string | undefined, envValue: string | undefined, configValue: string | undefined) =>
    [flag, envValue, configValue].map((v) => v?.trim()).find((v) => v);
  const deployment = pick(overrides.deployment, env[DEPLOYMENT_ENV], fromConfig?.name);
  if (!deployment) return { kind: 'missing', hint: TARGET_HINT };
  const namespace = pick(overrides.namespace, env[NAMESPACE_ENV], fromConfig?.namespace) ?? 'default';
  const container = pick(overrides.container, undefined, fromConfig?.container);
  const containers = container ? container.split(',').map((c) => c.trim()).filter(Boolean) : [];
  const problems = [
    ...(DNS1123_SUBDOMAIN.test(deployment) ? [] : [`deployment "${deployment}" is not a valid Kubernetes name (DNS-1123: lowercase letters, digits, "-", ".")`]),
    ...(DNS1123_LABEL.test(namespace) ? [] : [`namespace "${namespace}" is not a valid Kubernetes namespace (DNS-1123 label)`]),
    ...containers.filter((c) => !DNS1123_LABEL.test(c)).map((c) => `container "${c}" is not a valid container name (DNS-1123 label)`),
  ];
  if (problems.length) return { kind: 'invalid', problems };
  const context = pick(overrides.context, undefined, fromConfig?.context);
  const kubeconfig = pick(overrides.kubeconfig, undefined, fromConfig?.kubeconfig);
  return { kind: 'target', target: { deployment, namespace, containers, ...(context ? { context } : {}), ...(kubeconfig ? { kubeconfig } : {}) } };
}
