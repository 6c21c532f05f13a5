import type { HttpRequestOptions } from '../../config/http-schema.js';
import { DEFAULT_EXPECTED_STATUS, BODY_EXCERPT_CHARS } from '../../config/defaults.js';
import type { StatusExpectation } from '../../config/http-schema.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';
import type { CheckContext } from '../check-type.js';

/** Walks a JSON payload and expands templates in its strings. */
function expandDeep(value: unknown, expand: (s: string) => string): unknown {
  if (typeof value === 'string') return expand(value);
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, expand));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandDeep(v, expand)]));
  }
  return value;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** True when `url` is on the base URL's origin, or when there is no base URL to tell (every URL is absolute then). */
function sameOriginAsBase(url: string, base: string): boolean {
  const baseOrigin = originOf(base);
  return baseOrigin === undefined || originOf(url) === baseOrigin;
}

/**
 * The config-wide headers (typically Authorization) that go with a request to `url`, lower-cased:
 * all of them on the base URL's origin, none elsewhere — as across a redirect, so not to an OAuth
 * token_url, a Prometheus server or another host a step names. A check or step that needs them
 * elsewhere lists them in its own `headers`.
 */
export function configHeadersFor(url: string, ctx: Pick<CheckContext, 'resolveUrl' | 'headers'>, expand: (s: string) => string = (s) => s): Record<string, string> {
  if (!sameOriginAsBase(url, ctx.resolveUrl('/'))) return {};
  return Object.fromEntries(Object.entries(ctx.headers).map(([k, v]) => [k.toLowerCase(), expand(v)]));
}

/** Builds the request for a health check, an http dependency or a path step. */
export function buildHttpRequest(
  opts: HttpRequestOptions,
  ctx: Pick<CheckContext, 'resolveUrl' | 'headers' | 'signal'>,
  expand: (s: string) => string = (s) => s,
): HttpRequest {
  const target = expand(opts.url ?? opts.endpoint ?? '/');
  const url = ctx.resolveUrl(target);
  const headers = configHeadersFor(url, ctx, expand);
  for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = expand(v);
  let body: string | undefined;
  if (opts.payload !== undefined) {
    body = JSON.stringify(expandDeep(opts.payload, expand));
    headers['content-type'] ??= 'application/json';
  } else if (opts.form) {
    body = new URLSearchParams(Object.entries(opts.form).map(([k, v]) => [k, expand(v)])).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (opts.body !== undefined) {
    body = expand(opts.body);
  }
  headers['user-agent'] ??= 'smokeguard';
  headers['accept'] ??= 'application/json, */*;q=0.5';
  return {
    method: opts.method ?? 'GET',
    url,
    headers,
    body,
    signal: ctx.signal,
    insecure: opts.insecure_tls,
    caFile: opts.ca_file,
  };
}

/** The status a response must have: expected_status, the seed's required_status, else any 2xx. */
export function expectedStatusOf(opts: Pick<HttpRequestOptions, 'expected_status' | 'required_status'>): StatusExpectation {
  return opts.expected_status ?? opts.required_status ?? DEFAULT_EXPECTED_STATUS;
}

export function excerpt(body: string): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  return text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text;
}

/** The excerpt of a response for the report; a body that could not be decoded says why. */
export function responseExcerpt(res: Pick<HttpResponse, 'body' | 'bodyProblem'>): string | undefined {
  return excerpt(res.body) ?? (res.bodyProblem ? `(${res.bodyProblem})` : undefined);
}

/** A URL for display: without query-string secrets or userinfo (the redactor still runs after). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}
