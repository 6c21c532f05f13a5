import { describe, expect, it } from 'vitest';
import { buildHttpRequest } from './request.js';

/** Config-wide headers (typically Authorization) reach the base URL's origin only. */
describe('config-wide headers', () => {
  const base = 'http://127.0.0.1:8080';
  const ctx = (baseUrl?: string) => ({
    signal: new AbortController().signal,
    headers: { Authorization: 'Bearer config-wide-token' },
    resolveUrl: (e: string) => (/^https?:\/\//.test(e) || !baseUrl ? e : `${baseUrl}${e}`),
  });

  it.each([
    ['a relative endpoint (the base URL)', '/health', base, 'Bearer config-wide-token'],
    ['an absolute URL on the base origin', 'http://127.0.0.1:8080/api/x', base, 'Bearer config-wide-token'],
    ['an OAuth token_url on another host', 'https://auth.example.test/oauth/token', base, undefined],
    ['the same host on another port', 'http://127.0.0.1:9090/metrics', base, undefined],
    ['any URL when no base URL is configured (every endpoint is absolute then)', 'https://api.example.test/health', undefined, 'Bearer config-wide-token'],
  ])('%s', (_name, url, baseUrl, expected) => {
    expect(buildHttpRequest({ url: /^https?:/.test(url) ? url : undefined, endpoint: /^https?:/.test(url) ? undefined : url, method: 'GET' }, ctx(baseUrl)).headers?.authorization).toBe(expected);
  });

  it('a check or step that needs the header elsewhere says so in its own headers', () => {
    const req = buildHttpRequest({ url: 'https://auth.example.test/introspect', method: 'POST', headers: { Authorization: 'Bearer explicit' } }, ctx(base));
    expect(req.headers?.authorization).toBe('Bearer explicit');
  });
});
