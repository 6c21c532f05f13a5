import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-smokeguard-signature';
export const TIMESTAMP_HEADER = 'x-smokeguard-timestamp';
export const EVENT_HEADER = 'x-smokeguard-event';

/** `sha256=<hex>` of HMAC-SHA256 over the raw body bytes, GitHub-webhook style. */
export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/**
 * What a receiver does: recompute over the raw body it received and compare in constant time.
 * The body carries `timestamp` too (covered by the signature), so a receiver can refuse replays.
 */
export function verifySignature(secret: string, rawBody: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
