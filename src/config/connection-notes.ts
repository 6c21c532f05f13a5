import type { UrlSpec } from '../checks/endpoint.js';
import { URL_SPEC as amqp } from '../checks/amqp/options.js';
import { URL_SPEC as mqtt } from '../checks/mqtt/options.js';
import { URL_SPEC as mysql } from '../checks/mysql/options.js';
import { URL_SPEC as nats } from '../checks/nats/options.js';
import { URL_SPEC as postgres } from '../checks/postgres/options.js';
import { URL_SPEC as redis } from '../checks/redis/options.js';

const SPECS: Record<string, UrlSpec> = { postgres, mysql, redis, amqp, nats, mqtt };

interface DependencyLike {
  name: string;
  type: string;
  url?: string;
  host?: string;
}

/**
 * For `validate`: dependency checks that rely on their conventional variable (no `url`, no
 * `host`) while it is not set here. Not an error — the run may happen where it is set (the CI
 * job, the Kubernetes Job) — but worth saying: where it is missing the check cannot run (a test
 * execution error, a warning, never a rollback).
 */
export function connectionNotes(dependencies: readonly DependencyLike[], env: Readonly<Record<string, string | undefined>>): string[] {
  const missing = new Map<string, string[]>();
  for (const d of dependencies) {
    const spec = SPECS[d.type];
    if (!spec || d.url || d.host || env[spec.env]) continue;
    if (d.type === 'postgres' && env.PGHOST) continue; // libpq's own variables, read by the driver
    missing.set(spec.env, [...(missing.get(spec.env) ?? []), d.name]);
  }
  return [...missing].map(([variable, names]) => `${variable} is not set here: ${names.join(', ')} will read it at run time (without it ${names.length === 1 ? 'that check' : 'those checks'} cannot run: a warning, not a rollback)`);
}
