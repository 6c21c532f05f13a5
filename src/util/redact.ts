/**
 * Secrets never leak: every output (console, reports, notifications, logs) goes through a
 * Redactor. It combines two rules:
 *  - by key: values under keys that name a secret (password, token, authorization, cookie…);
 *  - by value: any string registered as a secret (env values used in secret-looking places,
 *    captured tokens, connection-string passwords) is replaced wherever it appears, even inside
 *    a response body that echoes it.
 * Plus text patterns that are secret whatever their key: URL userinfo passwords, bearer tokens,
 * `password=` pairs in DSNs and query strings.
 */

export const REDACTED = '***';

/** Keys whose values are secrets, in headers, payloads and config alike. */
export const SECRET_KEY = /(^|[-_.])(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|authorization|cookie|credentials?|private[-_]?key|access[-_]?key|routing[-_]?key|integration[-_]?key|signing[-_]?key|secret[-_]?key|session[-_]?id|jwt)$/i;
/** camelCase keys: accessToken, clientSecret, dbPassword, apiKey. */
const SECRET_KEY_CAMEL = /[a-z0-9](Password|Passwd|Token|Secret|ApiKey|Credentials?)$/;

/**
 * A secret in the config shorter than this is refused at load (see src/config/secrets.ts):
 * "ab" cannot be hidden without masking ordinary text, and silently not hiding it would leak it.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Secrets shorter than this are replaced only where they stand as a token of their own, not
 * inside a longer word or name: the seed's password "test" is hidden in `"password":"test"`
 * and `test@example.com`, while "Smoke tests" and `/tmp/smokeguard-test-1` stay readable.
 */
const WHOLE_TOKEN_BELOW = 8;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s/@]+)@/gi;
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{4,}/g;
/** `"password": "…"` inside JSON text (a response body excerpt that echoes a request). */
const JSON_SECRET_FIELD = /"((?:[\w-]*[-_])?(?:password|passwd|secret|token|access_token|refresh_token|id_token|api[-_]?key|apikey|authorization|cookie|set-cookie|client_secret|private_key|credentials?))"(\s*:\s*)"((?:[^"\\]|\\.)*)"/gi;
const KV_PASSWORD = /\b(password|passwd|pwd|secret|token|access_token|api_key|apikey|client_secret)=([^\s&;'"]+)/gi;

/**
 * A URL as given, for an error about it, without whatever stands before an "@" (a password, a
 * token): "http://***@host:99999", also when the URL does not parse or has no scheme.
 */
export function withoutUserinfo(url: string): string {
  return url.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?)[^/@\s]*@/i, '$1***@');
}

export class Redactor {
  private readonly secrets = new Set<string>();
  private ordered: Array<string | RegExp> | undefined;

  /** Registers a value that must never be printed, whatever its length. Returns it, for chaining inside expressions. */
  addSecret(value: string | undefined | null): string | undefined | null {
    if (typeof value === 'string' && value.length > 0 && !this.secrets.has(value)) {
      this.secrets.add(value);
      // Percent-encoded forms show up in URLs and form bodies.
      const encoded = encodeURIComponent(value);
      if (encoded !== value) this.secrets.add(encoded);
      this.ordered = undefined;
    }
    return value;
  }

  /** Registers the password of a connection URL, if any. */
  addUrlCredentials(url: string | undefined): void {
    if (!url) return;
    try {
      const parsed = new URL(url);
      if (parsed.password) this.addSecret(decodeURIComponent(parsed.password));
    } catch {
      /* not a URL: nothing to register */
    }
  }

  text(input: string): string {
    let out = input;
    if (this.secrets.size) {
      // Longest first, so a secret that contains another is replaced whole.
      this.ordered ??= [...this.secrets].sort((a, b) => b.length - a.length)
        .map((secret) => (secret.length < WHOLE_TOKEN_BELOW ? new RegExp(`(?<![\\w./-])${escapeRegExp(secret)}(?![\\w./-])`, 'g') : secret));
      for (const secret of this.ordered) out = typeof secret === 'string' ? out.split(secret).join(REDACTED) : out.replace(secret, REDACTED);
    }
    return out
      .replace(URL_USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`)
      .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
      .replace(JSON_SECRET_FIELD, (_m, key: string, colon: string) => `"${key}"${colon}"${REDACTED}"`)
      .replace(KV_PASSWORD, (_m, key: string) => `${key}=${REDACTED}`);
  }

  /** Deep copy with secrets redacted by key and by value. Safe on cycles. */
  value<T>(input: T): T {
    return this.walk(input, new WeakMap()) as T;
  }

  private walk(input: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof input === 'string') return this.text(input);
    if (input === null || typeof input !== 'object') return input;
    if (seen.has(input)) return seen.get(input);
    if (Array.isArray(input)) {
      const out: unknown[] = [];
      seen.set(input, out);
      for (const item of input) out.push(this.walk(item, seen));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(input, out);
    for (const [key, val] of Object.entries(input as Record<string, unknown>)) {
      out[key] = isSecretKey(key) && val !== null && val !== undefined && typeof val !== 'boolean' ? REDACTED : this.walk(val, seen);
    }
    return out;
  }
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || SECRET_KEY_CAMEL.test(key);
}
