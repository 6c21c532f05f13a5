import type { CheckOutcome, StepResult } from '../../core/types.js';
import { isSecretKey, type Redactor } from '../../util/redact.js';
import { defineCheck, type CheckContext } from '../check-type.js';
import { clientCredentialsToken, givenToken, loginToken, type ObtainedToken, type StepOutcome } from './obtain.js';
import { introspect, validateWithEndpoint, type TokenFacts } from './validate.js';
import { authOptions } from '../options.js';
import { authOptionProblems, type AuthOptions } from './options.js';
export { authOptionProblems } from './options.js';

/** Registers every secret-looking value of a login payload (password, otp…) before any output. */
function registerPayloadSecrets(value: unknown, redactor: Redactor): void {
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && isSecretKey(key)) redactor.addSecret(v);
    else registerPayloadSecrets(v, redactor);
  }
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
  ...authOptions,
  run: (opts, ctx) => runAuthCheck(opts, ctx),
});
