import * as z from 'zod';
import type { CheckOutcome } from '../core/types.js';
import type { CheckContext } from './check-type.js';

/**
 * Where a dependency check connects, shared by the types that take "a url or fields, with the
 * conventional environment variable as default". Kept apart from the drivers so every type
 * names its target the same way (`host:port`, never the password).
 */

export interface EndpointFields {
  url?: string;
  host?: string;
  port?: number;
}

/** How a type's connection URL looks and where its default comes from. */
export interface UrlSpec {
  schemes: readonly string[];
  /** Shown in messages: `mysql://user:password@host:3306/db`. */
  example: string;
  /** The conventional environment variable: MYSQL_URL, AMQP_URL… */
  env: string;
}

/**
 * The URL to use: the check's own `url`; else, when no `host` is set either, the conventional
 * environment variable. `{}` means "use the fields". A reason when there is nothing to connect
 * to, or when the variable holds no such URL (the schema checked `url`, not the environment).
 */
export function connectionUrl(fields: EndpointFields, env: Readonly<Record<string, string | undefined>>, spec: UrlSpec): { url?: string } | { reason: string } {
  if (fields.url) return { url: fields.url };
  if (fields.host) return {};
  const fromEnv = env[spec.env];
  if (!fromEnv) return { reason: `no connection settings: set url (or host) on the check, or ${spec.env}` };
  if (!hasScheme(fromEnv, spec.schemes)) return { reason: `${spec.env} is not a URL like ${spec.example}` };
  return { url: fromEnv };
}

/**
 * Everything a connecting check does first: find the URL (its own, else the conventional
 * variable), register its password with the run's redactor, and name the target `host:port`
 * for messages. A failure outcome when there is nothing to connect to.
 */
export function resolveEndpoint(
  fields: EndpointFields & { password?: string },
  ctx: Pick<CheckContext, 'env' | 'redactor'>,
  spec: UrlSpec,
  defaultPort: number,
): { url?: string; target: string } | { failure: CheckOutcome } {
  const found = connectionUrl(fields, ctx.env, spec);
  // Nothing to connect to is the smoke test's own set-up, not the deployment's fault: the seed's
  // "test execution error → log error, mark as warning", never a rollback.
  if ('reason' in found) return { failure: { status: 'error', reason: found.reason } };
  ctx.redactor.addUrlCredentials(found.url);
  ctx.redactor.addSecret(fields.password);
  return { url: found.url, target: describeEndpoint(found.url, fields, defaultPort) };
}

/** `host:port` of a URL or of the fields; IPv6 hosts keep their brackets. */
export function describeEndpoint(url: string | undefined, fields: EndpointFields, defaultPort: number): string {
  if (url) {
    try {
      const u = new URL(url);
      return `${u.hostname || 'localhost'}:${u.port || defaultPort}`;
    } catch {
      return '(unparsable url)';
    }
  }
  const host = fields.host ?? 'localhost';
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${fields.port ?? defaultPort}`;
}

/** "3 s" or "250 ms": timeouts as a person reads them. */
export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/**
 * The `url` option of a connection: checked when the config is loaded, so a typo is a config
 * error with its field path rather than a driver error at run time. The message never repeats
 * the value, which may hold a password.
 */
export function urlOption(spec: UrlSpec) {
  return z
    .string()
    .refine((value) => hasScheme(value, spec.schemes), { message: `expected a URL like ${spec.example} (scheme ${spec.schemes.map((s) => `${s}://`).join(', ')})` })
    .optional()
    .describe(`${spec.example}; default ${spec.env}`);
}

/** The connection fields every connecting type takes: `url` (checked), or `host` and `port`. */
export function connectionShape(spec: UrlSpec) {
  return {
    url: urlOption(spec),
    host: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional(),
  };
}

function hasScheme(value: string, schemes: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return schemes.includes(url.protocol.replace(/:$/, '').toLowerCase()) && url.hostname !== '';
  } catch {
    return false;
  }
}
