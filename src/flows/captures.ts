import type { CookieJar } from './cookie-jar.js';
import { queryJson } from '../assertions/jsonpath.js';
import { headerValue, parseJsonBody, type HttpResponse } from '../util/http.js';
import type { CaptureSpec } from './schema.js';

export type CaptureResult = { ok: true; value: string } | { ok: false; reason: string };

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Takes one value out of a response. A capture that finds nothing is a failure with a reason, never undefined. */
export async function capture(spec: CaptureSpec, res: HttpResponse, jar: CookieJar | undefined, url: string): Promise<CaptureResult> {
  if (typeof spec === 'string' || 'json' in spec) {
    const path = typeof spec === 'string' ? spec : spec.json;
    const doc = parseJsonBody(res);
    if (doc === undefined) return { ok: false, reason: `${path}: the response body is not JSON` };
    const found = await queryJson(doc, path);
    if (!found.found || found.value === null || found.value === undefined) return { ok: false, reason: `${path} not found in the response body` };
    return { ok: true, value: stringify(found.value) };
  }
  if ('header' in spec) {
    const value = headerValue(res.headers, spec.header);
    return value === undefined ? { ok: false, reason: `header ${spec.header} not in the response` } : { ok: true, value };
  }
  if ('cookie' in spec) {
    const cookie = jar?.getCookies(url).find((c) => c.name === spec.cookie);
    return cookie ? { ok: true, value: cookie.value } : { ok: false, reason: `cookie ${spec.cookie} was not set` };
  }
  const match = new RegExp(spec.regex).exec(res.body);
  if (!match) return { ok: false, reason: `/${spec.regex}/ did not match the response body` };
  return { ok: true, value: match[1] ?? match[0] };
}

/** Capture names whose values are secrets (tokens, sessions): registered with the redactor. */
export function isSecretCapture(name: string, spec: CaptureSpec): boolean {
  return (typeof spec === 'object' && 'cookie' in spec) || /token|session|auth|secret|key|jwt|cookie|sid|password|credential/i.test(name);
}
