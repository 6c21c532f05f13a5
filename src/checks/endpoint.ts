import { z } from 'zod';

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

/**
 * The URL to use: the check's own `url`; else, when no `host` is set either, the conventional
 * environment variable (MYSQL_URL, AMQP_URL…). Undefined means "use the fields".
 */
export function connectionUrl(fields: EndpointFields, env: Readonly<Record<string, string | undefined>>, envName: string): string | undefined {
  if (fields.url) return fields.url;
  if (fields.host) return undefined;
  const fromEnv = env[envName];
  return fromEnv ? fromEnv : undefined;
}

/** The reason given when a check has nothing to connect to. */
export function noSettingsReason(envName: string): string {
  return `no connection settings: set url (or host) on the check, or ${envName}`;
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
export function urlOption(schemes: readonly string[], example: string, envName: string) {
  return z
    .string()
    .refine((value) => hasScheme(value, schemes), { message: `expected a URL like ${example} (scheme ${schemes.map((s) => `${s}://`).join(', ')})` })
    .optional()
    .describe(`${example}; default ${envName}`);
}

function hasScheme(value: string, schemes: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return schemes.includes(url.protocol.replace(/:$/, '').toLowerCase()) && url.hostname !== '';
  } catch {
    return false;
  }
}
