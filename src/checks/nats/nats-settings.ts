import type { Redactor } from '../../util/redact.js';

export interface NatsSettings {
  /** The server URL without credentials. */
  server: string;
  user?: string;
  password?: string;
  token?: string;
  /** Who we authenticate as, for reasons: "user 'app'" or "the token". */
  who: string;
}

/**
 * Where and as whom to connect. nats.js ignores credentials written in the server URL, so they
 * are taken out of it here; by NATS convention a URL with a user and no password carries a
 * token (nats://TOKEN@host). Every secret found is registered with the redactor.
 */
export function natsSettings(
  url: string | undefined,
  fields: { host?: string; port?: number; user?: string; password?: string; token?: string },
  defaultPort: number,
  redactor: Redactor,
): NatsSettings {
  redactor.addUrlCredentials(url);
  redactor.addSecret(fields.password);
  redactor.addSecret(fields.token);
  const fromUrl = url ? credentialsOf(url) : undefined;
  const server = fromUrl?.server ?? url ?? `${fields.host}:${fields.port ?? defaultPort}`;
  const user = fields.user ?? (fromUrl?.password ? fromUrl.user : undefined);
  const password = fields.password ?? fromUrl?.password;
  const token = fields.token ?? (fromUrl && !fromUrl.password ? fromUrl.user : undefined);
  redactor.addSecret(token);
  return { server, user, password, token, who: token ? 'the token' : `user '${user ?? '(none)'}'` };
}

/** Splits `nats://user:pass@host:port` into the server and its credentials; undefined when none. */
function credentialsOf(url: string): { server: string; user?: string; password?: string } | undefined {
  try {
    const parsed = new URL(url.includes('://') ? url : `nats://${url}`);
    if (!parsed.username && !parsed.password) return undefined;
    const user = decodeURIComponent(parsed.username) || undefined;
    const password = decodeURIComponent(parsed.password) || undefined;
    parsed.username = '';
    parsed.password = '';
    return { server: parsed.toString().replace(/\/$/, ''), user, password };
  } catch {
    return undefined;
  }
}
