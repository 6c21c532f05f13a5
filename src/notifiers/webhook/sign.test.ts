import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { signBody, verifySignature } from './sign.js';

const SECRET = 'shared-secret-0123456789';
const BODY = '{"event":"critical","timestamp":1764253935}';

describe('webhook signature', () => {
  test('is HMAC-SHA256 of the raw body, hex, prefixed sha256= (what any receiver recomputes)', () => {
    expect(signBody(SECRET, BODY)).toBe(`sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`);
  });
  test.each([
    ['the signed body', BODY, signBody(SECRET, BODY), true],
    ['a tampered body', BODY.replace('critical', 'passed'), signBody(SECRET, BODY), false],
    ['another secret', BODY, signBody('another-secret-0123456789', BODY), false],
    ['no header', BODY, undefined, false],
    ['a truncated header', BODY, signBody(SECRET, BODY).slice(0, 20), false],
  ])('verifies %s: %s', (_name, body, header, ok) => {
    expect(verifySignature(SECRET, body, header)).toBe(ok);
  });
});
