import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOptionProblems, checkOptions } from '../../../test/helpers/check-options.js';
import { testContext } from '../../../test/helpers/check-context.js';
import { startOAuth2Server, type OAuth2Server } from '../../../test/helpers/oauth2-server.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import type { CheckOutcome } from '../../core/types.js';
import { auth, authOptionProblems } from './auth.js';
import { basicAuth, jwtExpiry, oauthError } from './oauth.js';

let idp: OAuth2Server;
beforeAll(async () => {
  idp = await startOAuth2Server({ clients: { 'smoke-client': 'smoke-secret-1', 'client with space': 'p@ss:w/rd+1' } });
});
afterAll(() => idp.close());

const cc = (over: Record<string, unknown> = {}) => ({ token_url: `${idp.url}/oauth/token`, client_id: 'smoke-client', client_secret: 'smoke-secret-1', scope: 'read write', ...over });
const introspection = (over: Record<string, unknown> = {}) => ({ url: `${idp.url}/oauth/introspect`, ...over });
const validation = () => ({ url: `${idp.url}/api/me` });

interface Scenario {
  name: string;
  entry: () => Record<string, unknown>;
  status: CheckOutcome['status'];
  reason?: RegExp;
  errorCode?: string;
  details?: Record<string, unknown>;
  /** Values that must not appear anywhere in the redacted outcome. */
  secrets?: string[];
}

const scenarios: Scenario[] = [
  { name: 'client credentials + introspection: active', entry: () => ({ client_credentials: cc(), introspection: introspection() }), status: 'passed', details: { tokenSource: 'client_credentials', validatedBy: 'introspection', active: true, scope: 'read write', clientId: 'smoke-client' } },
  { name: 'client_secret_post, and introspection with its own client', entry: () => ({ client_credentials: cc({ auth_method: 'client_secret_post' }), introspection: introspection({ client_id: 'client with space', client_secret: 'p@ss:w/rd+1' }) }), status: 'passed', secrets: ['p@ss:w/rd+1', 'smoke-secret-1'] },
  { name: 'client credentials + validation endpoint', entry: () => ({ client_credentials: cc(), validation: validation() }), status: 'passed', details: { validatedBy: 'validation' } },
  { name: 'introspection expects a scope the token has', entry: () => ({ client_credentials: cc(), introspection: introspection({ expect_scope: 'write' }) }), status: 'passed' },
  { name: 'introspection expects a scope the token lacks', entry: () => ({ client_credentials: cc({ scope: 'read' }), introspection: introspection({ expect_scope: 'write admin' }) }), status: 'failed', reason: /^the token is active but lacks scope write admin \(it has: read\)$/, errorCode: 'AUTH_SCOPE_MISSING' },
  { name: 'wrong client secret at the token endpoint', entry: () => ({ client_credentials: cc({ client_secret: 'wrong-secret-9' }), introspection: introspection() }), status: 'failed', reason: /^the token endpoint refused the client credentials: 401 invalid_client \(Client authentication failed\) \(client_id smoke-client\)$/, errorCode: 'AUTH_CLIENT_REJECTED', secrets: ['wrong-secret-9'] },
  { name: 'introspection refuses our client', entry: () => ({ token: idp.issueToken(), introspection: introspection({ client_id: 'smoke-client', client_secret: 'bad-secret-7' }) }), status: 'failed', reason: /^the introspection endpoint refused our client authentication: 401 invalid_client \(client_id smoke-client\)$/, errorCode: 'AUTH_INTROSPECTION_REJECTED' },
  { name: 'given token, active', entry: () => ({ token: idp.issueToken(), introspection: introspection({ client_id: 'smoke-client', client_secret: 'smoke-secret-1' }) }), status: 'passed', details: { tokenSource: 'token', active: true } },
  { name: 'given opaque token that expired: inactive', entry: () => ({ token: idp.issueToken({ ttlSeconds: -60 }), introspection: introspection({ client_id: 'smoke-client', client_secret: 'smoke-secret-1' }) }), status: 'failed', reason: /^the token is not active according to introspection \(invalid, expired or revoked\)$/, errorCode: 'AUTH_TOKEN_INACTIVE' },
  { name: 'given JWT that expired: introspection says when', entry: () => ({ token: idp.issueToken({ ttlSeconds: -60, jwt: true }), introspection: introspection({ client_id: 'smoke-client', client_secret: 'smoke-secret-1' }) }), status: 'failed', reason: /^the token expired at \d{4}-\d\d-\d\dT[\d:.]+Z: introspection says active: false$/, errorCode: 'AUTH_TOKEN_EXPIRED' },
  { name: 'given unknown token: validation endpoint refuses it', entry: () => ({ token: 'tok_made_up_value', validation: validation() }), status: 'failed', reason: /^the token was refused by the validation endpoint \(401\): invalid_token \(The access token is invalid\)$/, errorCode: 'AUTH_TOKEN_REJECTED', secrets: ['tok_made_up_value'] },
  { name: 'given expired JWT: validation endpoint refuses it as expired', entry: () => ({ token: idp.issueToken({ ttlSeconds: -60, jwt: true }), validation: validation() }), status: 'failed', reason: /^the token expired at .*Z: refused by the validation endpoint \(401\) \(invalid_token \(The access token expired\)\)$/, errorCode: 'AUTH_TOKEN_EXPIRED' },
  { name: 'revoked token', entry: () => { const t = idp.issueToken(); idp.revoke(t); return { token: t, validation: validation() }; }, status: 'failed', reason: /refused by the validation endpoint \(401\)/, errorCode: 'AUTH_TOKEN_REJECTED' },
  { name: 'login endpoint + validation', entry: () => ({ login: { url: `${idp.url}/login`, payload: { email: 'test@example.com', password: 'test-password-1' }, token_path: '$.data.token' }, validation: validation() }), status: 'passed', details: { tokenSource: 'login' }, secrets: ['test-password-1'] },
  { name: 'login with a wrong password', entry: () => ({ login: { url: `${idp.url}/login`, payload: { email: 'test@example.com', password: 'nope-password' }, token_path: '$.data.token' }, validation: validation() }), status: 'failed', reason: /^login was refused: 401 \(expected 2xx\): invalid_credentials \(wrong email or password\)$/, errorCode: 'AUTH_LOGIN_REJECTED', secrets: ['nope-password'] },
  { name: 'login answer without a token at token_path', entry: () => ({ login: { url: `${idp.url}/login`, payload: { email: 'test@example.com', password: 'test-password-1' } }, validation: validation() }), status: 'failed', reason: /^the login answer \(200\) has no token at \$\.access_token$/, errorCode: 'AUTH_NO_TOKEN' },
  { name: 'empty given token (unset variable)', entry: () => ({ token: '', validation: validation() }), status: 'failed', reason: /the token is empty/, errorCode: 'AUTH_NO_TOKEN' },
  { name: 'no token source', entry: () => ({ validation: validation() }), status: 'error', reason: /set exactly one of client_credentials, login, token \(found none\)/ },
  { name: 'two ways to validate', entry: () => ({ token: 'abcdefgh', validation: validation(), introspection: introspection() }), status: 'error', reason: /set exactly one of introspection, validation \(found introspection, validation\)/ },
];

describe('auth check', () => {
  it.each(scenarios)('$name', async (s) => {
    const ctx = testContext();
    try {
      const entry = s.entry();
      const out = await auth.run(checkOptions(auth, entry), ctx);
      expect(out.status, out.reason).toBe(s.status);
      if (s.reason) expect(out.reason).toMatch(s.reason);
      if (s.errorCode) expect(out.errorCode).toBe(s.errorCode);
      if (s.details) expect(out.details).toMatchObject(s.details);
      const printed = JSON.stringify(ctx.redactor.value(out));
      for (const secret of [...(s.secrets ?? []), ...(typeof entry.token === 'string' && entry.token.length >= 5 ? [entry.token] : [])]) expect(printed).not.toContain(secret);
      // Tokens obtained on the way are secrets too.
      for (const r of idp.requests) {
        const obtained = /"access_token":"([^"]+)"/.exec(r.body)?.[1];
        if (obtained) expect(printed).not.toContain(obtained);
      }
    } finally {
      await ctx.dispose();
    }
  });

  it('an obtained token is registered with the redactor', async () => {
    const ctx = testContext();
    try {
      await auth.run(checkOptions(auth, { login: { url: `${idp.url}/login`, payload: { email: 'test@example.com', password: 'test-password-1' }, token_path: '$.data.token' }, validation: validation() }), ctx);
      const sent = idp.requests.filter((r) => r.path === '/api/me').at(-1)!.headers.authorization!;
      expect(sent).toMatch(/^Bearer tok_/);
      expect(ctx.redactor.text(`echo ${sent.slice(7)}`)).toBe('echo ***');
    } finally {
      await ctx.dispose();
    }
  });

  it('reports both steps', async () => {
    const ctx = testContext();
    try {
      const out = await auth.run(checkOptions(auth, { client_credentials: cc(), introspection: introspection() }), ctx);
      expect(out.steps?.map((s) => [s.name, s.status, s.httpStatus])).toEqual([
        ['token request (client_credentials)', 'passed', 200],
        ['token introspection', 'passed', 200],
      ]);
    } finally {
      await ctx.dispose();
    }
  });

  it('nothing listening: connection refused, naming the step', async () => {
    const port = await closedPort();
    const ctx = testContext();
    try {
      const out = await auth.run(checkOptions(auth, { client_credentials: cc({ token_url: `http://127.0.0.1:${port}/oauth/token` }), introspection: introspection() }), ctx);
      expect(out).toMatchObject({ status: 'failed', errorCode: 'ECONNREFUSED', reason: `token request (client_credentials): connection refused at http://127.0.0.1:${port}/oauth/token` });
    } finally {
      await ctx.dispose();
    }
  });

  it('accepts and stays silent: cut at the timeout', async () => {
    const silent = await startSilentServer();
    const ctx = testContext({ timeoutMs: 700 });
    const started = Date.now();
    try {
      await expect(auth.run(checkOptions(auth, { token: 'abcdefgh', introspection: { url: `${silent.url('http')}/introspect`, client_id: 'smoke-client', client_secret: 'smoke-secret-1' } }), ctx)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(700 + 1000);
    } finally {
      await ctx.dispose();
      await silent.close();
    }
  });

  it.each([
    ['one source, one validator', { token: 't', validation: { url: '/me' } }, []],
    ['two sources', { token: 't', login: {}, validation: { url: '/me' } }, ['token: set exactly one of client_credentials, login, token (found login, token)']],
    ['no validator', { token: 't' }, [': set exactly one of introspection, validation (found none)']],
    ['introspection without client authentication', { token: 't', introspection: { url: '/i' } }, [expect.stringMatching(/^introspection\.client_id: introspection needs client_id/)]],
    ['introspection borrows the client_credentials client', { client_credentials: {}, introspection: { url: '/i' } }, []],
  ])('authOptionProblems: %s', (_name, opts, expected) => {
    expect(authOptionProblems(opts as Parameters<typeof authOptionProblems>[0]).map((p) => `${p.path}: ${p.message}`)).toEqual(expected);
  });

  it('config: nested blocks are strict and say what they expect', () => {
    expect(checkOptionProblems(auth, { client_credentials: { token_url: 'x', client_id: 'a' }, introspection: { url: 'y', bogus: 1 } }).sort()).toEqual([
      expect.stringMatching(/^client_credentials\.client_secret: /),
      expect.stringMatching(/^introspection: Unrecognized key.*bogus/),
    ]);
  });
});

describe('oauth helpers', () => {
  it('basicAuth form-encodes id and secret (RFC 6749 §2.3.1)', () => {
    expect(basicAuth('client with space', 'p@ss:w/rd+1')).toBe(`Basic ${Buffer.from('client+with+space:p%40ss%3Aw%2Frd%2B1').toString('base64')}`);
  });
  it('jwtExpiry reads exp, and nothing from opaque tokens', () => {
    const jwt = `e30.${Buffer.from('{"exp":1700000000}').toString('base64url')}.sig`;
    expect(jwtExpiry(jwt)).toBe(1700000000);
    expect(jwtExpiry('tok_abc')).toBeUndefined();
    expect(jwtExpiry('a.b.c')).toBeUndefined();
  });
  it('oauthError reads JSON errors and WWW-Authenticate challenges', () => {
    const res = (headers: Record<string, string>, body: string) => ({ status: 401, headers, body, truncated: false, durationMs: 1 });
    expect(oauthError(res({ 'content-type': 'application/json' }, '{"error":"invalid_client","error_description":"bad"}'))).toBe('invalid_client (bad)');
    expect(oauthError(res({ 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' }, ''))).toBe('invalid_token (expired)');
    expect(oauthError(res({}, 'nope'))).toBeUndefined();
  });
});
