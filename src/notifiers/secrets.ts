import { incidentProvider } from '../incidents/registry.js';
import type { Redactor } from '../util/redact.js';
import { notifierType } from './registry.js';

/** A path segment this long in a webhook URL is taken for a token. */
export const TOKEN_SEGMENT_LENGTH = 16;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every secret of the notification config (webhook URLs, SMTP passwords, routing keys, tokens),
 * read from the config as loaded — also before it passed the schema, so that a config error
 * about a channel never quotes its webhook URL. Called at load time (src/config/load.ts).
 */
export function notificationSecrets(config: unknown): string[] {
  const notifications = isRecord(config) && isRecord(config.notifications) ? config.notifications : {};
  const found: unknown[] = [];
  for (const channel of Object.values(isRecord(notifications.channels) ? notifications.channels : {})) {
    if (!isRecord(channel) || typeof channel.type !== 'string') continue;
    found.push(...safely(() => notifierType(channel.type as string)?.secrets(channel as never)));
  }
  const incident = notifications.incident;
  if (isRecord(incident) && typeof incident.provider === 'string') found.push(...safely(() => incidentProvider(incident.provider as string)?.secrets(incident as never)));
  const out = new Set<string>();
  for (const secret of found) if (typeof secret === 'string' && secret) for (const part of secretParts(secret)) out.add(part);
  return [...out];
}

/** A provider's `secrets()` reads its options; on a config that failed the schema one may be missing. */
function safely(list: () => Array<string | undefined> | undefined): unknown[] {
  try {
    return list() ?? [];
  } catch {
    return [];
  }
}

/**
 * A webhook URL is a secret whole. Its token parts are too, for errors and echoes that print
 * only a path or a query: path segments long enough to be tokens (Slack's `…/B0…/XXXX`),
 * query values (Teams' `sig=`) and the URL's password. Short ordinary paths are left alone so
 * reports stay readable.
 */
function secretParts(secret: string): string[] {
  const parts = [secret];
  if (!/^https?:\/\//i.test(secret)) return parts;
  try {
    const u = new URL(secret);
    if (u.password) parts.push(decodeURIComponent(u.password));
    const tokens = u.pathname.split('/').filter((seg) => seg.length >= TOKEN_SEGMENT_LENGTH);
    parts.push(...tokens, ...u.searchParams.values());
    if (tokens.length || u.search) parts.push(u.pathname + u.search);
  } catch {
    /* not a URL after all: a secret whole */
  }
  return parts;
}

/** Registers one secret and its parts (see secretParts) with the redactor. */
export function registerSecret(redactor: Redactor, secret: string | undefined): void {
  if (secret) for (const part of secretParts(secret)) redactor.addSecret(part);
}

/** Registers every secret of the notification config with the run's redactor. */
export function registerNotificationSecrets(config: unknown, redactor: Redactor): void {
  for (const secret of notificationSecrets(config)) redactor.addSecret(secret);
}
