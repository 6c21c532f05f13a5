import { queryJson } from '../../assertions/jsonpath.js';
import { assertStatus } from '../../assertions/status.js';
import type { HttpRequestOptions } from '../../config/http-schema.js';
import type { StepResult } from '../../core/types.js';
import { parseJsonBody, type HttpResponse } from '../../util/http.js';
import { describeError } from '../../util/net-errors.js';
import type { CheckContext } from '../check-type.js';
import { buildHttpRequest, displayUrl } from '../http/request.js';
import { basicAuth, jwtExpiry, oauthError } from './oauth.js';
import type { ClientCredentialsOptions, LoginOptions } from './options.js';
import { monotonicMs } from '../../util/monotonic.js';

/** Where the token came from, and what we learnt about it on the way. */
export interface ObtainedToken {
  token: string;
  source: 'client_credentials' | 'login' | 'token';
  tokenType?: string;
  /** Epoch ms, from expires_in or the JWT's exp, when known. */
  expiresAt?: number;
}

/** A step that could not go on: the reason, ready for the outcome. */
export interface StepFailure {
  reason: string;
  errorCode?: string;
  httpStatus?: number;
}

export type StepOutcome<T> = { ok: true; value: T; step: StepResult } | { ok: false; failure: StepFailure; step: StepResult };

type Request = Pick<HttpRequestOptions, 'url' | 'method' | 'headers' | 'payload' | 'form' | 'insecure_tls' | 'ca_file'>;

/** One HTTP exchange of the check, as a step; network failures become a StepFailure. */
export async function exchange(index: number, name: string, opts: Request, ctx: CheckContext): Promise<{ res?: HttpResponse; step: StepResult; failure?: StepFailure }> {
  const req = buildHttpRequest(opts as HttpRequestOptions, ctx);
  const target = displayUrl(req.url);
  const started = monotonicMs();
  const step: StepResult = { index, name, method: req.method, target, status: 'passed', durationMs: 0 };
  try {
    const res = await ctx.http.request(req);
    step.durationMs = Math.round(monotonicMs() - started);
    step.httpStatus = res.status;
    return { res, step };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const { code, reason } = describeError(err, target);
    step.durationMs = Math.round(monotonicMs() - started);
    step.status = 'failed';
    step.reason = `${name}: ${reason}`;
    return { step, failure: { reason: step.reason, errorCode: code } };
  }
}

function fail<T>(step: StepResult, failure: StepFailure): StepOutcome<T> {
  step.status = 'failed';
  step.reason = failure.reason;
  return { ok: false, failure, step };
}

export async function clientCredentialsToken(cc: ClientCredentialsOptions, tls: Pick<Request, 'insecure_tls' | 'ca_file'>, ctx: CheckContext): Promise<StepOutcome<ObtainedToken>> {
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (cc.scope) form.scope = cc.scope;
  if (cc.audience) form.audience = cc.audience;
  const headers: Record<string, string> = {};
  if (cc.auth_method === 'client_secret_post') Object.assign(form, { client_id: cc.client_id, client_secret: cc.client_secret });
  else headers.authorization = basicAuth(cc.client_id, cc.client_secret);
  const { res, step, failure } = await exchange(1, 'token request (client_credentials)', { url: cc.token_url, method: 'POST', form, headers, ...tls }, ctx);
  if (!res) return { ok: false, failure: failure!, step };
  const body = parseJsonBody(res) as Record<string, unknown> | undefined;
  if (res.status < 200 || res.status > 299) {
    const why = oauthError(res);
    const rejected = res.status === 400 || res.status === 401;
    return fail(step, {
      httpStatus: res.status,
      errorCode: rejected ? 'AUTH_CLIENT_REJECTED' : `HTTP_${res.status}`,
      reason: `${rejected ? 'the token endpoint refused the client credentials' : 'the token endpoint failed'}: ${res.status}${why ? ` ${why}` : ''} (client_id ${cc.client_id})`,
    });
  }
  const token = typeof body?.access_token === 'string' ? body.access_token : undefined;
  if (!token) return fail(step, { httpStatus: res.status, errorCode: 'AUTH_NO_TOKEN', reason: `the token endpoint answered ${res.status} without an access_token` });
  ctx.redactor.addSecret(token);
  const expiresIn = typeof body?.expires_in === 'number' ? body.expires_in : Number(body?.expires_in);
  const jwtExp = jwtExpiry(token);
  return {
    ok: true,
    step,
    value: { token, source: 'client_credentials', tokenType: typeof body?.token_type === 'string' ? body.token_type : undefined, expiresAt: Number.isFinite(expiresIn) ? Date.now() + expiresIn * 1000 : jwtExp === undefined ? undefined : jwtExp * 1000 },
  };
}

export async function loginToken(login: LoginOptions, tls: Pick<Request, 'insecure_tls' | 'ca_file'>, ctx: CheckContext): Promise<StepOutcome<ObtainedToken>> {
  const { res, step, failure } = await exchange(1, 'login', { url: login.url, method: login.method, headers: login.headers, payload: login.payload, form: login.form, ...tls }, ctx);
  if (!res) return { ok: false, failure: failure!, step };
  const status = assertStatus(login.expected_status ?? '2xx', res.status);
  if (!status.passed) {
    const why = oauthError(res);
    const rejected = res.status === 401 || res.status === 403;
    return fail(step, { httpStatus: res.status, errorCode: rejected ? 'AUTH_LOGIN_REJECTED' : `HTTP_${res.status}`, reason: `login ${rejected ? 'was refused' : 'failed'}: ${res.status} (expected ${String(status.expected)})${why ? `: ${why}` : ''}` });
  }
  const found = await queryJson(parseJsonBody(res), login.token_path);
  if (!found.found || typeof found.value !== 'string' || !found.value) {
    return fail(step, { httpStatus: res.status, errorCode: 'AUTH_NO_TOKEN', reason: `the login answer (${res.status}) has no token at ${login.token_path}` });
  }
  ctx.redactor.addSecret(found.value);
  const exp = jwtExpiry(found.value);
  return { ok: true, step, value: { token: found.value, source: 'login', expiresAt: exp === undefined ? undefined : exp * 1000 } };
}

export function givenToken(token: string): StepOutcome<ObtainedToken> {
  const step: StepResult = { index: 1, name: 'token (given)', status: 'passed', durationMs: 0 };
  if (!token.trim() || /^\$\{[^}]+\}$/.test(token.trim())) {
    return fail(step, { errorCode: 'AUTH_NO_TOKEN', reason: `the token is empty or an unexpanded template (${token.trim() ? token.trim() : '""'}): is its environment variable set?` });
  }
  const exp = jwtExpiry(token);
  return { ok: true, step, value: { token, source: 'token', expiresAt: exp === undefined ? undefined : exp * 1000 } };
}
