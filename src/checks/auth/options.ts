import * as z from 'zod';
import { expectation, HTTP_METHODS, statusExpectation } from '../../config/http-schema.js';
import { defineCheckOptions } from '../check-type.js';

const clientAuthMethod = () => z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic');

const clientCredentials = () => z.strictObject({
  token_url: z.string().min(1).describe('the OAuth2 token endpoint'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  scope: z.string().optional(),
  audience: z.string().optional(),
  auth_method: clientAuthMethod(),
});

const login = () => z.strictObject({
  url: z.string().min(1).describe('the login endpoint: a path joined to base_url or an absolute URL'),
  method: z.enum(HTTP_METHODS).default('POST'),
  headers: z.record(z.string(), z.string()).optional(),
  payload: z.unknown().optional().describe('a JSON body, e.g. {"email": "...", "password": "${SMOKE_PASSWORD}"}'),
  form: z.record(z.string(), z.string()).optional(),
  token_path: z.string().regex(/^\$/, 'a JSONPath starting with $').default('$.access_token'),
  expected_status: statusExpectation.optional(),
});

const introspection = () => z.strictObject({
  url: z.string().min(1).describe('the RFC 7662 introspection endpoint'),
  client_id: z.string().min(1).optional().describe('default: client_credentials.client_id'),
  client_secret: z.string().min(1).optional().describe('default: client_credentials.client_secret'),
  auth_method: clientAuthMethod(),
  token_type_hint: z.string().default('access_token'),
  expect_scope: z.string().optional().describe('space-separated scopes the token must carry'),
});

const validation = () => z.strictObject({
  url: z.string().min(1).describe('an endpoint that accepts a valid bearer token, e.g. /api/me'),
  method: z.enum(HTTP_METHODS).default('GET'),
  headers: z.record(z.string(), z.string()).optional(),
  expected_status: statusExpectation.default('2xx'),
  expect: expectation.optional(),
});

/** The auth check's options: what config validates (the implementation is ./auth.ts, loaded when a check runs). */
export const authOptions = defineCheckOptions({
  type: 'auth',
  description: 'auth service: obtain a token (client credentials, login or given) and validate it (RFC 7662 introspection or an endpoint)',
  shape: () => ({
    client_credentials: clientCredentials().optional().describe('obtain a token with the OAuth2 client credentials grant'),
    login: login().optional().describe('obtain a token from a login endpoint'),
    token: z.string().optional().describe('use this token, e.g. "${SMOKE_TOKEN}"'),
    introspection: introspection().optional().describe('validate through RFC 7662 token introspection (expects active: true)'),
    validation: validation().optional().describe('validate by calling an endpoint with the token as Bearer (expects 2xx)'),
    insecure_tls: z.boolean().optional().describe('skip TLS certificate verification on every request of the check'),
    ca_file: z.string().optional().describe('PEM file of extra certificate authorities'),
  }),
});

export type AuthOptions = z.infer<z.ZodObject<ReturnType<typeof authOptions.shape>>>;
export type ClientCredentialsOptions = NonNullable<AuthOptions['client_credentials']>;
export type LoginOptions = NonNullable<AuthOptions['login']>;
export type IntrospectionOptions = NonNullable<AuthOptions['introspection']>;
export type ValidationOptions = NonNullable<AuthOptions['validation']>;

/**
 * Rules the option schema cannot state ("exactly one of"), as config problems with paths relative
 * to the check entry. The config loader can report them before any I/O; `run` repeats them.
 */
export function authOptionProblems(opts: Pick<AuthOptions, 'client_credentials' | 'login' | 'token' | 'introspection' | 'validation'>): { path: string; message: string }[] {
  const sources = (['client_credentials', 'login', 'token'] as const).filter((k) => opts[k] !== undefined);
  const validators = (['introspection', 'validation'] as const).filter((k) => opts[k] !== undefined);
  const problems: { path: string; message: string }[] = [];
  if (sources.length !== 1) problems.push({ path: sources[1] ?? '', message: `set exactly one of client_credentials, login, token (found ${sources.length ? sources.join(', ') : 'none'})` });
  if (validators.length !== 1) problems.push({ path: validators[1] ?? '', message: `set exactly one of introspection, validation (found ${validators.length ? validators.join(', ') : 'none'})` });
  if (opts.introspection && !opts.introspection.client_id && !opts.client_credentials) {
    problems.push({ path: 'introspection.client_id', message: 'introspection needs client_id and client_secret (RFC 7662 client authentication) when the token does not come from client_credentials' });
  }
  return problems;
}
