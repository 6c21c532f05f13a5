import { createHash } from 'node:crypto';
import type { RunResult } from '../core/types.js';
import type { SmokeConfig } from '../config/schema.js';

/**
 * Who a run is about: the deployment and the revision it tested. Its key is the dedup key of
 * PagerDuty events and the marker of incident tickets, so that a re-run for the same
 * deployment and revision — even from a fresh Kubernetes Job with no local state — finds the
 * ticket it opened before instead of opening a second one.
 */
export interface RunIdentity {
  deployment: string;
  namespace?: string;
  environment?: string;
  revision: string;
  /** `smokeguard/<namespace>/<deployment>@<revision>`, ≤ 255 chars (PagerDuty's dedup_key limit). */
  key: string;
  /** A label-safe short form (`smokeguard-<12 hex>`), for GitHub labels and Jira labels (no spaces, ≤ 50 chars). */
  label: string;
}

/** CI variables that name the revision being deployed, in order of preference. */
export const REVISION_ENV = ['SMOKEGUARD_REVISION', 'GITHUB_SHA', 'CI_COMMIT_SHA', 'BUILD_SOURCEVERSION', 'GIT_COMMIT'] as const;

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

export function runIdentity(result: RunResult, config: SmokeConfig, env: Readonly<Record<string, string | undefined>>): RunIdentity {
  const deployment = result.target.deployment ?? config.deployment?.name ?? hostOf(result.target.baseUrl) ?? 'service';
  const namespace = result.target.namespace ?? config.deployment?.namespace;
  const revision = config.notifications?.revision ?? result.target.version ?? REVISION_ENV.map((n) => env[n]).find((v) => v) ?? 'unversioned';
  const key = `smokeguard/${namespace ? `${namespace}/` : ''}${deployment}@${revision}`.slice(0, 255);
  const label = `smokeguard-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  return { deployment, namespace, environment: result.target.environment, revision, key, label };
}
