import { assertResponse, describeFailedAssertions } from '../../assertions/response.js';
import { parseJsonBody } from '../../util/http.js';
import type { CheckContext } from '../check-type.js';
import { exchange, type ObtainedToken, type StepOutcome } from './obtain.js';
import { basicAuth, expiredHint, oauthError } from './oauth.js';
import type { IntrospectionOptions, ValidationOptions } from './options.js';

/** What introspection or the validation endpoint told us about the token. */
export interface TokenFacts {
  active: boolean;
  scope?: string;
  clientId?: string;
  subject?: string;
  expiresAt?: string;
}

type Tls = { insecure_tls?: boolean; ca_file?: string };

/** Names why a token was refused: expired (when we know when), else invalid or revoked. */
function refusal(token: ObtainedToken, by: string, detail?: string): string {
  const expired = expiredHint(token.expiresAt);
  if (expired) return `the token ${expired}: refused by ${by}${detail ? ` (${detail})` : ''}`;
  return `the token was refused by ${by}: ${detail ?? 'invalid, expired or revoked'}`;
}

export async function introspect(
  spec: IntrospectionOptions,
  token: ObtainedToken,
  client: { client_id?: string; client_secret?: string },
  tls: Tls,
  ctx: CheckContext,
): Promise<StepOutcome<TokenFacts>> {
  const form: Record<string, string> = { token: token.token, token_type_hint: spec.token_type_hint };
  const headers: Record<string, string> = {};
  const id = spec.client_id ?? client.client_id;
  const secret = spec.client_secret ?? client.client_secret;
  if (id && secret) {
    if (spec.auth_method === 'client_secret_post') Object.assign(form, { client_id: id, client_secret: secret });
    else headers.authorization = basicAuth(id, secret);
  }
  const { res, step, failure } = await exchange(2, 'token introspection', { url: spec.url, method: 'POST', form, headers, ...tls }, ctx);
  if (!res) return { ok: false, failure: failure!, step };
  const failed = (reason: string, errorCode: string): StepOutcome<TokenFacts> => {
    step.status = 'failed';
    step.reason = reason;
    return { ok: false, step, failure: { reason, errorCode, httpStatus: res.status } };
  };
  if (res.status === 401 || res.status === 403) {
    const why = oauthError(res);
    return failed(`the introspection endpoint refused our client authentication: ${res.status}${why ? ` ${why}` : ''}${id ? ` (client_id ${id})` : ' (no client_id configured)'}`, 'AUTH_INTROSPECTION_REJECTED');
  }
  const body = parseJsonBody(res) as Record<string, unknown> | undefined;
  if (res.status !== 200 || !body || typeof body.active !== 'boolean') {
    return failed(`the introspection endpoint answered ${res.status} without an RFC 7662 "active" field`, `HTTP_${res.status}`);
  }
  const exp = typeof body.exp === 'number' ? body.exp * 1000 : undefined;
  const facts: TokenFacts = {
    active: body.active,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
    clientId: typeof body.client_id === 'string' ? body.client_id : undefined,
    subject: typeof body.sub === 'string' ? body.sub : undefined,
    expiresAt: exp === undefined ? undefined : new Date(exp).toISOString(),
  };
  if (!body.active) {
    // RFC 7662 says nothing more about an inactive token; its expiry is known only if we saw it.
    const expired = expiredHint(token.expiresAt ?? exp);
    return expired
      ? failed(`the token ${expired}: introspection says active: false`, 'AUTH_TOKEN_EXPIRED')
      : failed('the token is not active according to introspection (invalid, expired or revoked)', 'AUTH_TOKEN_INACTIVE');
  }
  const missing = (spec.expect_scope ?? '').split(/\s+/).filter((s) => s && !(facts.scope ?? '').split(/\s+/).includes(s));
  if (missing.length) return failed(`the token is active but lacks scope ${missing.join(' ')} (it has: ${facts.scope || 'none'})`, 'AUTH_SCOPE_MISSING');
  return { ok: true, step, value: facts };
}

export async function validateWithEndpoint(spec: ValidationOptions, token: ObtainedToken, tls: Tls, ctx: CheckContext): Promise<StepOutcome<TokenFacts>> {
  const headers = { ...spec.headers, authorization: `Bearer ${token.token}` };
  const { res, step, failure } = await exchange(2, 'token validation', { url: spec.url, method: spec.method, headers, ...tls }, ctx);
  if (!res) return { ok: false, failure: failure!, step };
  const assertions = await assertResponse(res, spec.expected_status, spec.expect);
  step.assertions = assertions;
  if (assertions.every((a) => a.passed)) return { ok: true, step, value: { active: true } };
  const rejected = res.status === 401 || res.status === 403;
  const reason = rejected ? refusal(token, `the validation endpoint (${res.status})`, oauthError(res)) : `the validation endpoint ${describeFailedAssertions(assertions)}`;
  step.status = 'failed';
  step.reason = reason;
  const errorCode = rejected ? (expiredHint(token.expiresAt) ? 'AUTH_TOKEN_EXPIRED' : 'AUTH_TOKEN_REJECTED') : `HTTP_${res.status}`;
  return { ok: false, step, failure: { reason, errorCode, httpStatus: res.status } };
}
