import * as z from 'zod';
import type { CheckOutcome, StepResult } from '../../core/types.js';
import { isSecretKey, type Redactor } from '../../util/redact.js';
import { defineCheck, type CheckContext } from '../check-type.js';
import { clientCredentialsSchema, clientCredentialsToken, givenToken, loginSchema, loginToken, type ObtainedToken, type StepOutcome } from './obtain.js';
import { introspect, introspectionSchema, validateWithEndpoint, validationSchema, type TokenFacts } from './validate.js';

const options = {
  client_credentials: clientCredentialsSchema.optional().describe('obtain a token with the OAuth2 client credentials grant'),
  login: loginSchema.optional().describe('obtain a token from a login endpoint'),
  token: z.string().optional().describe('use this token, e.g. "${SMOKE_TOKEN}"'),
  introspection: introspectionSchema.optional().describe('validate through RFC 7662 token introspection (expects active: true)'),
  validation: validationSchema.optional().describe('validate by calling an endpoint with the token as Bearer (expects 2xx)'),
  insecure_tls: z.boolean().optional().describe('skip TLS certificate verification on every request of the check'),
  ca_file: z.string().optional().describe('PEM file of extra certificate authorities'),
};

type AuthOptions = z.infer<z.ZodObject<typeof options>>;

/** Registers every secret-looking value of a login payload (password, otp…) before any output. */
function registerPayloadSecrets(value: unknown, redactor: Redactor): void {
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && isSecretKey(key)) redactor.addSecret(v);
    else registerPayloadSecrets(v, redactor);
  }
}

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

function obtain(opts: AuthOptions, ctx: CheckContext): Promise<StepOutcome<ObtainedToken>> {
  const tls = { insecure_tls: opts.insecure_tls, ca_file: opts.ca_file };
  if (opts.client_credentials) return clientCredentialsToken(opts.client_credentials, tls, ctx);
  if (opts.login) return loginToken(opts.login, tls, ctx);
  return Promise.resolve(givenToken(opts.token ?? ''));
}

function validate(opts: AuthOptions, token: ObtainedToken, ctx: CheckContext): Promise<StepOutcome<TokenFacts>> {
  const tls = { insecure_tls: opts.insecure_tls, ca_file: opts.ca_file };
  if (opts.introspection) return introspect(opts.introspection, token, opts.client_credentials ?? {}, tls, ctx);
  return validateWithEndpoint(opts.validation!, token, tls, ctx);
}

export async function runAuthCheck(opts: AuthOptions, ctx: CheckContext): Promise<CheckOutcome> {
  ctx.redactor.addSecret(opts.client_credentials?.client_secret);
  ctx.redactor.addSecret(opts.introspection?.client_secret);
  ctx.redactor.addSecret(opts.token);
  registerPayloadSecrets(opts.login?.payload, ctx.redactor);
  registerPayloadSecrets(opts.login?.form, ctx.redactor);
  const problems = authOptionProblems(opts);
  if (problems.length) return { status: 'error', reason: `auth check misconfigured: ${problems.map((p) => p.message).join('; ')}` };

  const steps: StepResult[] = [];
  const obtained = await obtain(opts, ctx);
  steps.push(obtained.step);
  const target = obtained.step.target;
  if (!obtained.ok) return { status: 'failed', target, steps, ...obtained.failure };
  const token = obtained.value;

  const validated = await validate(opts, token, ctx);
  steps.push(validated.step);
  const details: Record<string, unknown> = {
    tokenSource: token.source,
    tokenType: token.tokenType,
    tokenExpiresAt: token.expiresAt === undefined ? undefined : new Date(token.expiresAt).toISOString(),
    validatedBy: opts.introspection ? 'introspection' : 'validation',
  };
  if (!validated.ok) return { status: 'failed', target: validated.step.target, steps, details, ...validated.failure };
  Object.assign(details, validated.value);
  return { status: 'passed', target: validated.step.target, steps, details, httpStatus: validated.step.httpStatus };
}

export const auth = defineCheck({
  type: 'auth',
  description: 'auth service: obtain a token (client credentials, login or given) and validate it (RFC 7662 introspection or an endpoint)',
  options,
  run: (opts, ctx) => runAuthCheck(opts, ctx),
});
