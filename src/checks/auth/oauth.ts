import type { HttpResponse } from '../../util/http.js';
import { headerValue, parseJsonBody } from '../../util/http.js';

/**
 * Small pure helpers for the OAuth2 side of the auth check: client authentication headers,
 * error answers (RFC 6749 §5.2, RFC 6750 §3) and the expiry of a JWT.
 */

/** RFC 6749 §2.3.1: id and secret are form-encoded before being joined for Basic auth. */
export function basicAuth(clientId: string, clientSecret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`).toString('base64')}`;
}

const join = (error: string | undefined, description: string | undefined) =>
  error || description ? [error, description && error ? `(${description})` : description].filter(Boolean).join(' ') : undefined;

/**
 * "invalid_client (Client authentication failed)": an OAuth2 JSON error body first, then an
 * RFC 6750 WWW-Authenticate challenge, then a plain JSON message.
 */
export function oauthError(res: HttpResponse): string | undefined {
  const body = parseJsonBody(res) as Record<string, unknown> | undefined;
  const field = (k: string) => (body && typeof body === 'object' && typeof body[k] === 'string' ? (body[k] as string) : undefined);
  if (field('error')) return join(field('error'), field('error_description') ?? field('message'));
  const challenge = headerValue(res.headers, 'www-authenticate');
  const fromChallenge = challenge ? join(/error="([^"]*)"/.exec(challenge)?.[1], /error_description="([^"]*)"/.exec(challenge)?.[1]) : undefined;
  return fromChallenge ?? join(undefined, field('error_description') ?? field('message') ?? field('detail'));
}

/** The `exp` of a JWT (seconds since the epoch), without verifying it; undefined for opaque tokens. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined; // not a JWT after all: an opaque token with dots
  }
}

/** "it expired at 2026-11-27T12:00:00.000Z" when a known expiry has passed. */
export function expiredHint(expiresAtMs: number | undefined, now = Date.now()): string | undefined {
  return expiresAtMs !== undefined && expiresAtMs <= now ? `expired at ${new Date(expiresAtMs).toISOString()}` : undefined;
}
