import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redact.js';

describe('Redactor', () => {
  const table: { name: string; input: string; secrets?: string[]; leaks: string[] }[] = [
    { name: 'URL userinfo password', input: 'connect to postgres://app:pg-pass-123@db:5432/x failed', leaks: ['pg-pass-123'] },
    { name: 'bearer token in text', input: 'sent Authorization: Bearer eyJhbGciOi.abc.def', leaks: ['eyJhbGciOi.abc.def'] },
    { name: 'password= in a DSN or query', input: 'host=db password=s3cr3t-dsn user=app; GET /x?token=abcdef123&x=1', leaks: ['s3cr3t-dsn', 'abcdef123'] },
    { name: 'JSON fields in an echoed body', input: '{"password":"pw-echo-1","access_token":"at-echo-2","cookie":"session=ck-echo-3","name":"ok"}', leaks: ['pw-echo-1', 'at-echo-2', 'ck-echo-3'] },
    { name: 'a registered secret anywhere, also percent-encoded', input: 'value x+y/z=planted and x%2By%2Fz%3Dplanted', secrets: ['x+y/z=planted'], leaks: ['x+y/z=planted', 'x%2By%2Fz%3Dplanted'] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const r = new Redactor();
      for (const s of row.secrets ?? []) r.addSecret(s);
      const out = r.text(row.input);
      for (const leak of row.leaks) expect(out).not.toContain(leak);
      expect(out).toContain(REDACTED);
    });
  }

  it('redacts by key in structures, keeps ordinary fields', () => {
    const r = new Redactor();
    const out = r.value({ headers: { Authorization: 'Basic abc', 'Set-Cookie': ['a=b'], 'x-api-key': 'k', accept: 'json' }, payload: { email: 'a@b.c', password: 'test', dbPassword: 'p' }, required: true });
    expect(out).toEqual({ headers: { Authorization: REDACTED, 'Set-Cookie': REDACTED, 'x-api-key': REDACTED, accept: 'json' }, payload: { email: 'a@b.c', password: REDACTED, dbPassword: REDACTED }, required: true });
  });

  it.each([
    ['a 4-character password where it stands alone', 'test', '{"password":"test"} test@example.com password=test', '{"password":"***"} ***@example.com password=***'],
    ['but not inside ordinary words and names', 'test', 'Smoke tests passed; reports in /tmp/smokeguard-test-1/report.json', 'Smoke tests passed; reports in /tmp/smokeguard-test-1/report.json'],
    ['a 3-character token registered at run time', 'k9Z', 'token k9Z rejected', 'token *** rejected'],
    ['a long secret anywhere, inside a word too', 'sk_live_0123456789', 'key=xsk_live_0123456789y', 'key=x***y'],
  ])('every registered secret is redacted: %s', (_name, secret, input, output) => {
    const r = new Redactor();
    r.addSecret(secret);
    expect(r.text(input)).toBe(output);
  });
});
