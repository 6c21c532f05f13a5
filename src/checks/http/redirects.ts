import { headerValue, type HttpClient, type HttpRequest, type HttpResponse } from '../../util/http.js';

/** Hops followed at most, as browsers and the kubelet's HTTP probes do (they stop at 10; a health check needs fewer). */
export const MAX_REDIRECTS = 5;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

export interface FollowedResponse {
  res: HttpResponse;
  /** The URLs redirected to, in order (empty when the first answer was final). */
  hops: string[];
  /** The last answer was a redirect too, not followed because MAX_REDIRECTS hops were taken. */
  limitReached?: boolean;
}

/** "redirect limit (5) reached: /loop → /loop → … (last answer 302)": the chain, first URL included. */
export function describeRedirectLimit(first: string, followed: FollowedResponse, show: (url: string) => string = (u) => u): string {
  const chain = [first, ...followed.hops].map(show).join(' → ');
  return `redirect limit (${followed.hops.length}) reached: ${chain} (last answer ${followed.res.status})`;
}

/**
 * Sends `req`, following redirects the way the kubelet's HTTP probes and browsers do: 303 (and
 * 301/302 after a POST) become GET without a body; 307/308 repeat the request. Credentials are
 * not carried to another origin. After MAX_REDIRECTS the last redirect is returned as the answer.
 */
export async function requestFollowingRedirects(
  http: HttpClient,
  req: HttpRequest,
  hooks: {
    /** Adjusts each request before it goes (a path adds its cookies for that URL). */
    before?(req: HttpRequest): HttpRequest;
    /** Sees every answer, redirects included (a path stores their Set-Cookie). */
    after?(res: HttpResponse, url: string): void | Promise<void>;
    /** 0 sends the request once and returns its answer, redirect or not. */
    maxRedirects?: number;
  } = {},
): Promise<FollowedResponse> {
  const hops: string[] = [];
  const max = hooks.maxRedirects ?? MAX_REDIRECTS;
  let current = req;
  for (;;) {
    if (hooks.before) current = hooks.before(current);
    const res = await http.request(current);
    await hooks.after?.(res, current.url);
    const location = headerValue(res.headers, 'location');
    if (!REDIRECT.has(res.status) || !location) return { res, hops };
    if (hops.length >= max) return { res, hops, limitReached: max > 0 };
    const next = new URL(location, current.url);
    const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === 'POST');
    const headers = { ...current.headers };
    if (next.origin !== new URL(current.url).origin) {
      delete headers.authorization;
      delete headers.cookie;
    }
    if (toGet) {
      delete headers['content-type'];
      delete headers['content-length'];
    }
    hops.push(next.toString());
    current = { ...current, url: next.toString(), method: toGet ? 'GET' : current.method, headers, body: toGet ? undefined : current.body };
  }
}
